package org.aecapture.ui.capture;

import java.util.List;
import java.util.ResourceBundle;
import javafx.collections.FXCollections;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.aecapture.sae.Autopsy;
import org.aecapture.sae.ChallengeResult;
import org.aecapture.sae.SaeRules;
import org.aecapture.ui.Choices;
import org.aecapture.ui.DateField;

/**
 * What the site reports of a serious adverse event beyond the AE (CDASH / CIOMS wording): shown when Serious is ticked.
 * The controls are bound to the form model's {@link SaeEntry}, which reads them (the awareness time in the site's zone).
 */
final class SaeSection extends VBox {

    final TextField awareAt = new TextField();
    private final Label awareZone = new Label();
    final DateField admission;
    final DateField discharge;
    final DateField death;
    final TextField causeOfDeath = new TextField();
    final ComboBox<Autopsy> autopsy = new ComboBox<>();
    final TextArea narrative = new TextArea();
    final TextArea medicalHistory = new TextArea();
    final TextArea concomitantMedications = new TextArea();
    final ComboBox<ChallengeResult> dechallenge = new ComboBox<>();
    final ComboBox<ChallengeResult> rechallenge = new ComboBox<>();
    private final ResourceBundle text;

    SaeSection(ResourceBundle text, SaeEntry entry) {
        this.text = text;
        getStyleClass().add("sae-section");
        setSpacing(6);
        admission = new DateField(text, "saeAdmission");
        discharge = new DateField(text, "saeDischarge");
        death = new DateField(text, "saeDeath");
        awareAt.setId("saeAwareAt");
        awareAt.setPromptText(text.getString("sae.awareAt.prompt"));
        awareZone.setId("saeAwareZone");
        awareZone.getStyleClass().add("study-day");
        causeOfDeath.setId("saeCauseOfDeath");
        autopsy.setId("saeAutopsy");
        narrative.setId("saeNarrative");
        medicalHistory.setId("saeMedicalHistory");
        concomitantMedications.setId("saeConMeds");
        dechallenge.setId("saeDechallenge");
        rechallenge.setId("saeRechallenge");
        for (TextArea area : List.of(narrative, medicalHistory, concomitantMedications)) {
            area.setWrapText(true);
            area.setPrefRowCount(3);
        }
        narrative.setPromptText(text.getString("sae.narrative.prompt"));
        choices(autopsy, Autopsy.values(), "Autopsy.");
        choices(dechallenge, ChallengeResult.values(), "ChallengeResult.dechallenge.");
        choices(rechallenge, ChallengeResult.values(), "ChallengeResult.rechallenge.");

        Label title = new Label(text.getString("sae.title"));
        title.getStyleClass().add("filter-heading");
        GridPane grid = new GridPane();
        grid.getStyleClass().add("form-grid");
        grid.getColumnConstraints().addAll(new ColumnConstraints(130), new ColumnConstraints(330), new ColumnConstraints(150),
                new ColumnConstraints(300));
        // added column by column: the tab order follows the order of the children, not the grid
        grid.add(label("sae.awareAt", awareAt), 0, 0);
        grid.add(new VBox(2, awareAt, awareZone), 1, 0);
        grid.add(label("sae.admission", admission.entry()), 0, 1);
        grid.add(admission, 1, 1);
        grid.add(label("sae.discharge", discharge.entry()), 0, 2);
        grid.add(discharge, 1, 2);
        grid.add(label("sae.death", death.entry()), 0, 3);
        grid.add(death, 1, 3);
        grid.add(label("sae.causeOfDeath", causeOfDeath), 0, 4);
        grid.add(causeOfDeath, 1, 4, 3, 1);
        grid.add(label("sae.autopsy", autopsy), 2, 3);
        grid.add(autopsy, 3, 3);
        grid.add(label("sae.dechallenge", dechallenge), 2, 0);
        grid.add(dechallenge, 3, 0);
        grid.add(label("sae.rechallenge", rechallenge), 2, 1);
        grid.add(rechallenge, 3, 1);
        grid.add(label("sae.narrative", narrative), 0, 5);
        grid.add(narrative, 1, 5, 3, 1);
        grid.add(label("sae.medicalHistory", medicalHistory), 0, 6);
        grid.add(medicalHistory, 1, 6, 3, 1);
        grid.add(label("sae.conMeds", concomitantMedications), 0, 7);
        grid.add(concomitantMedications, 1, 7, 3, 1);
        getChildren().addAll(title, grid);
        show(false);
        awareAt.textProperty().bindBidirectional(entry.awareAt);
        awareZone.textProperty().bind(entry.zoneTextProperty());
        admission.entry().textProperty().bindBidirectional(entry.admission);
        discharge.entry().textProperty().bindBidirectional(entry.discharge);
        death.entry().textProperty().bindBidirectional(entry.death);
        causeOfDeath.textProperty().bindBidirectional(entry.causeOfDeath);
        autopsy.valueProperty().bindBidirectional(entry.autopsy);
        narrative.textProperty().bindBidirectional(entry.narrative);
        medicalHistory.textProperty().bindBidirectional(entry.medicalHistory);
        concomitantMedications.textProperty().bindBidirectional(entry.concomitantMedications);
        dechallenge.valueProperty().bindBidirectional(entry.dechallenge);
        rechallenge.valueProperty().bindBidirectional(entry.rechallenge);
    }

    private Label label(String key, Control target) {
        Label l = new Label(text.getString(key));
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        l.getStyleClass().add("field-label");
        l.setWrapText(true);
        GridPane.setValignment(l, javafx.geometry.VPos.TOP); // level with the first line of its field
        return l;
    }

    private <E extends Enum<E>> void choices(ComboBox<E> box, E[] values, String prefix) {
        box.setItems(FXCollections.observableArrayList(values));
        box.setPrefWidth(300);
        Choices.namedWithPrompt(box, e -> text.getString(prefix + e.name()), text.getString("ae.choose"));
    }

    void show(boolean serious) {
        setVisible(serious);
        setManaged(serious);
    }

    /** Each field's control, by the rules' field names. */
    java.util.Map<String, Control> controls() {
        return java.util.Map.of(SaeRules.AWARE_AT, awareAt, SaeRules.ADMISSION_DATE, admission.entry(), SaeRules.DISCHARGE_DATE,
                discharge.entry(), SaeRules.DEATH_DATE, death.entry(), SaeRules.DEATH_CAUSE, causeOfDeath, SaeRules.NARRATIVE, narrative);
    }
}
