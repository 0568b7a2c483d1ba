package org.aecapture.ui.subjects;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.StudyDay;
import org.aecapture.domain.Subject;
import org.aecapture.domain.Visit;
import org.aecapture.service.AeCapture;
import org.aecapture.service.VisitService.VisitLine;
import org.aecapture.study.VisitDefinition;
import org.aecapture.ui.Background;
import org.aecapture.ui.Choices;
import org.aecapture.ui.DateField;
import org.aecapture.ui.ReasonDialog;

/**
 * One subject's Day 1 and visits: the schedule laid out from Day 1 with target dates and windows, the
 * dates the visits took place (flagged when outside their window), Unscheduled visits and Early
 * Termination. A change of a stored date asks for its reason.
 */
final class VisitsPane {

    private final ResourceBundle text;
    private final AeCapture app;
    private final Runnable changed;
    private final VBox root = new VBox(8);
    private final Label header = new Label();
    private final DateField day1;
    private final Button setDay1 = new Button();
    private final TableView<VisitLine> table = new TableView<>();
    private final ComboBox<VisitDefinition> visitChoice = new ComboBox<>();
    private final DateField visitDate;
    private final TextField note = new TextField();
    private final Button record = new Button();
    private final Label message = new Label();
    private Subject subject;

    VisitsPane(ResourceBundle text, AeCapture app, Runnable changed, ObservableBooleanValue databaseLocked) {
        this.text = text;
        this.app = app;
        this.changed = changed;
        day1 = new DateField(text, "day1");
        visitDate = new DateField(text, "visitDate");
        header.setId("visitsHeader");
        header.getStyleClass().add("subject-header");

        Label day1Label = label("visits.day1", day1.entry());
        button(setDay1, "setDay1", "visits.setDay1");
        setDay1.setOnAction(e -> saveDay1());
        setDay1.disableProperty().bind(Bindings.createBooleanBinding(databaseLocked::get, databaseLocked));
        day1.entry().setOnAction(e -> saveDay1());
        HBox day1Row = new HBox(8, day1Label, day1, setDay1);
        day1Row.getStyleClass().add("form-row");

        table.setId("visitTable");
        table.setPlaceholder(new Label(text.getString("visits.none")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(column("visits.col.visit", l -> l.definition().name(), 150));
        table.getColumns().add(column("visits.col.target", l -> l.window() == null ? "" : dateWithDay(l.window().target()), 165));
        table.getColumns().add(column("visits.col.window", this::windowText, 215));
        table.getColumns().add(column("visits.col.date", l -> l.visit() == null ? "" : dateWithDay(l.visit().visitDate()), 165));
        TableColumn<VisitLine, String> flag = column("visits.col.flag", l -> l.outsideWindow() ? text.getString("visits.outside") : "", 125);
        flag.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                getStyleClass().remove("outside-window");
                if (!empty && item != null && !item.isEmpty()) {
                    getStyleClass().add("outside-window");
                }
            }
        });
        table.getColumns().add(flag);
        table.getColumns().add(column("visits.col.note", l -> l.visit() == null || l.visit().note() == null ? "" : l.visit().note(), 120));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> choose(is));
        VBox.setVgrow(table, Priority.ALWAYS);

        visitChoice.setId("visitChoice");
        visitChoice.getItems().setAll(app.study().visits());
        Choices.named(visitChoice, VisitDefinition::name);
        visitChoice.setPrefWidth(190);
        visitChoice.valueProperty().addListener((o, was, is) -> {
            note.setPromptText(text.getString(is != null && is.kind() == VisitDefinition.Kind.EARLY_TERMINATION
                    ? "visits.note.termination" : "visits.note.prompt"));
            refreshRecordButton();
        });
        note.setId("visitNote");
        note.setPromptText(text.getString("visits.note.prompt"));
        HBox.setHgrow(note, Priority.ALWAYS);
        button(record, "recordVisit", "visits.record");
        record.setOnAction(e -> saveVisit());
        record.disableProperty().bind(Bindings.createBooleanBinding(databaseLocked::get, databaseLocked));
        HBox entry = new HBox(8, label("visits.visit", visitChoice), visitChoice, label("visits.date", visitDate.entry()), visitDate,
                note, record);
        entry.getStyleClass().add("form-row");

        message.setId("visitMessage");
        message.setWrapText(true);
        message.getStyleClass().add("error-message");
        root.getChildren().addAll(header, day1Row, table, entry, message);
        root.setPadding(new Insets(8, 16, 12, 16));
        root.getStyleClass().add("visits-pane");
        show(null);
    }

    Node root() {
        return root;
    }

    /** Shows a subject's Day 1 and visits, reading them off the FX thread; null shows nothing. */
    void show(Subject s) {
        subject = s;
        root.setDisable(s == null);
        message.setText("");
        if (s == null) {
            header.setText(text.getString("visits.noSubject"));
            table.getItems().clear();
            day1.set(null);
            return;
        }
        header.setText(MessageFormat.format(text.getString("visits.header"), s.subjectNumber(),
                s.firstDoseDate() == null ? text.getString("capture.notDosed") : crf(s.firstDoseDate()),
                s.endOfStudyDate() == null ? "\u2014" : crf(s.endOfStudyDate()), text.getString("SubjectStatus." + s.status().name())));
        day1.set(s.firstDoseDate() == null ? null : PartialDate.of(s.firstDoseDate()));
        day1.setDay1(s::firstDoseDate);
        visitDate.setDay1(s::firstDoseDate);
        String number = s.subjectNumber();
        Background.run("visits", () -> app.visits().visits(number), lines -> {
            if (subject != null && subject.subjectNumber().equals(number)) {
                table.setItems(FXCollections.observableArrayList(lines));
            }
        }, message::setText);
    }

    private void choose(VisitLine line) {
        if (line == null) {
            return;
        }
        visitChoice.setValue(line.definition());
        visitDate.set(line.visit() == null ? null : PartialDate.of(line.visit().visitDate()));
        note.setText(line.visit() == null || line.visit().note() == null ? "" : line.visit().note());
    }

    private void refreshRecordButton() {
        Optional<Visit> stored = storedVisitFor(visitChoice.getValue());
        record.setText(text.getString(stored.isPresent() ? "visits.correct" : "visits.record"));
    }

    /** The recorded visit the entry row would change: the selected Unscheduled one, or the only one of a scheduled visit. */
    private Optional<Visit> storedVisitFor(VisitDefinition def) {
        if (def == null) {
            return Optional.empty();
        }
        VisitLine selected = table.getSelectionModel().getSelectedItem();
        if (def.kind() == VisitDefinition.Kind.UNSCHEDULED) {
            return selected != null && selected.definition() == def ? Optional.ofNullable(selected.visit()) : Optional.empty();
        }
        return table.getItems().stream().filter(l -> l.definition().code().equals(def.code()) && l.visit() != null)
                .map(VisitLine::visit).findFirst();
    }

    private void saveDay1() {
        Optional<LocalDate> date = completeDate(day1, "visits.day1.complete");
        if (date.isEmpty() || subject == null) {
            return;
        }
        Subject s = subject;
        String reason = null;
        if (s.firstDoseDate() != null && !s.firstDoseDate().equals(date.get())) {
            reason = ReasonDialog.ask(root.getScene().getWindow(), text, "reason.change.title",
                    MessageFormat.format(text.getString("visits.day1.reason"), s.subjectNumber(), crf(s.firstDoseDate()), crf(date.get())))
                    .orElse(null);
            if (reason == null) {
                return;
            }
        }
        String why = reason;
        Background.run("day1", () -> app.visits().setDay1(s.subjectNumber(), date.get(), s.version(), why), saved -> {
            changed.run();
            show(saved);
        }, text, message::setText);
    }

    private void saveVisit() {
        VisitDefinition def = visitChoice.getValue();
        if (def == null) {
            message.setText(text.getString("visits.choose"));
            visitChoice.requestFocus();
            return;
        }
        Optional<LocalDate> date = completeDate(visitDate, "visits.date.complete");
        if (date.isEmpty() || subject == null) {
            return;
        }
        Optional<Visit> stored = storedVisitFor(def);
        String number = subject.subjectNumber();
        if (stored.isPresent()) {
            Visit was = stored.get();
            Visit edited = new Visit(was.id(), number, was.visitCode(), date.get(), note.getText(), was.version());
            Optional<String> reason = ReasonDialog.ask(root.getScene().getWindow(), text, "reason.change.title",
                    MessageFormat.format(text.getString("visits.correct.reason"), def.name(), number));
            reason.ifPresent(r -> Background.run("visit", () -> app.visits().correct(edited, r), v -> afterSave(number), text,
                    message::setText));
        } else {
            Background.run("visit", () -> app.visits().record(number, def.code(), date.get(), note.getText()), v -> afterSave(number),
                    text, message::setText);
        }
    }

    private void afterSave(String number) {
        visitDate.set(null);
        note.clear();
        changed.run();
        Background.run("subject", () -> app.subjects().byNumber(number).orElseThrow(), this::show, message::setText);
    }

    private Optional<LocalDate> completeDate(DateField field, String incompleteKey) {
        org.aecapture.ui.DateEntry v = field.valueProperty().get();
        if (!v.isValid()) {
            message.setText(v.error());
        } else if (v.date() == null || v.date().toLocalDate().isEmpty()) {
            message.setText(text.getString(incompleteKey));
        } else {
            message.setText("");
            return v.date().toLocalDate();
        }
        field.entry().requestFocus();
        return Optional.empty();
    }

    private String windowText(VisitLine l) {
        if (l.window() == null) {
            return "";
        }
        return MessageFormat.format(text.getString("visits.windowRange"), crf(l.window().from()), crf(l.window().to()));
    }

    private String dateWithDay(LocalDate date) {
        return subject == null || subject.firstDoseDate() == null ? crf(date)
                : MessageFormat.format(text.getString("visits.dateWithDay"), crf(date), StudyDay.of(date, subject.firstDoseDate()));
    }

    private static String crf(LocalDate date) {
        return PartialDate.of(date).toCrf();
    }

    private TableColumn<VisitLine, String> column(String key, Function<VisitLine, String> value, double width) {
        TableColumn<VisitLine, String> c = new TableColumn<>(text.getString(key));
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(width); // dates and the window flag are never cut; the note column takes what is left
        return c;
    }

    private Label label(String key, Node field) {
        Label l = new Label(text.getString(key));
        l.setMnemonicParsing(true);
        l.setLabelFor(field);
        return l;
    }

    private void button(Button b, String id, String key) {
        b.setId(id);
        b.setText(text.getString(key));
        b.setMnemonicParsing(true);
    }
}
