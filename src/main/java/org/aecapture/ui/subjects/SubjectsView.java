package org.aecapture.ui.subjects;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.aecapture.domain.EligibilityChecklist;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.StudyDay;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectRules;
import org.aecapture.service.AeCapture;
import org.aecapture.service.SubjectService.SubjectSummary;
import org.aecapture.ui.Background;
import org.aecapture.ui.ReasonDialog;

/**
 * The study's subjects: a sortable, searchable list (never the treatment arm), enrolment through the
 * eligibility checklist, and the selected subject's Day 1 and visits below the list.
 */
public final class SubjectsView {

    private final ResourceBundle text;
    private final AeCapture app;
    private final VBox root = new VBox();
    private final TextField search = new TextField();
    private final Button add = new Button();
    private final Button edit = new Button();
    private final TableView<SubjectSummary> table = new TableView<>();
    private final ObservableList<SubjectSummary> rows = FXCollections.observableArrayList();
    private final FilteredList<SubjectSummary> filtered = new FilteredList<>(rows);
    private final Label status = new Label();
    private final VisitsPane visits;

    /** {@code databaseLocked}: while true, no subject can be enrolled or changed, no visit recorded. */
    public SubjectsView(ResourceBundle text, AeCapture app, ObservableBooleanValue databaseLocked) {
        this.text = text;
        this.app = app;
        visits = new VisitsPane(text, app, this::refresh, databaseLocked);

        Label searchLabel = new Label(text.getString("subjects.search"));
        searchLabel.setMnemonicParsing(true);
        searchLabel.setLabelFor(search);
        search.setId("subjectFilter");
        search.setPromptText(text.getString("subjects.search.prompt"));
        search.setPrefColumnCount(22);
        search.textProperty().addListener((o, was, is) -> applyFilter());
        button(add, "addSubject", "subjects.add");
        add.setOnAction(e -> enrol());
        button(edit, "editSubject", "subjects.edit");
        edit.setOnAction(e -> editSelected());
        edit.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull().or(databaseLocked));
        add.disableProperty().bind(Bindings.createBooleanBinding(databaseLocked::get, databaseLocked));
        status.setId("subjectsStatus");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, searchLabel, search, spacer, add, edit);
        top.getStyleClass().add("capture-top");
        top.setPadding(new Insets(12, 16, 8, 16));

        table.setId("subjectTable");
        table.setPlaceholder(new Label(text.getString("subjects.none")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(this.<String>column("subjects.col.number", r -> r.subject().subjectNumber(), Comparator.naturalOrder(), 90));
        table.getColumns().add(this.<String>column("subjects.col.site", r -> r.subject().site(), Comparator.naturalOrder(), 60));
        table.getColumns().add(this.<String>column("subjects.col.sex", r -> text.getString("Sex." + r.subject().sex().name()), Comparator.naturalOrder(), 70));
        table.getColumns().add(this.<Integer>column("subjects.col.age", this::ageAtConsent, Comparator.naturalOrder(), 60));
        table.getColumns().add(this.<LocalDate>column("subjects.col.consent", r -> r.subject().consentDate(), Comparator.naturalOrder(), 110, this::crf));
        table.getColumns().add(this.<LocalDate>column("subjects.col.day1", r -> r.subject().firstDoseDate(), Comparator.nullsLast(Comparator.naturalOrder()), 110, this::crf));
        table.getColumns().add(this.<Integer>column("subjects.col.studyDay", this::studyDayToday, Comparator.nullsLast(Comparator.naturalOrder()), 90));
        table.getColumns().add(this.<LocalDate>column("subjects.col.eos", r -> r.subject().endOfStudyDate(), Comparator.nullsLast(Comparator.naturalOrder()), 110, this::crf));
        table.getColumns().add(this.<String>column("subjects.col.status", r -> text.getString("SubjectStatus." + r.subject().status().name()),
                Comparator.naturalOrder(), 110));
        table.getColumns().add(this.<Integer>column("subjects.col.aes", SubjectSummary::adverseEvents, Comparator.naturalOrder(), 60));
        SortedList<SubjectSummary> sorted = new SortedList<>(filtered);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> visits.show(is == null ? null : is.subject()));
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                editSelected();
            }
        });
        VBox list = new VBox(6, table, status);
        VBox.setVgrow(table, Priority.ALWAYS);
        list.setPadding(new Insets(0, 16, 4, 16));

        SplitPane split = new SplitPane(list, visits.root());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.42);
        VBox.setVgrow(split, Priority.ALWAYS);
        root.getChildren().addAll(top, split);
        root.getStyleClass().add("subjects-screen");
        KeyCombination newKey = new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN);
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (newKey.match(e)) {
                enrol();
                e.consume();
            }
        });
    }

    public Node root() {
        return root;
    }

    /** How many loads were started: only the last one's rows and selection are shown. */
    private long loads;

    /** Shows one subject, found and selected, with its visits: where a query on its enrolment data or a visit is corrected. */
    public void showSubject(String subjectNumber) {
        search.setText(subjectNumber);
        reload(subjectNumber);
    }

    /** Reloads the subjects off the FX thread, keeping the selection and the search. */
    public void refresh() {
        reload(Optional.ofNullable(table.getSelectionModel().getSelectedItem()).map(r -> r.subject().subjectNumber()).orElse(null));
    }

    /** Reloads the subjects off the FX thread and selects {@code select} (a subject number, or null) again. */
    private void reload(String select) {
        long mine = ++loads;
        Background.run("subjects", () -> app.subjects().overview(), list -> {
            if (mine != loads) {
                return; // a later load is on its way (a query opened a subject while the screen's first load ran): it decides
            }
            rows.setAll(list);
            applyFilter();
            if (root.getScene() != null && (root.getScene().getFocusOwner() == null || !isInside(root.getScene().getFocusOwner()))) {
                search.requestFocus(); // the keyboard starts here: find a subject, or Ctrl+N to enrol one
            }
            table.getItems().stream().filter(r -> r.subject().subjectNumber().equals(select)).findFirst().ifPresent(r -> {
                table.getSelectionModel().select(r);
                table.scrollTo(r);
            });
        }, status::setText);
    }

    private boolean isInside(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == root) {
                return true;
            }
        }
        return false;
    }

    private void applyFilter() {
        String q = search.getText() == null ? "" : search.getText().strip().toLowerCase(Locale.ROOT);
        filtered.setPredicate(r -> q.isEmpty() || searchText(r).contains(q));
        table.setPlaceholder(new Label(text.getString(rows.isEmpty() ? "subjects.none" : "subjects.noMatch")));
        status.setText(filtered.size() == rows.size() ? MessageFormat.format(text.getString("subjects.count"), rows.size())
                : MessageFormat.format(text.getString("subjects.countFiltered"), filtered.size(), rows.size()));
    }

    private String searchText(SubjectSummary r) {
        Subject s = r.subject();
        return (s.subjectNumber() + " " + s.site() + " " + text.getString("SubjectStatus." + s.status().name())).toLowerCase(Locale.ROOT);
    }

    private void enrol() {
        EligibilityChecklist blank = app.subjects().checklist(Optional.empty());
        new EnrolmentDialog(root.getScene().getWindow(), text, rules(), app.today(), null, blank)
                .show((subject, checklist) -> Optional.of(() -> app.subjects().enrol(subject, checklist)))
                .ifPresent(saved -> selectWhenLoaded(saved.subjectNumber()));
    }

    private void editSelected() {
        SubjectSummary row = table.getSelectionModel().getSelectedItem();
        if (row == null || edit.isDisabled()) {
            return;
        }
        Background.run("eligibility", () -> app.subjects().checklist(app.subjects().eligibility(row.subject().subjectNumber())), answers ->
                new EnrolmentDialog(root.getScene().getWindow(), text, rules(), app.today(), row.subject(), answers)
                        .show((subject, checklist) -> ReasonDialog.ask(root.getScene().getWindow(), text, "reason.change.title",
                                MessageFormat.format(text.getString("subjects.reason"), subject.subjectNumber()))
                                .map(reason -> () -> app.subjects().correct(subject, checklist, reason)))
                        .ifPresent(saved -> selectWhenLoaded(saved.subjectNumber())), status::setText);
    }

    /** Reloads the list and selects a subject just saved, with the search cleared so that it shows. */
    private void selectWhenLoaded(String number) {
        search.clear();
        reload(number);
    }

    private SubjectRules rules() {
        return app.study().subjectRules();
    }

    private Integer ageAtConsent(SubjectSummary r) {
        return SubjectRules.possibleAges(r.subject().birthDate(), r.subject().consentDate())[1];
    }

    private Integer studyDayToday(SubjectSummary r) {
        Subject s = r.subject();
        if (s.firstDoseDate() == null) {
            return null;
        }
        LocalDate until = s.endOfStudyDate() != null && s.endOfStudyDate().isBefore(app.today()) ? s.endOfStudyDate() : app.today();
        return StudyDay.of(until, s.firstDoseDate());
    }

    private String crf(LocalDate date) {
        return date == null ? "" : PartialDate.of(date).toCrf();
    }

    private <T> TableColumn<SubjectSummary, T> column(String key, Function<SubjectSummary, T> value, Comparator<T> order, double width) {
        return column(key, value, order, width, v -> v == null ? "" : v.toString());
    }

    private <T> TableColumn<SubjectSummary, T> column(String key, Function<SubjectSummary, T> value, Comparator<T> order, double width,
                                                      Function<T, String> shown) {
        TableColumn<SubjectSummary, T> c = new TableColumn<>(text.getString(key));
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setComparator(order);
        c.setPrefWidth(width);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : shown.apply(item));
            }
        });
        return c;
    }

    private void button(Button b, String id, String key) {
        b.setId(id);
        b.setText(text.getString(key));
        b.setMnemonicParsing(true);
    }
}
