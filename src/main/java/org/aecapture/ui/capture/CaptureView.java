package org.aecapture.ui.capture;

import org.aecapture.domain.AuditEntry;
import java.text.MessageFormat;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.DataQuery;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Role;
import org.aecapture.domain.StudyDay;
import org.aecapture.domain.Subject;
import org.aecapture.service.AdverseEventService;
import org.aecapture.service.AeCapture;
import org.aecapture.ui.AuditHistoryTable;
import org.aecapture.ui.Background;
import org.aecapture.ui.GradeCell;
import org.aecapture.ui.ReasonDialog;

/**
 * The investigator's screen: pick a subject, see its AEs, record, correct and delete them. Never
 * shows the treatment arm (it does not even read it). All database work runs in background tasks.
 */
public final class CaptureView {

    private final ResourceBundle text;
    private final AeCapture app;
    private final AdverseEventService aes;
    private final BorderPane root = new BorderPane();
    private final SuggestField<Subject> subjectPicker;
    private final Label subjectHeader = new Label();
    private final TableView<AdverseEvent> table = new TableView<>();
    private final CheckBox showDeleted = new CheckBox();
    private final Button newButton = new Button();
    private final Button editButton = new Button();
    private final Button deleteButton = new Button();
    private final Button historyButton = new Button();
    private final Button signButton = new Button();
    private final Label signature = new Label();
    private final Label status = new Label();
    private final AeFormModel model;
    private final AeForm form;
    private final Button save = new Button();
    private final Button cancel = new Button();
    private final Label saveError = new Label();
    private final VBox listPane;
    private final VBox formPane;
    private List<Subject> subjects = List.of();
    private Subject subject;
    private final ObservableBooleanValue databaseLocked;
    /** How many queries wait on someone, by AE of the subject shown: the list's column. */
    private Map<Long, Integer> openQueries = Map.of();
    /** The query whose answer the correction in the form is (null: an ordinary correction). */
    private DataQuery answering;
    /** Above the form: the query being answered, or the open queries on the AE. */
    private final Label queryBanner = new Label();

    /** {@code databaseLocked}: while true, no AE can be added, edited, deleted or signed (the services refuse it anyway). */
    public CaptureView(ResourceBundle text, AeCapture app, ObservableBooleanValue databaseLocked) {
        this.databaseLocked = databaseLocked;
        this.text = text;
        this.app = app;
        this.aes = app.adverseEvents();
        subjectPicker = new SuggestField<>("subjectSearch", this::matchingSubjects,
                s -> MessageFormat.format(text.getString("capture.subject.suggestion"), s.subjectNumber(), s.site(), statusText(s)),
                Subject::subjectNumber, 1);
        model = new AeFormModel(text, app.catalog(), app.study(), app.clock());
        form = new AeForm(text, model, app.study());
        listPane = buildList();
        formPane = buildForm();
        Label pickLabel = new Label(text.getString("capture.subject"));
        pickLabel.setMnemonicParsing(true);
        pickLabel.setLabelFor(subjectPicker.field());
        subjectPicker.setPrompt(text.getString("capture.subject.prompt"));
        subjectPicker.setMaxWidth(320);
        subjectHeader.setId("subjectHeader");
        subjectHeader.getStyleClass().add("subject-header");
        HBox top = new HBox(12, pickLabel, subjectPicker, subjectHeader);
        top.getStyleClass().add("capture-top");
        top.setPadding(new Insets(12, 16, 8, 16));
        root.setTop(top);
        root.setCenter(listPane);
        root.getStyleClass().add("capture-screen");
        subjectPicker.chosenProperty().addListener((o, was, is) -> {
            if (is != null) {
                openSubject(is);
            }
        });
        installKeys();
        refreshButtons();
    }

    public Node root() {
        return root;
    }

    /** Loads the study's subjects for the picker (not their arms: this screen never reads them). */
    public void refresh() {
        run(() -> app.subjects().all(), list -> {
            subjects = list;
            if (subject == null && root.getCenter() == listPane) {
                subjectPicker.field().requestFocus(); // the first thing to do here: say which subject
            }
            if (subject != null) {
                list.stream().filter(s -> s.subjectNumber().equals(subject.subjectNumber())).findFirst().ifPresent(this::openSubject);
            }
        });
    }

