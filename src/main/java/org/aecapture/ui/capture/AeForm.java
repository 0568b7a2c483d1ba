package org.aecapture.ui.capture;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.stream.Collectors;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.aecapture.ctcae.CtcaeTerm;
import org.aecapture.ctcae.TermSuggestion;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.AeFields;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.domain.Subject;
import org.aecapture.lab.LabCriterion;
import org.aecapture.lab.LabGrade;
import org.aecapture.study.StudyDefinition;
import org.aecapture.study.VisitDefinition;
import org.aecapture.ui.Choices;
import org.aecapture.ui.DateField;
import org.aecapture.ui.FieldLabels;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;

/**
 * The AE form. Every change rebuilds the AE and checks it against the domain rules (plain
 * computation, no database); each problem is decorated on its field (ControlsFX ValidationSupport) and
 * listed in words, and Save is possible only when there is none.
 */
final class AeForm extends VBox {

    private final ResourceBundle text;
    private final AeFormModel model;

    final TextField verbatim = new TextField();
    final SuggestField<TermSuggestion> term;
    private final Label soc = new Label();
    private final Label code = new Label();
    private final Label definition = new Label();
    private final Label navigationalNote = new Label();
    final TextField otherSpecify = new TextField();
    private final Label otherSpecifyLabel = new Label();
    final ToggleGroup grades = new ToggleGroup();
    final List<ToggleButton> gradeButtons = new ArrayList<>();
    final LabSection lab;
    final SaeSection sae;
    final TextField gradeReason = new TextField();
    private final HBox gradeReasonRow;
    final DateField onset;
    final DateField end;
    final CheckBox ongoing = new CheckBox();
    final CheckBox serious = new CheckBox();
    final Map<SeriousCriterion, CheckBox> criteria = new EnumMap<>(SeriousCriterion.class);
    private final FlowPane criteriaPane = new FlowPane(12, 6);
    final ComboBox<Relationship> relationship = new ComboBox<>();
    final ComboBox<ActionTaken> actionTaken = new ComboBox<>();
    final ComboBox<Outcome> outcome = new ComboBox<>();
    final ComboBox<VisitDefinition> visit = new ComboBox<>();
    private final Label problemsList = new Label();
    private final ValidationSupport validation = new ValidationSupport();
    private final Map<String, Control> controlOfField = new LinkedHashMap<>();

    AeForm(ResourceBundle text, AeFormModel model, StudyDefinition study) {
        this.text = text;
        this.model = model;
        // each suggestion says why it is offered: "coded 3 times in this study", "abbreviation: URTI", ...
        term = new SuggestField<>("termSearch", model::suggest,
                s -> s.term().term() + "\n    " + s.reason() + "  \u00b7  " + s.term().soc() + "  \u00b7  " + s.term().meddraCode(),
                s -> s.term().term(), 2);
        lab = new LabSection(text, model.lab);
        sae = new SaeSection(text, model.sae);
        Label reasonLabel = label("ae.gradeReason", gradeReason);
        reasonLabel.setMinWidth(130);
        gradeReason.setId("gradeReason");
        HBox.setHgrow(gradeReason, Priority.ALWAYS);
        gradeReasonRow = new HBox(0, reasonLabel, gradeReason);
        gradeReasonRow.getStyleClass().add("grade-reason");
        onset = new DateField(text, "onsetDate");
        end = new DateField(text, "endDate");
        getStyleClass().add("ae-form");
        setSpacing(10);
        setPadding(new Insets(12, 16, 12, 16));
        build(study);
        bind();
    }

    private Label label(String key, Control target) {
        Label l = new Label(text.getString(key));
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        l.getStyleClass().add("field-label");
        GridPane.setValignment(l, javafx.geometry.VPos.TOP); // level with its field when the field grows (suggestions)
        return l;
    }

