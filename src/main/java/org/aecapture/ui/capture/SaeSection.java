package org.aecapture.ui.capture;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Texts;
import org.aecapture.sae.Autopsy;
import org.aecapture.sae.ChallengeResult;
import org.aecapture.sae.SaeDetails;
import org.aecapture.sae.SaeRules;
import org.aecapture.ui.Choices;
import org.aecapture.ui.DateField;

/**
 * What the site reports of a serious adverse event beyond the AE (CDASH / CIOMS wording): shown when Serious is ticked.
 * The awareness time is typed in the site's time zone and kept with its offset from UTC.
 */
final class SaeSection extends VBox {

    /** A field whose text cannot be read, and why. */
    record Unreadable(String field, String message) { }

    private static final DateTimeFormatter TYPED = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("[dd-MMM-yyyy HH:mm][yyyy-MM-dd HH:mm][yyyy-MM-dd'T'HH:mm]").toFormatter(Locale.ENGLISH);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm", Locale.ENGLISH);

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
    /** The site of the subject at hand: its SAE times are typed and shown in its time zone. */
    private ZoneId siteZone;

    void setSiteZone(ZoneId zone) {
        this.siteZone = zone;
    }

    SaeSection(ResourceBundle text, ZoneId siteZone) {
        this.text = text;
        this.siteZone = siteZone;
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
        awareAt.textProperty().addListener((o, was, is) -> showZone());
        showZone();
        show(false);
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

    /** "site time, UTC+02:00 (Europe/Berlin)": the offset the awareness time will be kept with. */
    private void showZone() {
        OffsetDateTime at = awareTime();
        var offset = at != null ? at.getOffset() : siteZone.getRules().getOffset(java.time.Instant.now());
        awareZone.setText(MessageFormat.format(text.getString("sae.awareAt.zone"), offset.getId().equals("Z") ? "+00:00" : offset.getId(),
                siteZone.getId()));
    }

    /** The awareness time as typed, in the site's zone; null when empty or unreadable. */
    private OffsetDateTime awareTime() {
        String s = awareAt.getText().strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(s, TYPED).atZone(siteZone).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    List<Unreadable> unreadable() {
        List<Unreadable> bad = new ArrayList<>();
        if (!awareAt.getText().isBlank() && awareTime() == null) {
            bad.add(new Unreadable(SaeRules.AWARE_AT, MessageFormat.format(text.getString("sae.awareAt.invalid"), awareAt.getText().strip())));
        }
        full(admission, SaeRules.ADMISSION_DATE, bad);
        full(discharge, SaeRules.DISCHARGE_DATE, bad);
        full(death, SaeRules.DEATH_DATE, bad);
        return bad;
    }

    private void full(DateField f, String field, List<Unreadable> bad) {
        DateField.Value v = f.valueProperty().get();
        if (!v.isValid()) {
            bad.add(new Unreadable(field, v.error()));
        } else if (v.date() != null && !v.date().isComplete()) {
            bad.add(new Unreadable(field, text.getString("sae.date.full")));
        }
    }

    private static LocalDate date(DateField f) {
        DateField.Value v = f.valueProperty().get();
        return v.isValid() && v.date() != null ? v.date().toLocalDate().orElse(null) : null;
    }

    /** The details as typed (for the AE {@code aeId}, 0 while new). */
    SaeDetails details(SaeDetails loaded) {
        return new SaeDetails(loaded == null ? null : loaded.id(), loaded == null ? 0 : loaded.aeId(), loaded == null ? null : loaded.subjectNumber(),
                awareTime(), date(admission), date(discharge), date(death), Texts.blankToNull(causeOfDeath.getText()), autopsy.getValue(),
                Texts.blankToNull(narrative.getText()), Texts.blankToNull(medicalHistory.getText()), Texts.blankToNull(concomitantMedications.getText()), dechallenge.getValue(),
                rechallenge.getValue(), loaded == null ? 0 : loaded.version());
    }

    void load(SaeDetails d) {
        awareAt.setText(d == null || d.awareAt() == null ? "" : SHOWN.format(d.awareAt().atZoneSameInstant(siteZone)));
        admission.set(d == null || d.admissionDate() == null ? null : PartialDate.parseIso(d.admissionDate().toString()));
        discharge.set(d == null || d.dischargeDate() == null ? null : PartialDate.parseIso(d.dischargeDate().toString()));
        death.set(d == null || d.deathDate() == null ? null : PartialDate.parseIso(d.deathDate().toString()));
        causeOfDeath.setText(d == null || d.causeOfDeath() == null ? "" : d.causeOfDeath());
        autopsy.setValue(d == null ? null : d.autopsy());
        narrative.setText(d == null || d.narrative() == null ? "" : d.narrative());
        medicalHistory.setText(d == null || d.medicalHistory() == null ? "" : d.medicalHistory());
        concomitantMedications.setText(d == null || d.concomitantMedications() == null ? "" : d.concomitantMedications());
        dechallenge.setValue(d == null ? null : d.dechallenge());
        rechallenge.setValue(d == null ? null : d.rechallenge());
    }

    /** Every control, for change listeners. */
    List<javafx.beans.Observable> observables() {
        return List.of(awareAt.textProperty(), admission.valueProperty(), discharge.valueProperty(), death.valueProperty(),
                causeOfDeath.textProperty(), autopsy.valueProperty(), narrative.textProperty(), medicalHistory.textProperty(),
                concomitantMedications.textProperty(), dechallenge.valueProperty(), rechallenge.valueProperty());
    }

    /** Each field's control, by the rules' field names. */
    java.util.Map<String, Control> controls() {
        return java.util.Map.of(SaeRules.AWARE_AT, awareAt, SaeRules.ADMISSION_DATE, admission.entry(), SaeRules.DISCHARGE_DATE,
                discharge.entry(), SaeRules.DEATH_DATE, death.entry(), SaeRules.DEATH_CAUSE, causeOfDeath, SaeRules.NARRATIVE, narrative);
    }
}
