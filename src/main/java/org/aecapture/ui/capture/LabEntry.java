package org.aecapture.ui.capture;

import java.math.BigDecimal;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.aecapture.domain.AeFields;
import org.aecapture.lab.ClinicalFact;
import org.aecapture.lab.LabCriteria;
import org.aecapture.lab.LabCriterion;
import org.aecapture.lab.LabGrade;
import org.aecapture.lab.LabMeasurement;

/**
 * The laboratory value of a lab-defined CTCAE term as the site types it (value, unit, LLN, ULN, baseline, the clinical
 * facts the term's criteria ask for) and what CTCAE makes of it, in words. No control: the AE form's model owns it and
 * the lab section binds to it.
 */
final class LabEntry {

    /** How the result line reads: a hint (nothing to grade yet), a grade, or why there is none. */
    enum ResultState { HINT, GRADED, NOT_GRADED }

    final StringProperty value = new SimpleStringProperty("");
    final ObjectProperty<String> unit = new SimpleObjectProperty<>();
    final StringProperty lln = new SimpleStringProperty("");
    final StringProperty uln = new SimpleStringProperty("");
    final StringProperty baseline = new SimpleStringProperty("");
    /** A blood pressure's diastolic value; the value is then the systolic (CTCAE v6.0 Hypertension). */
    final StringProperty diastolic = new SimpleStringProperty("");
    /** The term's units, the first the default. */
    final ObservableList<String> units = FXCollections.observableArrayList();
    /** The facts stated, true present and false absent; a fact not in the map is not known. */
    final ObservableMap<ClinicalFact, Boolean> facts = FXCollections.observableMap(new EnumMap<>(ClinicalFact.class));
    /** The facts the term's criteria ask for ("asymptomatic", "physiologic consequences", …), in order. */
    final ObservableList<ClinicalFact> askedFacts = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper shown = new ReadOnlyBooleanWrapper(false);
    /** Whether the term's criteria use the laboratory's normal range (LLN, ULN), and a baseline: their fields show only then. */
    private final ReadOnlyBooleanWrapper limitsAsked = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper baselineAsked = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper diastolicAsked = new ReadOnlyBooleanWrapper(false);
    /** What the value is: "Laboratory value", or the measurement's own name (a temperature, a QTc, a weight). */
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ResultState> resultState = new ReadOnlyObjectWrapper<>(ResultState.HINT);
    private final ResourceBundle text;
    private final LabCriteria criteria;
    private String meddraCode;

    LabEntry(ResourceBundle text, LabCriteria criteria) {
        this.text = text;
        this.criteria = criteria;
        result.set(text.getString("ae.lab.hint"));
        title.set(text.getString("ae.lab"));
    }

    /** The inputs, for the form's change listeners. */
    List<javafx.beans.Observable> observables() {
        return List.of(value, unit, lln, uln, baseline, facts, diastolic);
    }

    /** Shows the entry for a lab-defined term (with its units, the first chosen) and hides and clears it otherwise. */
    void show(String code) {
        boolean lab = code != null && criteria.isLabDefined(code);
        if (lab && code.equals(meddraCode)) {
            return;
        }
        meddraCode = lab ? code : null;
        shown.set(lab);
        Set<ClinicalFact> asked = EnumSet.noneOf(ClinicalFact.class);
        Set<LabCriterion.Reference> refs = EnumSet.noneOf(LabCriterion.Reference.class);
        boolean byBaselineKind = false; // "if baseline was normal / abnormal": judged against the normal range
        boolean twoPressures = false;
        for (LabCriterion c : lab ? criteria.forTerm(code) : List.<LabCriterion>of()) {
            if (c.clinical() != null) {
                asked.addAll(ClinicalFact.askedBy(c.clinical()));
            }
            refs.addAll(c.condition().references());
            byBaselineKind |= c.baseline() != null;
            twoPressures |= c.condition().needsDiastolic();
        }
        diastolicAsked.set(twoPressures);
        askedFacts.setAll(asked);
        boolean limits = !lab || byBaselineKind || refs.contains(LabCriterion.Reference.LLN) || refs.contains(LabCriterion.Reference.ULN);
        limitsAsked.set(limits);
        baselineAsked.set(limits || refs.contains(LabCriterion.Reference.BASELINE));
        title.set(measurementText(""));
        if (resultState.get() == ResultState.HINT) {
            result.set(measurementText(".hint"));
        }
        if (!lab) {
            clear();
            units.clear();
            unit.set(null);
            return;
        }
        String kept = unit.get();
        units.setAll(criteria.unitsFor(code));
        unit.set(kept != null && units.contains(kept) ? kept : units.get(0));
    }

