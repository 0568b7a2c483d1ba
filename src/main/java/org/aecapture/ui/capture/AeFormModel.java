package org.aecapture.ui.capture;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import org.aecapture.ctcae.CodingHistory;
import org.aecapture.ctcae.CtcaeCatalog;
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
import org.aecapture.lab.LabGrade;
import org.aecapture.lab.LabGrader;
import org.aecapture.lab.LabMeasurement;
import org.aecapture.sae.SaeDetails;
import org.aecapture.sae.SaeRules;
import org.aecapture.study.StudyDefinition;
import org.aecapture.study.VisitDefinition;
import org.aecapture.ui.DateEntry;

/**
 * The AE form without a control: the draft as typed, what follows from it (the term's grades and laboratory entry, the
 * grade a laboratory value gives, whether another grade needs a reason), the problems that keep Save off, and whether
 * anything changed. "Today" is the site's date on the injected clock. The form binds its controls to these properties;
 * every rule of the form is tested here without a screen.
 */
final class AeFormModel {

    private final ResourceBundle text;
    private final CtcaeCatalog catalog;
    private final StudyDefinition study;
    private final AdverseEventRules rules;
    private final Clock clock;

    final StringProperty verbatim = new SimpleStringProperty("");
    final ObjectProperty<TermSuggestion> term = new SimpleObjectProperty<>();
    final StringProperty otherSpecify = new SimpleStringProperty("");
    /** The chosen grade, 1 to 5; null: none chosen. */
    final ObjectProperty<Integer> grade = new SimpleObjectProperty<>();
    final LabEntry lab;
    final StringProperty gradeReason = new SimpleStringProperty("");
    /** The onset and end dates as typed (DD-MMM-YYYY, ISO, UNK parts). */
    final StringProperty onset = new SimpleStringProperty("");
    final StringProperty end = new SimpleStringProperty("");
    final BooleanProperty ongoing = new SimpleBooleanProperty(false);
    final BooleanProperty serious = new SimpleBooleanProperty(false);
    final ObservableSet<SeriousCriterion> criteria = FXCollections.observableSet(EnumSet.noneOf(SeriousCriterion.class));
    final ObjectProperty<Relationship> relationship = new SimpleObjectProperty<>();
    final ObjectProperty<ActionTaken> actionTaken = new SimpleObjectProperty<>();
    final ObjectProperty<Outcome> outcome = new SimpleObjectProperty<>();
    final ObjectProperty<VisitDefinition> visit = new SimpleObjectProperty<>();
    final SaeEntry sae;

    /** The grade the laboratory value last gave (null: none); a new one is pre-selected, the investigator may choose another. */
    private final ReadOnlyObjectWrapper<LabGrade> labGrade = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper gradeReasonNeeded = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Map<String, String>> problems = new ReadOnlyObjectWrapper<>(Map.of());
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(false);
    /** The study's coding history as last read; the capture screen reads it anew off the FX thread. */
    private volatile CodingHistory codingHistory = CodingHistory.NONE;

    private Subject subject;
    private AdverseEvent loaded;
    private SaeDetails loadedSae;
    private ZoneId siteZone;
    private boolean loading;

    AeFormModel(ResourceBundle text, CtcaeCatalog catalog, StudyDefinition study, Clock clock) {
        this.text = text;
        this.catalog = catalog;
        this.study = study;
        this.clock = clock;
        this.siteZone = clock.getZone();
        this.rules = new AdverseEventRules(catalog, study.lab().worstCase() ? LabGrader.Convention.WORST_CASE : LabGrader.Convention.STRICT);
        this.lab = new LabEntry(text, rules.labCriteria());
        this.sae = new SaeEntry(text, clock);
        term.addListener((o, was, is) -> termChosen());
        lab.observables().forEach(p -> p.addListener(o -> labChanged()));
        grade.addListener((o, was, is) -> {
            showGradeReason();
            changed();
        });
        ongoing.addListener((o, was, is) -> {
            if (is) {
                end.set(""); // an ongoing AE has no end date
            }
            changed();
        });
        serious.addListener((o, was, is) -> {
            if (!is) {
                criteria.clear();
            }
            changed();
        });
        criteria.addListener((javafx.collections.SetChangeListener<SeriousCriterion>) c -> changed());
        for (javafx.beans.Observable p : List.of(verbatim, otherSpecify, gradeReason, onset, end, relationship, actionTaken, outcome, visit)) {
            p.addListener(o -> changed());
        }
        sae.observables().forEach(p -> p.addListener(o -> changed()));
    }

