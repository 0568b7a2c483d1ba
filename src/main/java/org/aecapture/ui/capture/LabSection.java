package org.aecapture.ui.capture;

import java.util.List;
import java.util.ResourceBundle;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.aecapture.lab.ClinicalFact;

/**
 * The laboratory value of a lab-defined CTCAE term: value, unit (the term's units), LLN, ULN and baseline, the clinical
 * facts the term asks for, and what CTCAE makes of them, shown under the fields. Shown only for a term that CTCAE grades
 * by a value. The controls are bound to the form model's {@link LabEntry}, which holds the rules.
 */
final class LabSection extends VBox {

    final TextField value = new TextField();
    final ComboBox<String> unit = new ComboBox<>();
    final TextField lln = new TextField();
    final TextField uln = new TextField();
    final TextField baseline = new TextField();
    final TextField diastolic = new TextField();
    private final Label result = new Label();
    /** The clinical facts the term's criteria ask for, each a box: ticked present, cleared absent, filled not known. */
    private final java.util.Map<ClinicalFact, CheckBox> facts = new java.util.EnumMap<>(ClinicalFact.class);
    private final HBox factsRow = new HBox(12);
    private final ResourceBundle text;
    private final LabEntry entry;
    /** While a box is set to what the entry holds, its own changes are not the user's. */
    private boolean showing;

    LabSection(ResourceBundle text, LabEntry entry) {
        this.text = text;
        this.entry = entry;
        getStyleClass().add("lab-section");
        setSpacing(4);
        value.setId("labValue");
        unit.setId("labUnit");
        lln.setId("labLln");
        uln.setId("labUln");
        baseline.setId("labBaseline");
        diastolic.setId("labDiastolic");
        result.setId("labResult");
        result.setWrapText(true);
        result.getStyleClass().add("lab-result");
        value.setPromptText(text.getString("ae.lab.prompt"));
        value.setPrefColumnCount(7);
        unit.setPrefWidth(150);
        for (TextField f : List.of(lln, uln, baseline, diastolic)) {
            f.setPrefColumnCount(6);
            f.setPromptText(text.getString("ae.lab.unknown"));
        }
        Label title = new Label();
        title.setMnemonicParsing(true);
        title.setLabelFor(value);
        title.getStyleClass().add("field-label");
        title.setMinWidth(130);
        title.setPrefWidth(130);
        HBox llnBox = labelled("ae.lab.lln", lln);
        HBox ulnBox = labelled("ae.lab.uln", uln);
        HBox baselineBox = labelled("ae.lab.baseline", baseline);
        HBox diastolicBox = labelled("ae.lab.diastolic", diastolic);
        diastolicBox.visibleProperty().bind(entry.diastolicAskedProperty());
        diastolicBox.managedProperty().bind(entry.diastolicAskedProperty());
        for (HBox limit : List.of(llnBox, ulnBox)) { // a temperature has no laboratory range: only the fields a term's criteria use
            limit.visibleProperty().bind(entry.limitsAskedProperty());
            limit.managedProperty().bind(entry.limitsAskedProperty());
        }
        baselineBox.visibleProperty().bind(entry.baselineAskedProperty());
        baselineBox.managedProperty().bind(entry.baselineAskedProperty());
        title.textProperty().bind(entry.titleProperty());
        HBox fields = new HBox(14, new HBox(6, value, unit), diastolicBox, llnBox, ulnBox, baselineBox);
        fields.getStyleClass().add("lab-fields");
        for (ClinicalFact f : ClinicalFact.values()) {
            CheckBox box = new CheckBox(text.getString("lab.fact." + f.name()));
            box.setId("labFact_" + f.column());
            box.setAllowIndeterminate(true);
            box.setIndeterminate(true);
            box.selectedProperty().addListener((o, was, is) -> factTicked(f, box));
            box.indeterminateProperty().addListener((o, was, is) -> factTicked(f, box));
            facts.put(f, box);
        }
        factsRow.getStyleClass().add("lab-facts");
        factsRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        factsRow.managedProperty().bind(factsRow.visibleProperty());
        HBox row = new HBox(0, title, new VBox(4, fields, factsRow, result));
        getChildren().add(row);
        bind();
    }

    private void bind() {
        value.textProperty().bindBidirectional(entry.value);
        lln.textProperty().bindBidirectional(entry.lln);
        uln.textProperty().bindBidirectional(entry.uln);
        baseline.textProperty().bindBidirectional(entry.baseline);
        diastolic.textProperty().bindBidirectional(entry.diastolic);
        unit.setItems(entry.units);
        unit.valueProperty().bindBidirectional(entry.unit);
        entry.facts.addListener((javafx.collections.MapChangeListener<ClinicalFact, Boolean>) c -> showFact(c.getKey()));
        entry.askedFacts.addListener((javafx.collections.ListChangeListener<ClinicalFact>) c -> showFacts());
        visibleProperty().bind(entry.shownProperty());
        managedProperty().bind(entry.shownProperty());
        result.textProperty().bind(entry.resultProperty());
        entry.resultStateProperty().addListener((o, was, is) -> {
            result.getStyleClass().removeAll("lab-graded", "lab-not-graded");
            if (is == LabEntry.ResultState.GRADED) {
                result.getStyleClass().add("lab-graded");
            } else if (is == LabEntry.ResultState.NOT_GRADED) {
                result.getStyleClass().add("lab-not-graded");
            }
        });
        showFacts();
    }

    /** A box was ticked, cleared or made not known: the entry says so. */
    private void factTicked(ClinicalFact f, CheckBox box) {
        if (showing) {
            return;
        }
        Boolean said = box.isIndeterminate() ? null : box.isSelected();
        if (!java.util.Objects.equals(said, entry.facts.get(f))) {
            if (said == null) {
                entry.facts.remove(f);
            } else {
                entry.facts.put(f, said);
            }
        }
    }

    private void showFact(ClinicalFact f) {
        Boolean said = entry.facts.get(f);
        CheckBox box = facts.get(f);
        showing = true;
        try {
            box.setIndeterminate(said == null);
            box.setSelected(Boolean.TRUE.equals(said));
        } finally {
            showing = false;
        }
    }

    /** The boxes of the facts the term's criteria ask for ("asymptomatic", "physiologic consequences", …), in a row. */
    private void showFacts() {
        factsRow.getChildren().clear();
        if (!entry.askedFacts.isEmpty()) {
            Label with = new Label(text.getString("ae.lab.facts"));
            with.getStyleClass().add("lab-limit-label");
            factsRow.getChildren().add(with);
            entry.askedFacts.forEach(f -> {
                showFact(f);
                factsRow.getChildren().add(facts.get(f));
            });
            Label legend = new Label(text.getString("ae.lab.facts.legend"));
            legend.getStyleClass().add("lab-limit-label");
            factsRow.getChildren().add(legend);
        }
        factsRow.setVisible(!entry.askedFacts.isEmpty());
    }

    private HBox labelled(String key, TextField field) {
        Label l = new Label(text.getString(key));
        l.setLabelFor(field);
        l.getStyleClass().add("lab-limit-label");
        HBox box = new HBox(4, l, field);
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return box;
    }

    String resultText() {
        return result.getText();
    }
}