    private void build(StudyDefinition study) {
        verbatim.setId("verbatimTerm");
        verbatim.setPromptText(text.getString("ae.verbatim.prompt"));
        term.setPrompt(text.getString("ae.term.prompt"));
        soc.setId("termSoc");
        code.setId("termCode");
        definition.setId("termDefinition");
        definition.setWrapText(true);
        navigationalNote.setId("termNavigationalNote");
        navigationalNote.setWrapText(true);
        navigationalNote.getStyleClass().add("navigational-note");
        otherSpecify.setId("otherSpecify");
        otherSpecifyLabel.setText(text.getString("ae.otherSpecify"));
        otherSpecifyLabel.setMnemonicParsing(true);
        otherSpecifyLabel.setLabelFor(otherSpecify);

        GridPane top = new GridPane();
        top.getStyleClass().add("form-grid");
        ColumnConstraints labels = new ColumnConstraints(130);
        ColumnConstraints fieldColumn = new ColumnConstraints(300, 380, 460);
        ColumnConstraints details = new ColumnConstraints();
        details.setHgrow(Priority.ALWAYS);
        top.getColumnConstraints().addAll(labels, fieldColumn, details);
        top.add(label("ae.verbatim", verbatim), 0, 0);
        top.add(verbatim, 1, 0);
        top.add(label("ae.term", term.field()), 0, 1);
        top.add(term, 1, 1);
        VBox termDetails = new VBox(4, soc, code, definition, navigationalNote);
        termDetails.getStyleClass().add("term-details");
        top.add(termDetails, 2, 0, 1, 3);
        GridPane.setValignment(termDetails, javafx.geometry.VPos.TOP);
        top.add(otherSpecifyLabel, 0, 2);
        top.add(otherSpecify, 1, 2);

        HBox gradeBox = new HBox(8);
        gradeBox.getStyleClass().add("grade-choices");
        for (int g = 1; g <= 5; g++) {
            ToggleButton b = new ToggleButton();
            b.setId("grade" + g);
            b.setUserData(g);
            b.setToggleGroup(grades);
            b.setWrapText(true);
            b.getStyleClass().addAll("grade-choice", "grade-" + g);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setMaxHeight(Double.MAX_VALUE);
            b.setMinHeight(Region.USE_PREF_SIZE); // never cut a CTCAE criterion short
            HBox.setHgrow(b, Priority.ALWAYS);
            gradeButtons.add(b);
            gradeBox.getChildren().add(b);
        }
        Label gradeLabel = label("ae.grade", gradeButtons.get(0));
        // a digit chooses the grade, as a coordinator reads it off the source document
        gradeBox.addEventFilter(javafx.scene.input.KeyEvent.KEY_TYPED, e -> {
            String c = e.getCharacter();
            if (c != null && c.length() == 1 && c.charAt(0) >= '1' && c.charAt(0) <= '5') {
                ToggleButton b = gradeButtons.get(c.charAt(0) - '1');
                if (!b.isDisabled()) {
                    b.setSelected(true);
                    b.requestFocus();
                }
                e.consume();
            }
        });

        ongoing.setText(text.getString("ae.ongoing"));
        ongoing.setId("ongoing");
        serious.setText(text.getString("ae.serious"));
        serious.setId("serious");
        for (SeriousCriterion c : SeriousCriterion.values()) {
            CheckBox box = new CheckBox(text.getString("serious." + c.code()));
            box.setId(c.code());
            criteria.put(c, box);
            criteriaPane.getChildren().add(box);
        }
        criteriaPane.getStyleClass().add("serious-criteria");
        choices(relationship, "relationship", Relationship.values(), "ae.relationship");
        choices(actionTaken, "actionTaken", ActionTaken.values(), "ae.actionTaken");
        choices(outcome, "outcome", Outcome.values(), "ae.outcome");
        visit.setId("visit");
        visit.setItems(FXCollections.observableArrayList(study.visits()));
        Choices.selectByTypedLetter(visit);
        visit.setConverter(new StringConverter<>() {
            @Override
            public String toString(VisitDefinition v) {
                return v == null ? "" : v.name();
            }

            @Override
            public VisitDefinition fromString(String s) {
                return null;
            }
        });

        GridPane bottom = new GridPane();
        bottom.getStyleClass().add("form-grid");
        bottom.getColumnConstraints().addAll(new ColumnConstraints(130), new ColumnConstraints(390), new ColumnConstraints(150),
                new ColumnConstraints(300));
        // added column by column: the tab order follows the order of the children, not the grid
        bottom.add(label("ae.onset", onset.entry()), 0, 0);
        bottom.add(onset, 1, 0);
        bottom.add(label("ae.end", end.entry()), 0, 1);
        bottom.add(new HBox(12, end, ongoing), 1, 1);
        bottom.add(serious, 1, 2);
        bottom.add(criteriaPane, 1, 3, 1, 1);
        bottom.add(label("ae.relationship", relationship), 2, 0);
        bottom.add(relationship, 3, 0);
        bottom.add(label("ae.actionTaken", actionTaken), 2, 1);
        bottom.add(actionTaken, 3, 1);
        bottom.add(label("ae.outcome", outcome), 2, 2);
        bottom.add(outcome, 3, 2);
        bottom.add(label("ae.visit", visit), 2, 3);
        bottom.add(visit, 3, 3);
        GridPane.setValignment(visit, javafx.geometry.VPos.TOP); // level with its label when the criteria make the row tall

        problemsList.setId("problems");
        problemsList.setWrapText(true);
        problemsList.getStyleClass().add("problems");
        getChildren().addAll(top, lab, new VBox(4, gradeLabel, gradeBox, gradeReasonRow), bottom, sae, problemsList);

        controlOfField.put(AeFields.VERBATIM_TERM, verbatim);
        controlOfField.put(AeFields.MEDDRA_CODE, term.field());
        controlOfField.put(AeFields.OTHER_SPECIFY, otherSpecify);
        controlOfField.put(AeFields.GRADE, gradeButtons.get(0));
        controlOfField.put(AeFields.LAB_VALUE, lab.value);
        controlOfField.put(AeFields.LAB_UNIT, lab.unit);
        controlOfField.put(AeFields.LAB_LLN, lab.lln);
        controlOfField.put(AeFields.LAB_ULN, lab.uln);
        controlOfField.put(AeFields.LAB_BASELINE, lab.baseline);
        controlOfField.put(AeFields.LAB_DIASTOLIC, lab.diastolic);
        controlOfField.put(AeFields.GRADE_REASON, gradeReason);
        controlOfField.putAll(sae.controls());
        controlOfField.put(AeFields.ONSET_DATE, onset.entry());
        controlOfField.put(AeFields.END_DATE, end.entry());
        controlOfField.put(AeFields.ONGOING, ongoing);
        controlOfField.put(AeFields.SERIOUS, serious);
        criteria.forEach((c, box) -> controlOfField.put(c.code(), box));
        controlOfField.put(AeFields.RELATIONSHIP, relationship);
        controlOfField.put(AeFields.ACTION_TAKEN, actionTaken);
        controlOfField.put(AeFields.OUTCOME, outcome);
        controlOfField.forEach((field, control) -> validation.registerValidator(control, false,
                (Control c, Object v) -> ValidationResult.fromErrorIf(c, model.problems().get(field), model.problems().containsKey(field))));
    }

