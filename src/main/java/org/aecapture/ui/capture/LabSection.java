package org.aecapture.ui.capture;

import java.math.BigDecimal;
import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import javafx.collections.FXCollections;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.aecapture.lab.LabCriteria;
import org.aecapture.lab.LabGrade;
import org.aecapture.lab.LabMeasurement;

/**
 * The laboratory value of a lab-defined CTCAE term: value, unit (the term's units), LLN, ULN and baseline, and what
 * CTCAE makes of them, shown under the fields. Shown only for a term that CTCAE grades by a value.
 */
final class LabSection extends VBox {

    /** A number typed into one of the fields that is not one: the field and the message. */
    record Unreadable(String field, String message) { }

    final TextField value = new TextField();
    final ComboBox<String> unit = new ComboBox<>();
    final TextField lln = new TextField();
    final TextField uln = new TextField();
    final TextField baseline = new TextField();
    private final Label result = new Label();
    /** The clinical facts the term's criteria ask for, each a box: ticked present, cleared absent, filled not known. */
    private final java.util.Map<org.aecapture.lab.ClinicalFact, javafx.scene.control.CheckBox> facts =
            new java.util.EnumMap<>(org.aecapture.lab.ClinicalFact.class);
    private final HBox factsRow = new HBox(12);
    private Runnable factsChanged = () -> { };
    private final ResourceBundle text;
    private final LabCriteria criteria;
    private String meddraCode;

    LabSection(ResourceBundle text, LabCriteria criteria) {
        this.text = text;
        this.criteria = criteria;
        getStyleClass().add("lab-section");
        setSpacing(4);
        value.setId("labValue");
        unit.setId("labUnit");
        lln.setId("labLln");
        uln.setId("labUln");
        baseline.setId("labBaseline");
        result.setId("labResult");
        result.setWrapText(true);
        result.getStyleClass().add("lab-result");
        value.setPromptText(text.getString("ae.lab.prompt"));
        value.setPrefColumnCount(7);
        unit.setPrefWidth(150);
        for (TextField f : List.of(lln, uln, baseline)) {
            f.setPrefColumnCount(6);
            f.setPromptText(text.getString("ae.lab.unknown"));
        }
        Label title = new Label(text.getString("ae.lab"));
        title.setMnemonicParsing(true);
        title.setLabelFor(value);
        title.getStyleClass().add("field-label");
        title.setMinWidth(130);
        title.setPrefWidth(130);
        HBox fields = new HBox(14, new HBox(6, value, unit), labelled("ae.lab.lln", lln), labelled("ae.lab.uln", uln),
                labelled("ae.lab.baseline", baseline));
        fields.getStyleClass().add("lab-fields");
        for (org.aecapture.lab.ClinicalFact f : org.aecapture.lab.ClinicalFact.values()) {
            javafx.scene.control.CheckBox box = new javafx.scene.control.CheckBox(text.getString("lab.fact." + f.name()));
            box.setId("labFact_" + f.column());
            box.setAllowIndeterminate(true);
            box.setIndeterminate(true);
            box.selectedProperty().addListener((o, was, is) -> factsChanged.run());
            box.indeterminateProperty().addListener((o, was, is) -> factsChanged.run());
            facts.put(f, box);
        }
        factsRow.getStyleClass().add("lab-facts");
        factsRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        factsRow.managedProperty().bind(factsRow.visibleProperty());
        HBox row = new HBox(0, title, new VBox(4, fields, factsRow, result));
        getChildren().add(row);
        show(null);
    }

    /** Runs when a clinical fact is ticked, cleared or made not known. */
    void onFactsChanged(Runnable r) {
        this.factsChanged = r;
    }

    /** The boxes of the facts the term's criteria ask for ("asymptomatic", "physiologic consequences", …), in a row. */
    private void showFacts(String code) {
        java.util.Set<org.aecapture.lab.ClinicalFact> asked = java.util.EnumSet.noneOf(org.aecapture.lab.ClinicalFact.class);
        if (code != null) {
            criteria.forTerm(code).stream().filter(c -> c.clinical() != null).forEach(c -> asked.addAll(org.aecapture.lab.ClinicalFact.askedBy(c.clinical())));
        }
        factsRow.getChildren().clear();
        if (!asked.isEmpty()) {
            Label with = new Label(text.getString("ae.lab.facts"));
            with.getStyleClass().add("lab-limit-label");
            factsRow.getChildren().add(with);
            asked.forEach(f -> factsRow.getChildren().add(facts.get(f)));
            Label legend = new Label(text.getString("ae.lab.facts.legend"));
            legend.getStyleClass().add("lab-limit-label");
            factsRow.getChildren().add(legend);
        }
        factsRow.setVisible(!asked.isEmpty());
    }

    private HBox labelled(String key, TextField field) {
        Label l = new Label(text.getString(key));
        l.setLabelFor(field);
        l.getStyleClass().add("lab-limit-label");
        HBox box = new HBox(4, l, field);
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return box;
    }