    /**
     * The shown term's measurement's own text ("ae.lab.temperature", "ae.lab.temperature.hint") when the bundle has one,
     * else the laboratory value's ("ae.lab", "ae.lab.hint").
     */
    private String measurementText(String suffix) {
        if (meddraCode != null) {
            String own = "ae.lab." + criteria.forTerm(meddraCode).get(0).analyte() + suffix;
            if (text.containsKey(own)) {
                return text.getString(own);
            }
        }
        return text.getString("ae.lab" + suffix);
    }

    ReadOnlyBooleanProperty limitsAskedProperty() {
        return limitsAsked.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty baselineAskedProperty() {
        return baselineAsked.getReadOnlyProperty();
    }

    /** Whether the term is graded from two pressures, so that the diastolic field shows. */
    ReadOnlyBooleanProperty diastolicAskedProperty() {
        return diastolicAsked.getReadOnlyProperty();
    }

    ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    void clear() {
        value.set("");
        lln.set("");
        uln.set("");
        baseline.set("");
        diastolic.set("");
        facts.clear();
    }

    /** Fills the entry with a stored value. */
    void load(LabMeasurement m) {
        if (m == null) {
            clear();
            return;
        }
        value.set(plain(m.value()));
        if (m.unit() != null) {
            unit.set(m.unit());
        }
        lln.set(plain(m.lln()));
        uln.set(plain(m.uln()));
        baseline.set(plain(m.baseline()));
        diastolic.set(plain(m.diastolic()));
        facts.clear();
        facts.putAll(m.facts());
    }

    private static String plain(BigDecimal d) {
        return d == null ? "" : d.toPlainString();
    }

    boolean isShown() {
        return shown.get();
    }

    ReadOnlyBooleanProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** Whether anything is typed: an empty entry stores no laboratory value. */
    boolean isEmpty() {
        return value.get().isBlank() && lln.get().isBlank() && uln.get().isBlank() && baseline.get().isBlank() && diastolic.get().isBlank();
    }

    /** The fields that hold something other than a number, with why; empty when all can be read. */
    List<FieldProblem> unreadable() {
        List<FieldProblem> bad = new ArrayList<>();
        check(value.get(), AeFields.LAB_VALUE, bad);
        check(lln.get(), AeFields.LAB_LLN, bad);
        check(uln.get(), AeFields.LAB_ULN, bad);
        check(baseline.get(), AeFields.LAB_BASELINE, bad);
        check(diastolic.get(), AeFields.LAB_DIASTOLIC, bad);
        return bad;
    }

    private static void check(String typed, String field, List<FieldProblem> bad) {
        try {
            LabMeasurement.number(typed);
        } catch (NumberFormatException e) {
            bad.add(new FieldProblem(field, e.getMessage()));
        }
    }

    /** The value as typed; null when the entry is hidden, empty or holds something unreadable. */
    LabMeasurement measurement() {
        return unreadable().isEmpty() ? typed() : null;
    }

    /** What is typed, each unreadable number left out (the form reports it on its field); null when nothing is typed. */
    LabMeasurement typed() {
        if (!isShown() || isEmpty()) {
            return null;
        }
        Map<ClinicalFact, Boolean> stated = new EnumMap<>(ClinicalFact.class);
        facts.forEach((f, present) -> {
            if (askedFacts.contains(f)) { // only the facts this term asks for
                stated.put(f, present);
            }
        });
        return new LabMeasurement(lenient(value.get()), unit.get(), lenient(lln.get()), lenient(uln.get()), lenient(baseline.get()), stated,
                diastolicAsked.get() ? lenient(diastolic.get()) : null);
    }

    private static BigDecimal lenient(String typed) {
        try {
            return LabMeasurement.number(typed);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Says what CTCAE makes of the value: "Grade 3 from ANC 0.8 10^9/L: <1.0 - 0.5 x 10e9 /L", or why it cannot grade. */
    void showResult(LabGrade g, LabMeasurement m) {
        if (g == null || m == null) {
            result.set(measurementText(".hint"));
            resultState.set(ResultState.HINT);
        } else if (g.outcome() == LabGrade.Outcome.GRADED) {
            String analyte = criteria.forTerm(meddraCode).get(0).analyte();
            String name = text.containsKey("lab.analyte." + analyte) ? text.getString("lab.analyte." + analyte) : analyte;
            String read = m.diastolic() == null ? m.value().toPlainString() : m.value().toPlainString() + "/" + m.diastolic().toPlainString();
            result.set(MessageFormat.format(text.getString("ae.lab.graded"), g.grade(), name, read, m.unit(),
                    g.ctcaeText()) + (g.notes().isEmpty() ? "" : " (" + String.join("; ", g.notes()) + ")"));
            resultState.set(ResultState.GRADED);
        } else {
            result.set(capitalised(g.reason()));
            resultState.set(ResultState.NOT_GRADED);
        }
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<ResultState> resultStateProperty() {
        return resultState.getReadOnlyProperty();
    }
}