    /** The term suggestions for what is typed, each saying why it is offered ("coded 3 times in this study", …). */
    List<TermSuggestion> suggest(String query) {
        return catalog.suggest(query, codingHistory, 12);
    }

    /** The study's coding history to suggest from (read off the FX thread by the caller). */
    void setCodingHistory(CodingHistory history) {
        this.codingHistory = history == null ? CodingHistory.NONE : history;
    }

    CtcaeTerm chosenTerm() {
        TermSuggestion chosen = term.get();
        return chosen == null ? null : chosen.term();
    }

    /** A term was chosen (or none): its own text, laboratory entry and grades; a grade it does not define is unchosen. */
    private void termChosen() {
        CtcaeTerm t = chosenTerm();
        if (t == null || !t.isOtherSpecify()) {
            otherSpecify.set("");
        }
        lab.show(t == null ? null : t.meddraCode());
        if (grade.get() != null && (t == null || !t.isGradeDefined(grade.get()))) {
            grade.set(null);
        }
        if (!loading) {
            labChanged();
        }
        changed();
    }

    /**
     * The laboratory value changed (or the term): grade it, pre-select a new grade it gives. A grade the investigator chose
     * stays until the value gives another one.
     */
    private void labChanged() {
        if (subject == null) {
            return;
        }
        LabMeasurement m = lab.measurement();
        CtcaeTerm t = chosenTerm();
        LabGrade g = m == null || t == null ? null : rules.labGrade(draft().withLab(m)).orElse(null);
        lab.showResult(g, m);
        Integer was = labGrade.get() == null ? null : labGrade.get().grade();
        labGrade.set(g);
        if (!loading && g != null && g.outcome() == LabGrade.Outcome.GRADED && !g.grade().equals(was) && t.isGradeDefined(g.grade())) {
            grade.set(g.grade());
        } else if (!loading && was != null && was >= 1 && (g == null || g.outcome() != LabGrade.Outcome.GRADED)
                && was.equals(grade.get())) {
            // the grade the value gave (typing 12 on the way to 127) no longer follows from it: not left standing as if it did
            grade.set(null);
        }
        showGradeReason();
        changed();
    }

    /** A reason is asked for when the chosen grade is not the one the laboratory value gives. */
    private void showGradeReason() {
        LabGrade g = labGrade.get();
        gradeReasonNeeded.set(g != null && g.isGraded() && grade.get() != null && !g.grade().equals(grade.get()));
    }

    /** Starts a new AE for a subject, the visit defaulting to the one whose window holds the site's today. */
    void startNew(Subject s) {
        load(s, null, null);
    }

    /** Shows a stored AE (null: a blank form) with its SAE details (null: none) for correction. */
    void load(Subject s, AdverseEvent ae, SaeDetails saeDetails) {
        loading = true;
        try {
            subject = s;
            loaded = ae;
            loadedSae = saeDetails;
            siteZone = study.zoneOf(s.site());
            sae.load(saeDetails, siteZone);
            verbatim.set(ae == null ? "" : ae.verbatimTerm());
            term.set(ae == null ? null : catalog.byMeddraCode(ae.meddraCode()).map(t -> storedCoding(t, ae.termCoding())).orElse(null));
            termChosen();
            lab.load(ae == null ? null : ae.lab());
            gradeReason.set(ae == null || ae.gradeReason() == null ? "" : ae.gradeReason());
            otherSpecify.set(ae == null || ae.otherSpecify() == null ? "" : ae.otherSpecify());
            grade.set(ae == null ? null : ae.grade());
            onset.set(ae == null ? "" : DateEntry.text(ae.onsetDate()));
            ongoing.set(ae != null && ae.ongoing());
            end.set(ae == null ? "" : DateEntry.text(ae.endDate()));
            serious.set(ae != null && ae.serious());
            criteria.clear();
            if (ae != null) {
                criteria.addAll(ae.seriousCriteria());
            }
            relationship.set(ae == null ? null : ae.relationship());
            actionTaken.set(ae == null ? null : ae.actionTaken());
            outcome.set(ae == null ? null : ae.outcome());
            visit.set(ae == null ? defaultVisit(s) : study.visit(ae.reportedAtVisit()).orElse(null));
            labGrade.set(null);
            labChanged(); // shows what the stored value gives, without changing the stored grade
        } finally {
            loading = false;
        }
        changed();
    }

