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
import org.aecapture.sae.SaeRules;
import org.aecapture.service.AeCapture;
import org.aecapture.ui.Background;
import org.aecapture.ui.Choices;
import org.aecapture.ui.FieldLabels;

/** A monitor's or reviewer's new query: the subject, one of its AEs, the field in doubt (or the whole AE), and why. */
final class RaiseQueryDialog {

    /** What the dialog asks to raise. */
    record Raise(long aeId, String field, String text) { }

    /** The fields a query is usually about, in the form's order; "" for the AE as a whole. */
    static final List<String> FIELDS = List.of("", AeFields.VERBATIM_TERM, AeFields.MEDDRA_CODE, AeFields.GRADE, AeFields.LAB_VALUE,
            AeFields.ONSET_DATE, AeFields.END_DATE, AeFields.SERIOUS, AeFields.RELATIONSHIP, AeFields.ACTION_TAKEN, AeFields.OUTCOME,
            SaeRules.AWARE_AT, SaeRules.NARRATIVE);

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
        ComboBox<AdverseEvent> ae = new ComboBox<>();
        ae.setId("raiseAe");
        ae.setPrefWidth(380);
        Choices.named(ae, a -> a.id() + " \u00b7 " + a.verbatimTerm() + (a.ctcaeTerm() == null ? "" : " (" + a.ctcaeTerm() + ")")
                + (a.grade() == null ? "" : " \u00b7 grade " + a.grade()));
        ComboBox<String> field = new ComboBox<>();
        field.setId("raiseField");
        field.getItems().setAll(FIELDS);
        Choices.named(field, f -> f == null || f.isEmpty() ? text.getString("queries.raise.wholeAe") : FieldLabels.of(text, f).replace("_", ""));
        field.setValue("");
        TextArea words = new TextArea();
        words.setId("raiseText");
        words.setPrefRowCount(3);
        words.setWrapText(true);
        // the subject's AEs, read off the FX thread once a subject number is typed and Enter pressed (or the field left)
        Runnable load = () -> Background.run("raise-aes", () -> app.adverseEvents().forSubject(subject.getText().strip(), false), list -> {
            ae.getItems().setAll(list);
            if (!list.isEmpty()) {
                ae.setValue(list.get(0));
            }
        }, text, dialog::setHeaderText); // a subject one may not read, or none: said where the question is
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
                ? new Raise(ae.getValue().id(), field.getValue() == null || field.getValue().isEmpty() ? null : field.getValue(), words.getText().strip())
                : null);
        dialog.setOnShown(e -> subject.requestFocus());
        return dialog.showAndWait();
    }

    private static Label label(ResourceBundle text, String key, javafx.scene.control.Control target) {
        Label l = new Label(text.getString(key));
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        return l;
    }
}