    private List<Subject> matchingSubjects(String query) {
        String q = query.trim().toLowerCase(Locale.ROOT);
        return subjects.stream().filter(s -> s.subjectNumber().toLowerCase(Locale.ROOT).contains(q)).limit(12).toList();
    }

    private VBox buildList() {
        table.setId("aeTable");
        table.setPlaceholder(new Label(text.getString("capture.table.noSubject")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(column("capture.col.verbatim", AdverseEvent::verbatimTerm, 170));
        table.getColumns().add(column("capture.col.term", ae -> ae.ctcaeTerm() + (ae.otherSpecify() == null ? "" : ": " + ae.otherSpecify()), 190));
        TableColumn<AdverseEvent, Integer> grade = new TableColumn<>(text.getString("capture.col.grade"));
        grade.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().grade()));
        grade.setCellFactory(c -> new GradeCell<>());
        grade.setPrefWidth(55);
        table.getColumns().add(grade);
        table.getColumns().add(column("capture.col.onset", ae -> dateWithDay(ae.onsetDate()), 175));
        table.getColumns().add(column("capture.col.end", ae -> ae.ongoing() ? text.getString("capture.ongoing") : dateWithDay(ae.endDate()), 175));
        table.getColumns().add(column("capture.col.serious", ae -> yesNo(ae.serious()), 70));
        table.getColumns().add(column("capture.col.related", ae -> yesNo(ae.isRelated()), 70));
        table.getColumns().add(column("capture.col.outcome", ae -> text.getString("Outcome." + ae.outcome().name()), 170));
        table.getColumns().add(column("capture.col.teae", ae -> yesNo(aes.isTreatmentEmergent(ae, subject)), 60));
        table.getColumns().add(column("capture.col.queries", ae -> {
            Integer n = openQueries.get(ae.id());
            return n == null ? "" : String.valueOf(n);
        }, 70));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AdverseEvent ae, boolean empty) {
                super.updateItem(ae, empty);
                getStyleClass().remove("deleted-row");
                if (!empty && ae != null && ae.deleted()) {
                    getStyleClass().add("deleted-row");
                }
            }
        });
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                editSelected();
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> refreshButtons());
        databaseLocked.addListener((o, was, is) -> refreshButtons());
        VBox.setVgrow(table, Priority.ALWAYS);

        button(newButton, "newAe", "capture.new", e -> newAe());
        button(editButton, "editAe", "capture.edit", e -> editSelected());
        button(deleteButton, "deleteAe", "capture.delete", e -> deleteSelected());
        button(historyButton, "historyAe", "capture.history", e -> showHistory());
        showDeleted.setText(text.getString("capture.showDeleted"));
        showDeleted.setId("showDeleted");
        showDeleted.setMnemonicParsing(true);
        showDeleted.selectedProperty().addListener((o, was, is) -> reloadAes());
        status.setId("captureStatus");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        button(signButton, "signAes", "capture.sign", e -> sign());
        // only an investigator signs: the button is not offered to anyone else (the service refuses them anyway)
        boolean investigator = app.signedIn().map(a -> a.role() == Role.INVESTIGATOR).orElse(false);
        signButton.setVisible(investigator);
        signButton.managedProperty().bind(signButton.visibleProperty());
        signature.setId("signatureState");
        signature.getStyleClass().add("signature-state");
        HBox actions = new HBox(8, newButton, editButton, deleteButton, historyButton, signButton, signature, spacer, showDeleted);
        actions.getStyleClass().add("capture-actions");
        VBox box = new VBox(8, actions, table, status);
        box.setPadding(new Insets(0, 16, 12, 16));
        return box;
    }

    private VBox buildForm() {
        button(save, "saveAe", "capture.save", e -> saveForm());
        save.setDefaultButton(false);
        save.disableProperty().bind(model.validProperty().not());
        button(cancel, "cancelAe", "capture.cancel", e -> cancelForm());
        saveError.setId("saveError");
        saveError.setWrapText(true);
        saveError.getStyleClass().add("error-message");
        HBox buttons = new HBox(8, save, cancel, saveError);
        buttons.getStyleClass().add("form-buttons");
        buttons.setPadding(new Insets(0, 16, 12, 16));
        ScrollPane scroll = new ScrollPane(form);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        queryBanner.setId("queryBanner");
        queryBanner.setWrapText(true);
        queryBanner.getStyleClass().add("query-banner");
        queryBanner.managedProperty().bind(queryBanner.visibleProperty());
        queryBanner.setVisible(false);
        return new VBox(queryBanner, scroll, buttons);
    }


    private void button(Button b, String id, String key, javafx.event.EventHandler<javafx.event.ActionEvent> action) {
        b.setId(id);
        b.setText(text.getString(key));
        b.setMnemonicParsing(true);
        b.setOnAction(action);
    }

    private TableColumn<AdverseEvent, String> column(String key, java.util.function.Function<AdverseEvent, String> value, double width) {
        TableColumn<AdverseEvent, String> c = new TableColumn<>(text.getString(key));
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** Ctrl+N new, Ctrl+S save, Esc cancel (asking before typed data are thrown away). */
    private void installKeys() {
        KeyCombination newKey = new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN);
        KeyCombination saveKey = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN);
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (newKey.match(e)) {
                newAe();
                e.consume();
            } else if (saveKey.match(e) && root.getCenter() == formPane) {
                saveForm();
                e.consume();
            }
        });
        // a handler, not a filter: a suggestion list that is open takes Esc first
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && root.getCenter() == formPane) {
                cancelForm();
                e.consume();
            }
        });
    }

    private void openSubject(Subject s) {
        subject = s;
        subjectHeader.setText(header(s));
        table.setPlaceholder(new Label(text.getString("capture.table.empty")));
        reloadAes();
    }

    private String header(Subject s) {
        String day1 = s.firstDoseDate() == null ? text.getString("capture.notDosed") : PartialDate.of(s.firstDoseDate()).toCrf();
        String studyDay = s.firstDoseDate() == null ? "\u2014" : String.valueOf(StudyDay.of(app.today(), s.firstDoseDate()));
        return MessageFormat.format(text.getString("capture.header"), s.subjectNumber(), s.site(), day1, studyDay, statusText(s));
    }

    private String statusText(Subject s) {
        return text.getString("SubjectStatus." + s.status().name());
    }

    private void reloadAes() {
        if (subject == null) {
            return;
        }
        String number = subject.subjectNumber();
        boolean deleted = showDeleted.isSelected();
        run(() -> Map.entry(aes.forSubject(number, deleted), app.queries().outstandingByAdverseEvent()), loaded -> {
            openQueries = loaded.getValue();
            table.setItems(FXCollections.observableArrayList(loaded.getKey()));
            refreshButtons();
        });
        showSignature(number);
    }

    /** Whether the subject's AE data are signed, and still as signed: a later change shows the signature as invalid. */
    private void showSignature(String number) {
        run(() -> app.signatures().status(number), st -> {
            signature.getStyleClass().removeAll("signed", "signature-invalid");
            switch (st.state()) {
                case NOT_SIGNED -> signature.setText(text.getString("sign.state.none"));
                case SIGNED -> {
                    signature.setText(MessageFormat.format(text.getString("sign.state.signed"), st.latest().orElseThrow().signedBy(),
                            AuditHistoryTable.utc(st.latest().orElseThrow().signedAt())));
                    signature.getStyleClass().add("signed");
                }
                case CHANGED_SINCE_SIGNED -> {
                    signature.setText(MessageFormat.format(text.getString("sign.state.invalid"), st.latest().orElseThrow().signedBy()));
                    signature.getStyleClass().add("signature-invalid");
                }
            }
        });
    }

    private void sign() {
        if (subject == null) {
            return;
        }
        String number = subject.subjectNumber();
        SignatureDialog.ask(window(), text, number).ifPresent(password ->
                runOrShow(() -> app.signatures().sign(number, password), signed -> showSignature(number), status::setText));
    }

    private void refreshButtons() {
        AdverseEvent selected = table.getSelectionModel().getSelectedItem();
        boolean locked = databaseLocked.get();
        newButton.setDisable(subject == null || locked);
        editButton.setDisable(selected == null || selected.deleted() || locked);
        deleteButton.setDisable(selected == null || selected.deleted() || locked);
        historyButton.setDisable(selected == null);
        signButton.setDisable(subject == null || locked);
    }

    void newAe() {
        if (subject == null || root.getCenter() == formPane || databaseLocked.get()) {
            return;
        }
        form.load(subject, null, null);
        showForm();
    }

    private void editSelected() {
        AdverseEvent selected = table.getSelectionModel().getSelectedItem();
        if (selected == null || selected.deleted() || databaseLocked.get()) {
            return;
        }
        if (selected.serious()) { // its SAE details come with it, read off the FX thread
            Subject s = subject;
            runOrShow(() -> app.sae().details(selected.id()).orElse(null), details -> {
                form.load(s, selected, details);
                showForm();
            }, status::setText);
            return;
        }
        form.load(subject, selected, null);
        showForm();
    }

    /**
     * Opens an AE of a subject in the form as the answer to a query (from the Queries screen): Save then asks for the
     * answer, and saves the correction and the answer together.
     */
    public void editForQuery(String subjectNumber, long aeId, DataQuery query) {
        record ToAnswer(Subject subject, AdverseEvent ae, org.aecapture.sae.SaeDetails details) { }
        runOrShow(() -> {
            Subject s = app.subjects().byNumber(subjectNumber).orElseThrow(() -> new IllegalArgumentException("no subject " + subjectNumber));
            AdverseEvent ae = aes.byId(aeId).orElseThrow(() -> new IllegalArgumentException("no adverse event " + aeId));
            return new ToAnswer(s, ae, ae.serious() ? app.sae().details(aeId).orElse(null) : null);
        }, loaded -> {
            if (root.getCenter() == formPane) {
                saveError.setText(text.getString("capture.finishFirst")); // the AE being entered is not thrown away for the query's
                return;
            }
            subjectPicker.choose(loaded.subject()); // opens it, unless it is the subject shown already
            form.load(loaded.subject(), loaded.ae(), loaded.details());
            answering = query;
            showForm();
        }, status::setText);
    }

    /** The query being answered, or the AE's outstanding queries, above the form; their fields marked on it. */
    private void showQueries() {
        AdverseEvent ae = model.loaded();
        queryBanner.setVisible(false);
        form.markQueried(java.util.Set.of());
        if (ae == null) {
            return;
        }
        DataQuery asked = answering;
        runOrShow(() -> app.queries().forRecord(DataQuery.Target.ADVERSE_EVENT, ae.id()), qs -> {
            List<DataQuery> outstanding = qs.stream().filter(q -> q.state().isOutstanding()).toList();
            form.markQueried(outstanding.stream().map(DataQuery::field).filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toSet()));
            if (asked != null) {
                queryBanner.setText(MessageFormat.format(text.getString("capture.answering"), asked.id(), asked.text()));
            } else if (!outstanding.isEmpty()) {
                queryBanner.setText(MessageFormat.format(text.getString("capture.queries"), outstanding.stream()
                        .map(q -> "#" + q.id() + (q.field() == null ? "" : " (" + org.aecapture.ui.FieldLabels.of(text, q.field()) + ")") + " " + q.text())
                        .collect(java.util.stream.Collectors.joining("; "))));
            }
            queryBanner.setVisible(asked != null || !outstanding.isEmpty());
        }, status::setText);
    }

    private void showForm() {
        // the study's coding history as it stands now, read off the FX thread; suggestions use it once it is in
        Background.run("coding-history", () -> app.adverseEvents().codingHistory(), model::setCodingHistory, text, problem -> { });
        saveError.setText("");
        root.setCenter(formPane);
        // the form sits in a scroll pane, whose content joins the scene only with its skin: build it now
        root.applyCss();
        root.layout();
        // focus first: disabling the focused subject field would otherwise send the focus to the next control
        form.verbatim.requestFocus();
        subjectPicker.setDisable(true); // one subject at a time while an AE is being entered
        form.revalidate(); // decorations need the form in the scene
        showQueries();
    }

    private void showList() {
        answering = null;
        subjectPicker.setDisable(false);
        root.setCenter(listPane);
        table.requestFocus();
    }

    private void saveForm() {
        if (!model.validProperty().get()) {
            return;
        }
        AdverseEvent draft = model.draft();
        Callable<AdverseEvent> work;
        if (model.isEditing() && answering != null) {
            DataQuery query = answering;
            Optional<String> answer = ReasonDialog.ask(window(), text, "reason.change.title",
                    MessageFormat.format(text.getString("reason.answer.header"), query.id()));
            if (answer.isEmpty()) {
                return; // not saved: the form keeps what was typed
            }
            org.aecapture.sae.SaeDetails saeDetails = model.saeDetails();
            work = () -> app.queries().answerWithCorrection(query.id(), answer.get(), draft, saeDetails);
        } else if (model.isEditing()) {
            Optional<String> reason = ReasonDialog.ask(window(), text, "reason.change.title",
                    MessageFormat.format(text.getString("reason.change.header"), draft.verbatimTerm()));
            if (reason.isEmpty()) {
                return; // not saved: a correction needs its reason; the form keeps what was typed
            }
            org.aecapture.sae.SaeDetails saeDetails = model.saeDetails();
            work = () -> saeDetails == null ? aes.correct(draft, reason.get()) : aes.correct(draft, saeDetails, reason.get());
        } else {
            org.aecapture.sae.SaeDetails saeDetails = model.saeDetails();
            work = () -> saeDetails == null ? aes.record(draft) : aes.record(draft, saeDetails);
        }
        save.disableProperty().unbind();
        save.setDisable(true);
        saveError.setText(text.getString("capture.saving"));
        // another user's save may hold the database: say that this one waits, rather than seeming stuck
        javafx.animation.PauseTransition slow = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(1));
        slow.setOnFinished(e -> saveError.setText(text.getString("capture.waiting")));
        slow.play();
        runOrShow(work, saved -> {
            slow.stop();
            saveError.setText("");
            save.disableProperty().bind(model.validProperty().not());
            status.setText(MessageFormat.format(text.getString("capture.saved"), saved.verbatimTerm()));
            showList();
            reloadAes();
        }, error -> {
            slow.stop();
            // keep everything typed: the user can fix the cause and save again
            save.disableProperty().bind(model.validProperty().not());
            saveError.setText(MessageFormat.format(text.getString("capture.saveFailed"), error));
        });
    }

    private void cancelForm() {
        if (model.isDirty()) {
            Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, text.getString("capture.discard.text"),
                    new ButtonType(text.getString("capture.discard.yes"), ButtonBar.ButtonData.OK_DONE),
                    new ButtonType(text.getString("capture.discard.no"), ButtonBar.ButtonData.CANCEL_CLOSE));
            confirm.initOwner(window());
            confirm.setHeaderText(text.getString("capture.discard.header"));
            Optional<ButtonType> answer = confirm.showAndWait();
            if (answer.isEmpty() || answer.get().getButtonData() != ButtonBar.ButtonData.OK_DONE) {
                return;
            }
        }
        showList();
    }

    private void deleteSelected() {
        AdverseEvent selected = table.getSelectionModel().getSelectedItem();
        if (selected == null || selected.deleted()) {
            return;
        }
        Optional<String> reason = ReasonDialog.ask(window(), text, "reason.delete.title",
                MessageFormat.format(text.getString("reason.delete.header"), selected.verbatimTerm()));
        if (reason.isEmpty()) {
            return;
        }
        runOrShow(() -> aes.delete(selected, reason.get()), deleted -> {
            status.setText(MessageFormat.format(text.getString("capture.deleted"), deleted.verbatimTerm()));
            reloadAes();
        }, error -> status.setText(MessageFormat.format(text.getString("capture.saveFailed"), error)));
    }

    private void showHistory() {
        AdverseEvent selected = table.getSelectionModel().getSelectedItem();
        if (selected == null) {
            return;
        }
        run(() -> aes.history(selected.id()), entries -> {
            TableView<AuditEntry> history = AuditHistoryTable.of(text, entries);
            history.setPrefSize(980, 420);
            Dialog<Void> dialog = new Dialog<>();
            dialog.initOwner(window());
            dialog.setTitle(MessageFormat.format(text.getString("history.title"), selected.verbatimTerm(), selected.subjectNumber()));
            dialog.getDialogPane().setContent(history);
            dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
            dialog.setResizable(true);
            dialog.show();
        });
    }

    private String dateWithDay(PartialDate date) {
        if (date == null) {
            return text.getString("capture.unknownDate");
        }
        return date.toLocalDate().filter(d -> subject.firstDoseDate() != null)
                .map(d -> MessageFormat.format(text.getString("capture.dateWithDay"), date.toCrf(), StudyDay.of(d, subject.firstDoseDate())))
                .orElse(date.toCrf());
    }

    private String yesNo(boolean b) {
        return text.getString(b ? "capture.yes" : "capture.no");
    }

    private javafx.stage.Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private <T> void run(Callable<T> work, Consumer<T> then) {
        runOrShow(work, then, error -> status.setText(error));
    }

    /** Runs database work off the FX thread; the outcome comes back on it. */
    private <T> void runOrShow(Callable<T> work, Consumer<T> then, Consumer<String> failed) {
        Background.run("capture", work, then, failed);
    }

    AeForm form() {
        return form;
    }
}