    /** Today at the subject's site. */
    LocalDate today() {
        return LocalDate.now(clock.withZone(siteZone));
    }

    private VisitDefinition defaultVisit(Subject s) {
        return study.visitForDate(today(), s.firstDoseDate()).orElse(null);
    }

    /** A stored AE's term as a suggestion carrying how it was chosen then ({@code null} reason: not recorded). */
    private static TermSuggestion storedCoding(CtcaeTerm t, String coding) {
        return TermSuggestion.Stored.parse(coding)
                .map(st -> new TermSuggestion(t, st.source().orElse(TermSuggestion.Source.CATALOG), st.reason()))
                .orElse(new TermSuggestion(t, TermSuggestion.Source.CATALOG, null));
    }

    DateEntry onsetEntry() {
        return DateEntry.read(onset.get(), text);
    }

    DateEntry endEntry() {
        return DateEntry.read(end.get(), text);
    }

    /** The AE as the form stands: what Save would store. */
    AdverseEvent draft() {
        CtcaeTerm t = chosenTerm();
        VisitDefinition v = visit.get();
        return AdverseEvent.of(subject.subjectNumber()).id(loaded == null ? null : loaded.id()).verbatimTerm(verbatim.get().strip())
                .term(t == null ? null : t.meddraCode(), t == null ? null : t.term(), t == null ? null : t.soc())
                .otherSpecify(stripped(otherSpecify.get())).grade(grade.get()).onsetDate(onsetEntry().date()).endDate(endEntry().date())
                .ongoing(ongoing.get()).serious(serious.get()).seriousCriteria(criteria).relationship(relationship.get())
                .actionTaken(actionTaken.get()).outcome(outcome.get()).reportedAtVisit(v == null ? null : v.code())
                .version(loaded == null ? 0 : loaded.version()).termCoding(term.get() == null ? null : term.get().stored())
                .lab(lab.typed()).gradeReason(gradeReasonNeeded.get() ? stripped(gradeReason.get()) : null).build();
    }

    private static String stripped(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The SAE details to save with a serious AE; null for an AE that is not serious. */
    SaeDetails saeDetails() {
        return serious.get() ? sae.details(loadedSae) : null;
    }

    /** Re-checks the whole form: unreadable dates, numbers and times first, then the AE's and the SAE's rules. */
    void changed() {
        if (loading || subject == null) {
            return;
        }
        Map<String, String> found = new LinkedHashMap<>();
        DateEntry onsetTyped = onsetEntry();
        if (!onsetTyped.isValid()) {
            found.put(AeFields.ONSET_DATE, onsetTyped.error());
        }
        DateEntry endTyped = endEntry();
        if (!endTyped.isValid()) {
            found.put(AeFields.END_DATE, endTyped.error());
        }
        if (lab.isShown()) {
            lab.unreadable().forEach(u -> found.put(u.field(), u.message()));
        }
        if (serious.get()) {
            sae.unreadable().forEach(u -> found.put(u.field(), u.message()));
        }
        AdverseEvent draft = draft();
        for (Violation v : rules.validate(draft, subject, today())) {
            found.putIfAbsent(v.field(), v.message());
        }
        if (serious.get()) {
            for (Violation v : SaeRules.validate(draft, saeDetails(), clock.instant())) {
                found.putIfAbsent(v.field(), v.message());
            }
        }
        problems.set(Collections.unmodifiableMap(found));
        valid.set(found.isEmpty());
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
        return !now.equals(loaded.withKey(loaded.id(), loaded.version())) || (now.serious() && !SaeEntry.same(saeDetails(), loadedSae));
    }

    /** Each problem's message by the rules' field name, in the order found; empty when Save may go ahead. */
    ReadOnlyObjectProperty<Map<String, String>> problemsProperty() {
        return problems.getReadOnlyProperty();
    }

    Map<String, String> problems() {
        return problems.get();
    }

    ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<LabGrade> labGradeProperty() {
        return labGrade.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty gradeReasonNeededProperty() {
        return gradeReasonNeeded.getReadOnlyProperty();
    }

    Subject subject() {
        return subject;
    }

    boolean isEditing() {
        return loaded != null;
    }

    AdverseEvent loaded() {
        return loaded;
    }
}
