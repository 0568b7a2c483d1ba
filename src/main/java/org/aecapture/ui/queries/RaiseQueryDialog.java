package org.aecapture.ui.queries;

import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.AeFields;
import org.aecapture.domain.DataQuery;
import org.aecapture.sae.SaeRules;
import org.aecapture.service.AeCapture;
import org.aecapture.ui.Background;
import org.aecapture.ui.Choices;
import org.aecapture.ui.FieldLabels;

/**
 * A monitor's or reviewer's new query: the subject, one of its records (enrolment data, a visit, an AE), the field in
 * doubt (or the whole record), and why.
 */
final class RaiseQueryDialog {

    /** What the dialog asks to raise. */
    record Raise(DataQuery.Target target, long recordId, String field, String text) { }

    /** A record of the subject a query may be on: its enrolment data, one of its visits, one of its AEs. */
    record Choice(DataQuery.Target target, long recordId, String label) { }

    /** The fields a query is usually about, in the form's order, for each kind of record; "" for the record as a whole. */
    static final java.util.Map<DataQuery.Target, List<String>> FIELDS = java.util.Map.of(
            DataQuery.Target.ADVERSE_EVENT, List.of("", AeFields.VERBATIM_TERM, AeFields.MEDDRA_CODE, AeFields.GRADE, AeFields.LAB_VALUE,
                    AeFields.ONSET_DATE, AeFields.END_DATE, AeFields.SERIOUS, AeFields.RELATIONSHIP, AeFields.ACTION_TAKEN, AeFields.OUTCOME,
                    SaeRules.AWARE_AT, SaeRules.NARRATIVE),
            DataQuery.Target.SUBJECT, List.of("", "birth_date", "sex", "consent_date", "first_dose_date", "eos_date", "eligibility"),
            DataQuery.Target.VISIT, List.of("", "visit_date", "visit_code", "note"));

    private RaiseQueryDialog() {
    }

    static Optional<Raise> ask(Window owner, ResourceBundle text, AeCapture app) {
        Dialog<Raise> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(text.getString("queries.raise.title"));
        dialog.setHeaderText(text.getString("queries.raise.header"));
        TextField subject = new TextField();
        subject.setId("raiseSubject");
        subject.setPromptText(text.getString("queries.subject.prompt"));
        ComboBox<Choice> ae = new ComboBox<>();
        ae.setId("raiseAe");
        ae.setPrefWidth(380);
        Choices.named(ae, Choice::label);
        ComboBox<String> field = new ComboBox<>();
        field.setId("raiseField");
        Choices.named(field, f -> f == null || f.isEmpty() ? text.getString("queries.raise.wholeAe") : FieldLabels.of(text, f).replace("_", ""));
        // the fields of the chosen kind of record
        ae.valueProperty().addListener((o, was, is) -> {
            field.getItems().setAll(is == null ? List.of("") : FIELDS.get(is.target()));
            field.setValue("");
        });
        TextArea words = new TextArea();
        words.setId("raiseText");
        words.setPrefRowCount(3);
        words.setWrapText(true);
        // the subject's AEs, read off the FX thread once a subject number is typed and Enter pressed (or the field left)
        String[] shown = {null}; // the subject whose records are listed: leaving the field again does not list them anew
        Runnable load = () -> {
            String number = subject.getText().strip();
            if (number.equals(shown[0])) {
                return;
            }
            shown[0] = number;
            Background.run("raise-records", () -> records(app, text, number), list -> {
                ae.getItems().setAll(list);
                // the first AE when there is one: most queries are on AEs
                ae.setValue(list.stream().filter(c -> c.target() == DataQuery.Target.ADVERSE_EVENT).findFirst()
                        .orElse(list.isEmpty() ? null : list.get(0)));
            }, text, dialog::setHeaderText); // a subject one may not read, or none: said where the question is
        };
        subject.setOnAction(e -> load.run());
        subject.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                load.run();
            }
        });
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, label(text, "queries.raise.subject", subject), subject);
        grid.addRow(1, label(text, "queries.raise.ae", ae), ae);
        grid.addRow(2, label(text, "queries.raise.field", field), field);
        grid.addRow(3, label(text, "queries.raise.text", words), words);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().setId("raiseQueryDialog");
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(ButtonType.OK).setId("raiseOk");
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(Bindings.createBooleanBinding(
                () -> ae.getValue() == null || words.getText().isBlank(), ae.valueProperty(), words.textProperty()));
        dialog.setResultConverter(b -> b == ButtonType.OK && ae.getValue() != null
                ? new Raise(ae.getValue().target(), ae.getValue().recordId(), field.getValue() == null || field.getValue().isEmpty() ? null
                        : field.getValue(), words.getText().strip())
                : null);
        dialog.setOnShown(e -> subject.requestFocus());
        return dialog.showAndWait();
    }

    /** The subject's records a query may be on: enrolment data, recorded visits, AEs (read off the FX thread). */
    private static List<Choice> records(AeCapture app, ResourceBundle text, String subjectNumber) {
        List<Choice> list = new java.util.ArrayList<>();
        app.subjects().byNumber(subjectNumber).ifPresent(s -> {
            list.add(new Choice(DataQuery.Target.SUBJECT, s.id(), java.text.MessageFormat.format(text.getString("queries.raise.enrolment"),
                    s.subjectNumber())));
            for (var line : app.visits().visits(subjectNumber)) {
                if (line.visit() != null) {
                    list.add(new Choice(DataQuery.Target.VISIT, line.visit().id(), java.text.MessageFormat.format(text.getString("queries.raise.visit"),
                            line.definition().name(), org.aecapture.domain.PartialDate.of(line.visit().visitDate()).toCrf())));
                }
            }
            for (AdverseEvent a : app.adverseEvents().forSubject(subjectNumber, false)) {
                list.add(new Choice(DataQuery.Target.ADVERSE_EVENT, a.id(), "AE " + a.id() + " \u00b7 " + a.verbatimTerm()
                        + (a.ctcaeTerm() == null ? "" : " (" + a.ctcaeTerm() + ")") + (a.grade() == null ? "" : " \u00b7 grade " + a.grade())));
            }
        });
        return list;
    }

    private static Label label(ResourceBundle text, String key, javafx.scene.control.Control target) {
        Label l = new Label(text.getString(key));
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        return l;
    }
}