    /** Shows the section for a lab-defined term (with its units, the first chosen) and hides and clears it otherwise. */
    void show(String code) {
        boolean lab = code != null && criteria.isLabDefined(code);
        boolean sameTerm = lab && code.equals(meddraCode);
        meddraCode = lab ? code : null;
        setVisible(lab);
        setManaged(lab);
        if (sameTerm) {
            return;
        }
        showFacts(meddraCode);
        if (!lab) {
            clear();
            unit.getItems().clear();
            return;
        }
        String kept = unit.getValue();
        unit.setItems(FXCollections.observableArrayList(criteria.unitsFor(code)));
        unit.setValue(kept != null && unit.getItems().contains(kept) ? kept : unit.getItems().get(0));
    }

    void clear() {
        value.clear();
        lln.clear();
        uln.clear();
        baseline.clear();
        facts.values().forEach(b -> b.setIndeterminate(true));
    }

    /** Fills the fields with a stored value. */
    void load(LabMeasurement m) {
        if (m == null) {
            clear();
            return;
        }
        value.setText(plain(m.value()));
        if (m.unit() != null) {
            unit.setValue(m.unit());
        }
        lln.setText(plain(m.lln()));
        uln.setText(plain(m.uln()));
        baseline.setText(plain(m.baseline()));
        facts.forEach((f, box) -> {
            Boolean said = m.facts().get(f);
            box.setIndeterminate(said == null);
            box.setSelected(Boolean.TRUE.equals(said));
        });
    }

    private static String plain(BigDecimal d) {
        return d == null ? "" : d.toPlainString();
    }

    boolean isShown() {
        return meddraCode != null;
    }

    /** Whether anything is typed: an empty section stores no laboratory value. */
    boolean isEmpty() {
        return value.getText().isBlank() && lln.getText().isBlank() && uln.getText().isBlank() && baseline.getText().isBlank();
    }

    /** The fields that hold something other than a number, with why; empty when all can be read. */
    List<Unreadable> unreadable() {
        List<Unreadable> bad = new java.util.ArrayList<>();
        check(value, org.aecapture.domain.AeFields.LAB_VALUE, bad);
        check(lln, org.aecapture.domain.AeFields.LAB_LLN, bad);
        check(uln, org.aecapture.domain.AeFields.LAB_ULN, bad);
        check(baseline, org.aecapture.domain.AeFields.LAB_BASELINE, bad);
        return bad;
    }

    private static void check(TextField f, String field, List<Unreadable> bad) {
        try {
            LabMeasurement.number(f.getText());
        } catch (NumberFormatException e) {
            bad.add(new Unreadable(field, e.getMessage()));
        }
    }

    /** The value as typed; null when the section is hidden, empty or holds something unreadable. */
    LabMeasurement measurement() {
        return unreadable().isEmpty() ? typed() : null;
    }

    /** What is typed, each unreadable number left out (the form reports it on its field); null when nothing is typed. */
    LabMeasurement typed() {
        if (!isShown() || isEmpty()) {
            return null;
        }
        java.util.Map<org.aecapture.lab.ClinicalFact, Boolean> stated = new java.util.EnumMap<>(org.aecapture.lab.ClinicalFact.class);
        facts.forEach((f, box) -> {
            if (box.getParent() != null && !box.isIndeterminate()) { // only the facts this term asks for, and only when said
                stated.put(f, box.isSelected());
            }
        });
        return new LabMeasurement(lenient(value), unit.getValue(), lenient(lln), lenient(uln), lenient(baseline), stated);
    }

    private static BigDecimal lenient(TextField f) {
        try {
            return LabMeasurement.number(f.getText());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Says what CTCAE makes of the value: "Grade 3 from ANC 0.8 10^9/L: <1.0 - 0.5 x 10e9 /L", or why it cannot grade. */
    void showResult(LabGrade g, LabMeasurement m) {
        result.getStyleClass().removeAll("lab-graded", "lab-not-graded");
        if (g == null || m == null) {
            result.setText(text.getString("ae.lab.hint"));
            return;
        }
        if (g.outcome() == LabGrade.Outcome.GRADED) {
            String analyte = criteria.forTerm(meddraCode).get(0).analyte();
            String name = text.containsKey("lab.analyte." + analyte) ? text.getString("lab.analyte." + analyte) : analyte;
            result.setText(MessageFormat.format(text.getString("ae.lab.graded"), g.grade(), name, m.value().toPlainString(), m.unit(),
                    g.ctcaeText()) + (g.notes().isEmpty() ? "" : " (" + String.join("; ", g.notes()) + ")"));
            result.getStyleClass().add("lab-graded");
        } else {
            result.setText(capitalised(g.reason()));
            result.getStyleClass().add("lab-not-graded");
        }
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    String resultText() {
        return result.getText();
    }
}
