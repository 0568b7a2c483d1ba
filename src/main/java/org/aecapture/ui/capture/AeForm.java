package org.aecapture.ui.capture;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
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
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.ctcae.CodingHistory;
import org.aecapture.ctcae.CtcaeTerm;
import org.aecapture.ctcae.TermSuggestion;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.AdverseEventRules;
import org.aecapture.domain.AeFields;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.domain.Subject;
import org.aecapture.domain.Violation;
import org.aecapture.lab.LabCriterion;
import org.aecapture.lab.LabGrade;
import org.aecapture.lab.LabMeasurement;
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
    private final CtcaeCatalog catalog;
    private final StudyDefinition study;
    private final AdverseEventRules rules;
    private final Supplier<LocalDate> today;

    final TextField verbatim = new TextField();
    final SuggestField<TermSuggestion> term;
    /** The study's coding history as last read; the capture screen reads it anew off the FX thread. */
    private volatile CodingHistory codingHistory = CodingHistory.NONE;
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
    private org.aecapture.sae.SaeDetails loadedSae;
    final TextField gradeReason = new TextField();
    private final HBox gradeReasonRow;
    /** The grade the laboratory value last gave (null: none); a new one is pre-selected, the investigator may choose another. */
    private LabGrade labGrade;
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
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(false);

    private Subject subject;
    private AdverseEvent loaded;
    private Map<String, String> messages = Map.of();
    private boolean loading;

    AeForm(ResourceBundle text, CtcaeCatalog catalog, StudyDefinition study, Supplier<LocalDate> today) {
        this.text = text;
        this.catalog = catalog;
        this.study = study;
        this.rules = new AdverseEventRules(catalog, study.lab().worstCase() ? org.aecapture.lab.LabGrader.Convention.WORST_CASE
                : org.aecapture.lab.LabGrader.Convention.STRICT);
        this.today = today;
        // each suggestion says why it is offered: "coded 3 times in this study", "abbreviation: URTI", ...
        term = new SuggestField<>("termSearch", q -> catalog.suggest(q, codingHistory, 12),
                s -> s.term().term() + "\n    " + s.reason() + "  \u00b7  " + s.term().soc() + "  \u00b7  " + s.term().meddraCode(),
                s -> s.term().term(), 2);
        lab = new LabSection(text, rules.labCriteria());
        sae = new SaeSection(text, java.time.ZoneId.systemDefault());
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
        build();
        wire();
    }

    private Label label(String key, Control target) {
        Label l = new Label(text.getString(key));
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        l.getStyleClass().add("field-label");
        GridPane.setValignment(l, javafx.geometry.VPos.TOP); // level with its field when the field grows (suggestions)
        return l;
    }

    private void build() {
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
        bottom.getColumnConstraints().addAll(new ColumnConstraints(130), new ColumnConstraints(330), new ColumnConstraints(150),
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
                (Control c, Object v) -> ValidationResult.fromErrorIf(c, messages.get(field), messages.containsKey(field))));
        showTerm(null);
        showSerious(false);
        showGradeReason();
    }

    private <E extends Enum<E>> void choices(ComboBox<E> box, String id, E[] values, String key) {
        box.setId(id);
        box.setItems(FXCollections.observableArrayList(values));
        box.setPrefWidth(300);
        Choices.namedWithPrompt(box, e -> text.getString(e.getDeclaringClass().getSimpleName() + "." + e.name()), text.getString("ae.choose"));
    }

    private void wire() {
        verbatim.textProperty().addListener((o, was, is) -> {
            term.suggestFrom(is);
            changed();
        });
        term.chosenProperty().addListener((o, was, is) -> {
            showTerm(is == null ? null : is.term());
            changed();
        });
        otherSpecify.textProperty().addListener((o, was, is) -> changed());
        grades.selectedToggleProperty().addListener((o, was, is) -> {
            showGradeReason();
            changed();
        });
        for (TextField f : List.of(lab.value, lab.lln, lab.uln, lab.baseline)) {
            f.textProperty().addListener((o, was, is) -> labChanged());
        }
        lab.unit.valueProperty().addListener((o, was, is) -> labChanged());
        lab.onFactsChanged(this::labChanged);
        gradeReason.textProperty().addListener((o, was, is) -> changed());
        onset.valueProperty().addListener((o, was, is) -> changed());
        end.valueProperty().addListener((o, was, is) -> changed());
        ongoing.selectedProperty().addListener((o, was, is) -> {
            if (is) {
                end.set(null); // an ongoing AE has no end date
            }
            end.setEntryDisabled(is);
            changed();
        });
        sae.observables().forEach(p -> p.addListener(o -> changed()));
        serious.selectedProperty().addListener((o, was, is) -> {
            showSerious(is);
            sae.show(is);
            if (!is) {
                criteria.values().forEach(b -> b.setSelected(false));
            }
            changed();
        });
        criteria.values().forEach(b -> b.selectedProperty().addListener((o, was, is) -> changed()));
        relationship.valueProperty().addListener((o, was, is) -> changed());
        actionTaken.valueProperty().addListener((o, was, is) -> changed());
        outcome.valueProperty().addListener((o, was, is) -> changed());
        visit.valueProperty().addListener((o, was, is) -> changed());
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
        if (!specify) {
            otherSpecify.clear();
        }
        lab.show(t == null ? null : t.meddraCode());
        for (ToggleButton b : gradeButtons) {
            int g = (Integer) b.getUserData();
            String description = t == null ? "" : t.gradeDescription(g).orElse(text.getString("ae.grade.undefined"));
            b.setText(MessageFormat.format(text.getString("ae.grade.n"), g) + "\n" + description);
            b.setTooltip(t == null ? null : new Tooltip(description)); // the whole criterion, whatever the width
            boolean defined = t != null && t.isGradeDefined(g);
            b.setDisable(!defined);
            if (!defined && b.isSelected()) {
                b.setSelected(false);
            }
        }
        if (!loading) {
            labChanged();
        }
    }

    /**
     * The laboratory value changed (or the term): grade it, say so under the fields, pre-select a new grade it gives and
     * mark its words on the grade card. A grade the investigator chose stays until the value gives another one.
     */
    private void labChanged() {
        LabMeasurement m = lab.measurement();
        CtcaeTerm t = chosenTerm();
        LabGrade g = m == null || t == null ? null : rules.labGrade(draft().withLab(m)).orElse(null);
        lab.showResult(g, m);
        Integer was = labGrade == null ? null : labGrade.grade();
        labGrade = g;
        if (!loading && g != null && g.outcome() == LabGrade.Outcome.GRADED && !g.grade().equals(was)
                && t.isGradeDefined(g.grade())) {
            grades.selectToggle(gradeButtons.get(g.grade() - 1));
        } else if (!loading && was != null && was >= 1 && (g == null || g.outcome() != LabGrade.Outcome.GRADED)
                && grades.getSelectedToggle() == gradeButtons.get(was - 1)) {
            // the grade the value gave (typing 12 on the way to 127) no longer follows from it: not left standing as if it did
            grades.selectToggle(null);
        }
        markLabText(t);
        showGradeReason();
        changed();
    }

    /** The grade card that the value's criteria belong to shows the matching CTCAE words marked. */
    private void markLabText(CtcaeTerm t) {
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

    /** The reason field appears when the chosen grade is not the one the laboratory value gives. */
    private void showGradeReason() {
        Integer chosen = grades.getSelectedToggle() == null ? null : (Integer) grades.getSelectedToggle().getUserData();
        boolean differs = labGrade != null && labGrade.isGraded() && chosen != null && !labGrade.grade().equals(chosen);
        gradeReasonRow.setVisible(differs);
        gradeReasonRow.setManaged(differs);
        if (differs) {
            gradeReason.setPromptText(MessageFormat.format(text.getString("ae.gradeReason.prompt"), chosen, labGrade.grade()));
        }
    }

    private void showSerious(boolean show) {
        criteriaPane.setVisible(show);
        criteriaPane.setManaged(show);
    }

    /** Starts a new AE for a subject, the visit defaulting to the one whose window holds today. */
    void startNew(Subject s) {
        load(s, null);
    }

    /** Shows a stored AE for correction, or a blank form when {@code ae} is null. */
    void load(Subject s, AdverseEvent ae) {
        load(s, ae, null);
    }

    /** Shows a stored AE with its SAE details (null: none) for correction. */
    void load(Subject s, AdverseEvent ae, org.aecapture.sae.SaeDetails saeDetails) {
        loading = true;
        try {
            subject = s;
            loaded = ae;
            loadedSae = saeDetails;
            sae.setSiteZone(study.zoneOf(s.site())); // before the SAE details are shown: their times are the site's
            sae.load(saeDetails);
            sae.show(ae != null && ae.serious());
            onset.setDay1(s::firstDoseDate);
            end.setDay1(s::firstDoseDate);
            verbatim.setText(ae == null ? "" : ae.verbatimTerm());
            term.clear();
            if (ae != null) {
                catalog.byMeddraCode(ae.meddraCode()).ifPresent(t -> term.choose(storedCoding(t, ae.termCoding())));
            }
            showTerm(chosenTerm());
            lab.load(ae == null ? null : ae.lab());
            gradeReason.setText(ae == null || ae.gradeReason() == null ? "" : ae.gradeReason());
            otherSpecify.setText(ae == null || ae.otherSpecify() == null ? "" : ae.otherSpecify());
            grades.selectToggle(ae == null ? null : gradeButtons.get(ae.grade() - 1));
            onset.set(ae == null ? null : ae.onsetDate());
            ongoing.setSelected(ae != null && ae.ongoing());
            end.set(ae == null ? null : ae.endDate());
            serious.setSelected(ae != null && ae.serious());
            criteria.forEach((c, b) -> b.setSelected(ae != null && ae.seriousCriteria().contains(c)));
            relationship.setValue(ae == null ? null : ae.relationship());
            actionTaken.setValue(ae == null ? null : ae.actionTaken());
            outcome.setValue(ae == null ? null : ae.outcome());
            visit.setValue(ae == null ? defaultVisit(s) : study.visit(ae.reportedAtVisit()).orElse(null));
            labGrade = null;
            labChanged(); // shows what the stored value gives, without changing the stored grade
        } finally {
            loading = false;
        }
        changed();
    }

    private VisitDefinition defaultVisit(Subject s) {
        return study.visitForDate(today.get(), s.firstDoseDate()).orElse(null);
    }

    /** The study's coding history to suggest from (read off the FX thread by the caller). */
    void setCodingHistory(CodingHistory history) {
        this.codingHistory = history == null ? CodingHistory.NONE : history;
    }

    private CtcaeTerm chosenTerm() {
        TermSuggestion chosen = term.chosenProperty().get();
        return chosen == null ? null : chosen.term();
    }

    /** A stored AE's term as a suggestion carrying how it was chosen then ({@code null} reason: not recorded). */
    private static TermSuggestion storedCoding(CtcaeTerm t, String coding) {
        return TermSuggestion.Stored.parse(coding)
                .map(st -> new TermSuggestion(t, st.source().orElse(TermSuggestion.Source.CATALOG), st.reason()))
                .orElse(new TermSuggestion(t, TermSuggestion.Source.CATALOG, null));
    }

    /** The AE as the form stands: what Save would store. */
    AdverseEvent draft() {
        CtcaeTerm t = chosenTerm();
        Set<SeriousCriterion> ticked = EnumSet.noneOf(SeriousCriterion.class);
        criteria.forEach((c, b) -> {
            if (b.isSelected()) {
                ticked.add(c);
            }
        });
        Integer grade = grades.getSelectedToggle() == null ? null : (Integer) grades.getSelectedToggle().getUserData();
        VisitDefinition v = visit.getValue();
        return new AdverseEvent(loaded == null ? null : loaded.id(), subject.subjectNumber(), verbatim.getText().strip(),
                t == null ? null : t.meddraCode(), t == null ? null : t.term(), t == null ? null : t.soc(),
                otherSpecify.getText().isBlank() ? null : otherSpecify.getText().strip(), grade, onset.valueProperty().get().date(),
                end.valueProperty().get().date(), ongoing.isSelected(), serious.isSelected(), ticked, relationship.getValue(),
                actionTaken.getValue(), outcome.getValue(), v == null ? null : v.code(), loaded == null ? 0 : loaded.version(), false,
                term.chosenProperty().get() == null ? null : term.chosenProperty().get().stored(), lab.typed(),
                gradeReasonRow.isVisible() && !gradeReason.getText().isBlank() ? gradeReason.getText().strip() : null);
    }

    /** The SAE details to save with a serious AE; null for an AE that is not serious. */
    org.aecapture.sae.SaeDetails saeDetails() {
        return serious.isSelected() ? sae.details(loadedSae) : null;
    }

    void revalidate() {
        changed();
    }

    /** Re-checks the whole form: unreadable dates first, then the domain rules. */
    private void changed() {
        if (loading || subject == null) {
            return;
        }
        Map<String, String> found = new LinkedHashMap<>();
        if (!onset.valueProperty().get().isValid()) {
            found.put(AeFields.ONSET_DATE, onset.valueProperty().get().error());
        }
        if (!end.valueProperty().get().isValid()) {
            found.put(AeFields.END_DATE, end.valueProperty().get().error());
        }
        if (lab.isShown()) {
            lab.unreadable().forEach(u -> found.put(u.field(), u.message()));
        }
        if (serious.isSelected()) {
            sae.unreadable().forEach(u -> found.put(u.field(), u.message()));
        }
        AdverseEvent draft = draft();
        for (Violation v : rules.validate(draft, subject, today.get())) {
            found.putIfAbsent(v.field(), v.message());
        }
        if (serious.isSelected()) {
            for (Violation v : org.aecapture.sae.SaeRules.validate(draft, saeDetails(), java.time.Instant.now())) {
                found.putIfAbsent(v.field(), v.message());
            }
        }
        messages = found;
        validation.revalidate();
        valid.set(found.isEmpty());
        problemsList.setText(found.isEmpty() ? "" : found.entrySet().stream()
                .map(e -> "\u2022 " + FieldLabels.of(text, e.getKey()) + ": " + e.getValue()).collect(Collectors.joining("\n")));
    }

    /** Whether anything differs from what was loaded (or from a blank form). */
    boolean isDirty() {
        if (subject == null) {
            return false;
        }
        AdverseEvent now = draft();
        if (loaded == null) {
            return !now.verbatimTerm().isEmpty() || now.meddraCode() != null || now.grade() != null || now.onsetDate() != null
                    || now.endDate() != null || now.ongoing() || now.serious() || now.relationship() != null
                    || now.actionTaken() != null || now.outcome() != null || now.lab() != null;
        }
        return !now.equals(loaded.withKey(loaded.id(), loaded.version())) || (now.serious() && !sameSae(saeDetails(), loadedSae));
    }

    /** The same SAE details, the awareness time compared as an instant (it is shown in the site's zone). */
    private static boolean sameSae(org.aecapture.sae.SaeDetails a, org.aecapture.sae.SaeDetails b) {
        if (a == null || b == null) {
            return a == b;
        }
        java.util.function.Function<org.aecapture.sae.SaeDetails, org.aecapture.sae.SaeDetails> atUtc = d -> new org.aecapture.sae.SaeDetails(
                d.id(), d.aeId(), d.subjectNumber(), d.awareAt() == null ? null : d.awareAt().withOffsetSameInstant(java.time.ZoneOffset.UTC),
                d.admissionDate(), d.dischargeDate(), d.deathDate(), d.causeOfDeath(), d.autopsy(), d.narrative(), d.medicalHistory(),
                d.concomitantMedications(), d.dechallenge(), d.rechallenge(), d.version());
        return atUtc.apply(a).equals(atUtc.apply(b));
    }

    Map<String, String> problems() {
        return messages;
    }

    ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    boolean isEditing() {
        return loaded != null;
    }

    AdverseEvent loaded() {
        return loaded;
    }

}