    private <E extends Enum<E>> void choices(ComboBox<E> box, String id, E[] values, String key) {
        box.setId(id);
        box.setItems(FXCollections.observableArrayList(values));
        box.setPrefWidth(300);
        Choices.namedWithPrompt(box, e -> text.getString(e.getDeclaringClass().getSimpleName() + "." + e.name()), text.getString("ae.choose"));
    }

    /**
     * Binds each control to the model both ways; what follows from the draft (the term's grades, the pre-selected lab grade,
     * the reason row, the problems) the model works out, and the controls only show it.
     */
    private void bind() {
        verbatim.textProperty().bindBidirectional(model.verbatim);
        verbatim.textProperty().addListener((o, was, is) -> term.suggestFrom(is));
        term.chosenProperty().addListener((o, was, is) -> model.term.set(is));
        model.term.addListener((o, was, is) -> {
            if (is != null && term.chosenProperty().get() != is) {
                term.choose(is);
            } else if (is == null && term.chosenProperty().get() != null) {
                term.clear();
            }
            showTerm(model.chosenTerm());
        });
        otherSpecify.textProperty().bindBidirectional(model.otherSpecify);
        grades.selectedToggleProperty().addListener((o, was, is) -> model.grade.set(is == null ? null : (Integer) is.getUserData()));
        model.grade.addListener((o, was, is) -> showGrade(is));
        gradeReason.textProperty().bindBidirectional(model.gradeReason);
        model.gradeReasonNeededProperty().addListener((o, was, is) -> showGradeReason());
        model.labGradeProperty().addListener((o, was, is) -> markLabText(model.chosenTerm()));
        onset.entry().textProperty().bindBidirectional(model.onset);
        end.entry().textProperty().bindBidirectional(model.end);
        ongoing.selectedProperty().bindBidirectional(model.ongoing);
        model.ongoing.addListener((o, was, is) -> end.setEntryDisabled(is));
        serious.selectedProperty().bindBidirectional(model.serious);
        model.serious.addListener((o, was, is) -> showSerious(is));
        criteria.forEach((c, box) -> box.selectedProperty().addListener((o, was, is) -> {
            if (is) {
                model.criteria.add(c);
            } else {
                model.criteria.remove(c);
            }
        }));
        model.criteria.addListener((javafx.collections.SetChangeListener<SeriousCriterion>) change ->
                criteria.forEach((c, box) -> box.setSelected(model.criteria.contains(c))));
        relationship.valueProperty().bindBidirectional(model.relationship);
        actionTaken.valueProperty().bindBidirectional(model.actionTaken);
        outcome.valueProperty().bindBidirectional(model.outcome);
        visit.valueProperty().bindBidirectional(model.visit);
        model.problemsProperty().addListener((o, was, is) -> showProblems());
        showTerm(null);
        showSerious(false);
        showGradeReason();
    }

    /** Shows the chosen term's SOC, code, definition and note, and its grades side by side with their descriptions. */
    private void showTerm(CtcaeTerm t) {
        soc.setText(t == null ? "" : MessageFormat.format(text.getString("ae.term.soc"), t.soc()));
        code.setText(t == null ? "" : MessageFormat.format(text.getString("ae.term.code"), t.meddraCode()));
        definition.setText(t == null ? text.getString("ae.term.none") : t.definition());
        navigationalNote.setText(t == null || t.navigationalNote().isBlank() ? "" : t.navigationalNote());
        boolean specify = t != null && t.isOtherSpecify();
        otherSpecify.setVisible(specify);
        otherSpecify.setManaged(specify);
        otherSpecifyLabel.setVisible(specify);
        otherSpecifyLabel.setManaged(specify);
        for (ToggleButton b : gradeButtons) {
            int g = (Integer) b.getUserData();
            String description = t == null ? "" : t.gradeDescription(g).orElse(text.getString("ae.grade.undefined"));
            b.setText(MessageFormat.format(text.getString("ae.grade.n"), g) + "\n" + description);
            b.setTooltip(t == null ? null : new Tooltip(description)); // the whole criterion, whatever the width
            b.setDisable(t == null || !t.isGradeDefined(g));
        }
        markLabText(t);
    }

    private void showGrade(Integer g) {
        ToggleButton b = g == null ? null : gradeButtons.get(g - 1);
        if (grades.getSelectedToggle() != b) {
            grades.selectToggle(b);
        }
    }

    /** The grade card that the value's criteria belong to shows the matching CTCAE words marked. */
    private void markLabText(CtcaeTerm t) {
        LabGrade labGrade = model.labGradeProperty().get();
        for (ToggleButton b : gradeButtons) {
            int g = (Integer) b.getUserData();
            b.getStyleClass().remove("lab-matched");
            b.setGraphic(null);
            b.setContentDisplay(javafx.scene.control.ContentDisplay.TEXT_ONLY);
            if (t == null || labGrade == null || labGrade.outcome() != LabGrade.Outcome.GRADED || labGrade.grade() != g) {
                continue;
            }
            String description = t.gradeDescription(g).orElse("");
            javafx.scene.text.TextFlow flow = new javafx.scene.text.TextFlow();
            javafx.scene.text.Text title = new javafx.scene.text.Text(MessageFormat.format(text.getString("ae.grade.n"), g) + "\n");
            title.getStyleClass().add("grade-title");
            flow.getChildren().add(title);
            int from = 0;
            for (LabCriterion c : labGrade.matched()) {
                int at = description.indexOf(c.ctcaeText(), from);
                if (at < 0) {
                    continue;
                }
                if (at > from) { // an empty Text in a TextFlow drew the next one's first letter unmarked
                    flow.getChildren().add(new javafx.scene.text.Text(description.substring(from, at)));
                }
                javafx.scene.text.Text marked = new javafx.scene.text.Text(c.ctcaeText());
                marked.getStyleClass().add("lab-match");
                marked.setId("labMatch");
                flow.getChildren().add(marked);
                from = at + c.ctcaeText().length();
            }
            if (from < description.length()) {
                flow.getChildren().add(new javafx.scene.text.Text(description.substring(from)));
            }
            flow.getChildren().forEach(n -> n.getStyleClass().add("grade-text"));
            flow.prefWidthProperty().bind(b.widthProperty().subtract(14));
            b.setGraphic(flow);
            b.setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
            b.getStyleClass().add("lab-matched");
        }
    }

    /** The reason row appears when the chosen grade is not the one the laboratory value gives. */
    private void showGradeReason() {
        boolean needed = model.gradeReasonNeededProperty().get();
        gradeReasonRow.setVisible(needed);
        gradeReasonRow.setManaged(needed);
        if (needed) {
            gradeReason.setPromptText(MessageFormat.format(text.getString("ae.gradeReason.prompt"), model.grade.get(),
                    model.labGradeProperty().get().grade()));
        }
    }

    private void showSerious(boolean show) {
        criteriaPane.setVisible(show);
        criteriaPane.setManaged(show);
        sae.show(show);
    }

    private void showProblems() {
        Map<String, String> found = model.problems();
        validation.revalidate();
        problemsList.setText(found.isEmpty() ? "" : found.entrySet().stream()
                .map(e -> "\u2022 " + FieldLabels.of(text, e.getKey()) + ": " + e.getValue()).collect(Collectors.joining("\n")));
    }

    /** Shows a stored AE (null: a blank form) with its SAE details (null: none), the study days counted from the subject's Day 1. */
    void load(Subject s, AdverseEvent ae, org.aecapture.sae.SaeDetails saeDetails) {
        term.clear(); // what was typed in the term's search goes with the AE it was typed for
        onset.setDay1(s::firstDoseDate);
        end.setDay1(s::firstDoseDate);
        model.load(s, ae, saeDetails);
        showTerm(model.chosenTerm());
        showProblems();
    }

    /** Checks and shows the problems again (the decorations need the form in a scene). */
    void revalidate() {
        model.changed();
        showProblems();
    }

    /** Marks the fields that outstanding queries are on (the rules' field names); the others lose their mark. */
    void markQueried(java.util.Set<String> fields) {
        controlOfField.forEach((field, control) -> {
            control.getStyleClass().remove("queried");
            if (fields.contains(field)) {
                control.getStyleClass().add("queried");
            }
        });
    }

    AeFormModel model() {
        return model;
    }
}
