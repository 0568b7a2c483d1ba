package org.aecapture.lab;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.aecapture.lab.LabCriterion.Direction;
import org.aecapture.lab.LabCriterion.Inputs;
import org.aecapture.lab.LabCriterion.Reference;

/**
 * Grades a laboratory value by the CTCAE criteria of a term (v5.0's or v6.0's, as the criteria given), as the CTCAE
 * text writes them.
 * <ul>
 * <li>A value within the normal range given is grade 0, whatever else holds.</li>
 * <li>Every criterion the value meets counts and the highest grade met is the grade ("×baseline; ×ULN": either).</li>
 * <li>"If baseline was normal / abnormal" rows apply by the baseline: abnormal means above ULN for a high term, below
 * LLN for a low one.</li>
 * <li>A criterion that needs a clinical fact ("and asymptomatic", "symptomatic") decides nothing alone: when it is all
 * the value meets, the grade is left to the investigator with the choices named.</li>
 * <li>A criterion that needs a limit or baseline not given is not guessed: when nothing else grades the value, the
 * reason says what is needed; when something does, the reason says which criteria were not checked.</li>
 * </ul>
 */
public final class LabGrader {

    /**
     * How to read what CTCAE leaves open. {@code STRICT}: a grade the value alone cannot decide is left to a person.
     * {@code WORST_CASE}, as sponsors' grading programs commonly settle it: where only an unstated clinical fact separates
     * grades, the higher; Hemoglobin increased measured from ULN when the baseline is normal (or unknown), from the
     * baseline when it is above ULN (CTCAE v4.03's wording); absolute bounds (Hypertriglyceridemia's) applied whatever the
     * laboratory's ULN. The reason says when this reading gave the grade.
     */
    public enum Convention { STRICT, WORST_CASE }

    private final LabCriteria criteria;
    private final Convention convention;

    public LabGrader(LabCriteria criteria) {
        this(criteria, Convention.STRICT);
    }

    public LabGrader(LabCriteria criteria, Convention convention) {
        this.criteria = criteria;
        this.convention = convention;
    }

    public LabCriteria criteria() {
        return criteria;
    }

    /**
     * Grades a value with the clinical facts stated beside it ({@link LabMeasurement#facts()}: present or absent): a
     * criterion that needs facts decides its grade when every fact it needs is stated as it needs it, and does not apply
     * when one is stated otherwise; a fact not stated leaves it to a person (or, worst case, to the higher grade).
     */
    public LabGrade grade(String meddraCode, LabMeasurement m) {
        java.util.Objects.requireNonNull(m.value(), "a value to grade");
        java.util.Map<ClinicalFact, Boolean> facts = m.facts();
        List<LabCriterion> rows = criteria.forTerm(meddraCode);
        if (rows.isEmpty()) {
            return new LabGrade(null, LabGrade.Outcome.NOT_LAB_DEFINED, List.of(), List.of(), List.of());
        }
        LabCriterion first = rows.get(0);
        LabUnits units = criteria.units();
        // a term CTCAE grades only in multiples of ULN, LLN or baseline: the value and its limits on one row are in one
        // unit, whichever it is, so no unit given changes nothing of the grade
        boolean ratiosOnly = rows.stream().allMatch(r -> r.unit() == null);
        if ((m.unit() == null || m.unit().isBlank()) && ratiosOnly) {
            List<String> notes = new ArrayList<>(List.of(LabGrade.text("noUnitRatios")));
            return grade(rows, new Inputs(m.value(), m.lln(), m.uln(), m.baseline(), m.diastolic()), m.facts(), notes, null, false);
        }
        Optional<String> typedUnit = units.resolve(first.analyte(), m.unit());
        if (typedUnit.isEmpty()) {
            return m.unit() == null || m.unit().isBlank() ? noUnit(first) : unknownUnit(first);
        }
        // the unit the rows are read in: the typed one when CTCAE writes the term in it (boundaries exactly as written),
        // else the first unit CTCAE writes it in that the typed one converts to
        List<String> written = rows.stream().map(LabCriterion::unit).filter(u -> u != null).distinct().toList();
        String unit = typedUnit.get();
        String rowUnit = written.isEmpty() || written.contains(unit) ? unit
                : written.stream().filter(w -> units.converts(first.analyte(), unit, w))
                        // a unit that is the same number (10^3/uL and 10^9/L) before one that is not (/mm3)
                        .min(Comparator.comparing(w -> units.convert(first.analyte(), BigDecimal.ONE, unit, w).compareTo(BigDecimal.ONE) != 0))
                        .orElse(null);
        if (rowUnit == null) {
            return unknownUnit(first);
        }
        Inputs typed = new Inputs(units.convert(first.analyte(), m.value(), unit, rowUnit), units.convert(first.analyte(), m.lln(), unit, rowUnit),
                units.convert(first.analyte(), m.uln(), unit, rowUnit), units.convert(first.analyte(), m.baseline(), unit, rowUnit),
                units.convert(first.analyte(), m.diastolic(), unit, rowUnit));
        List<String> notes = new ArrayList<>();
        boolean worstCase = convention == Convention.WORST_CASE;
        boolean fromUln = worstCase && "hemoglobin".equals(first.analyte()) && first.direction() == Direction.HIGH && typed.uln() != null
                && (typed.baseline() == null || typed.baseline().compareTo(typed.uln()) <= 0);
        // the worst-case reading measures an increase of haemoglobin over ULN when the baseline is normal
        Inputs in = fromUln ? new Inputs(typed.x(), typed.lln(), typed.uln(), typed.uln(), typed.diastolic()) : typed;
        if (fromUln) {
            notes.add(LabGrade.text("worstCase", LabGrade.text("fromUln")));
        }
        // absolute bounds (no LLN or ULN in any criterion): the worst-case reading applies them whatever the laboratory's range
        boolean absolute = rows.stream().allMatch(r -> r.condition().references().stream()
                .noneMatch(ref -> ref == Reference.LLN || ref == Reference.ULN));
        if (!rowUnit.equals(unit)) {
            notes.add(LabGrade.text("converted", LabGrade.plain(in.x()), rowUnit));
        }
        return grade(rows, in, facts, notes, rowUnit, worstCase && absolute);
    }

    /**
     * The grade of a value read in {@code rowUnit} (null: the rows are ratios only and no unit was given), the notes so
     * far kept in front of the grader's own.
     */
    private LabGrade grade(List<LabCriterion> rows, Inputs in, java.util.Map<ClinicalFact, Boolean> facts, List<String> notes,
                           String rowUnit, boolean absoluteWorstCase) {
        boolean worstCase = convention == Convention.WORST_CASE;
        Direction direction = rows.get(0).direction();
        // v6.0's "x baseline if baseline is below LLN" (Creatinine increased) grades a rise that may still be within the
        // normal range: with such a baseline, those rows are read before a value is called normal
        boolean fromLowBaseline = in.baseline() != null && in.lln() != null && in.baseline().compareTo(in.lln()) < 0
                && rows.stream().anyMatch(r -> r.baseline() == LabCriterion.Baseline.BELOW_LLN);
        if (!absoluteWorstCase && !fromLowBaseline && withinNormalLimits(rows, direction, in, false)) {
            return new LabGrade(0, LabGrade.Outcome.WITHIN_NORMAL_LIMITS, List.of(), List.of(), notes);
        }

        List<LabCriterion> met = new ArrayList<>();
        List<LabCriterion> metIfClinical = new ArrayList<>();
        List<LabCriterion> unchecked = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        // criteria that need a clinical fact as well as a limit not given: they decide no grade, but without the limit the
        // value cannot be called normal either (Hyperuricemia with no ULN)
        List<LabCriterion> uncheckedClinical = new ArrayList<>();
        Set<String> missingForClinical = new LinkedHashSet<>();
        boolean anyChecked = false;
        for (LabCriterion c : rows) {
            if (c.unit() != null && !c.unit().equals(rowUnit)) {
                continue;
            }
            List<String> lacking = missingFor(c, in, direction);
            if (!lacking.isEmpty() && failsOnWhatIsKnown(c, in)) {
                continue; // "x > 140 and x > BASELINE + 20" with x = 139: no baseline could make it hold
            }
            if (!lacking.isEmpty()) {
                if (c.clinical() == null) {
                    unchecked.add(c);
                    missing.addAll(lacking);
                } else {
                    uncheckedClinical.add(c);
                    missingForClinical.addAll(lacking);
                }
                continue;
            }
            anyChecked = true;
            if (c.baseline() == LabCriterion.Baseline.BELOW_LLN ? in.baseline().compareTo(in.lln()) >= 0
                    : c.baseline() != null && c.baseline() != baselineOf(direction, in)) {
                continue;
            }
            if (c.condition().holds(in)) {
                if (c.clinical() == null) {
                    met.add(c);
                    continue;
                }
                java.util.Map<ClinicalFact, Boolean> needs = ClinicalFact.required(c.clinical());
                boolean stated = !needs.isEmpty() && needs.keySet().stream().allMatch(facts::containsKey);
                if (!stated && worstCase) {
                    met.add(c); // the worst case of the facts not stated
                    notes.add(LabGrade.text("worstCase", LabGrade.text("gradeIf", c.grade(), c.clinical(), c.ctcaeText())));
                } else if (!stated) {
                    metIfClinical.add(c);
                } else if (needs.entrySet().stream().allMatch(e -> e.getValue().equals(facts.get(e.getKey())))) {
                    met.add(c); // the value and the stated facts together
                }
            }
        }

        if (!met.isEmpty()) {
            int grade = met.stream().mapToInt(LabCriterion::grade).max().orElseThrow();
            List<LabCriterion> deciding = met.stream().filter(c -> c.grade() == grade).toList();
            // a higher grade that a fact would give is named; a lower one cannot change the grade the value gives
            metIfClinical.stream().filter(c -> c.grade() > grade)
                    .forEach(c -> notes.add(LabGrade.text("alsoIf", c.grade(), c.clinical(), c.ctcaeText())));
            // value-only criteria of a higher grade that a missing baseline or limit kept from being checked, named once
            java.util.Map<String, List<String>> notChecked = new java.util.LinkedHashMap<>();
            unchecked.stream().filter(c -> c.grade() > grade).forEach(c -> notChecked
                    .computeIfAbsent(String.join(" " + LabGrade.text("and") + " ", missingFor(c, in, direction)), k -> new ArrayList<>())
                    .add(c.ctcaeText()));
            notChecked.forEach((what, texts) -> notes.add(LabGrade.text("notChecked", what, String.join(", ", texts))));
            return new LabGrade(grade, LabGrade.Outcome.GRADED, deciding, List.of(), notes);
        }
        if (!metIfClinical.isEmpty()) {
            metIfClinical.sort(Comparator.comparingInt(LabCriterion::grade));
            return new LabGrade(null, LabGrade.Outcome.CLINICAL_FACTS_NEEDED, metIfClinical,
                    metIfClinical.stream().map(LabCriterion::clinical).distinct().toList(), notes);
        }
        if (!unchecked.isEmpty()) {
            return new LabGrade(null, LabGrade.Outcome.REFERENCE_NEEDED, unchecked, List.copyOf(missing), notes);
        }
        if (!uncheckedClinical.isEmpty() && !anyChecked) { // INR's own bounds, checked, say grade 0 without the baseline
            return new LabGrade(null, LabGrade.Outcome.REFERENCE_NEEDED, uncheckedClinical, List.copyOf(missingForClinical), notes);
        }
        if (withinNormalLimits(rows, direction, in, true)) {
            return new LabGrade(0, LabGrade.Outcome.WITHIN_NORMAL_LIMITS, List.of(), List.of(), notes);
        }
        List<LabCriterion> bands = rows.stream().filter(c -> c.unit() == null || c.unit().equals(rowUnit)).toList();
        if (beyondEveryBand(bands, direction, in)) {
            return new LabGrade(null, LabGrade.Outcome.BEYOND_CRITERIA, bands, List.of(), notes);
        }
        return new LabGrade(0, LabGrade.Outcome.NO_CRITERION_MET, List.of(), List.of(), notes);
    }

    /** Whether a comparison of the criterion that needs nothing missing already fails: then the criterion cannot hold. */
    private static boolean failsOnWhatIsKnown(LabCriterion c, Inputs in) {
        return c.condition().comparisons().stream()
                .filter(cmp -> (cmp.bound().reference() == null || in.of(cmp.bound().reference()) != null)
                        && (cmp.diastolic() ? in.diastolic() != null : in.x() != null))
                .anyMatch(cmp -> !cmp.holds(in));
    }

    /**
     * Whether the value lies past every band of a term whose bands are all closed on the abnormal side (v6.0 Creatinine
     * clearance decreased: 26 - 49 and 10 - 25 ml/min, nothing below 10): CTCAE gives no grade there, and grade 0 would
     * call the worst values normal, so a person grades it.
     */
    private static boolean beyondEveryBand(List<LabCriterion> bands, Direction d, Inputs in) {
        if (bands.isEmpty() || bands.stream().anyMatch(c -> c.clinical() != null || !c.condition().references().isEmpty()
                || c.condition().needsDiastolic())) {
            return false;
        }
        for (LabCriterion c : bands) {
            List<LabCriterion.Comparison> closing = c.condition().comparisons().stream()
                    .filter(cmp -> d == Direction.LOW ? cmp.op().startsWith(">") : cmp.op().startsWith("<")).toList();
            if (closing.isEmpty() || closing.stream().anyMatch(cmp -> cmp.holds(in))) {
                return false; // a band open on that side, or the value is not past it
            }
        }
        return true;
    }

    private LabGrade noUnit(LabCriterion first) {
        return new LabGrade(null, LabGrade.Outcome.NO_UNIT, List.of(), criteria.units().unitsOf(first.analyte()), List.of());
    }

    private LabGrade unknownUnit(LabCriterion first) {
        return new LabGrade(null, LabGrade.Outcome.UNKNOWN_UNIT, List.of(), criteria.units().unitsOf(first.analyte()), List.of());
    }

    /**
     * Within the normal range given, on the side the term is about. The limit itself counts as normal, except where
     * CTCAE's own criterion includes it ("≥ULN") — then it is normal only when no criterion meets it ({@code atLimit}).
     */
    private static boolean withinNormalLimits(List<LabCriterion> rows, Direction d, Inputs in, boolean atLimit) {
        BigDecimal limit = d == Direction.LOW ? in.lln() : in.uln();
        if (limit == null || in.x() == null) {
            return false;
        }
        int c = in.x().compareTo(limit);
        if (c == 0) {
            Reference ref = d == Direction.LOW ? Reference.LLN : Reference.ULN;
            boolean ctcaeIncludesLimit = rows.stream().flatMap(r -> r.condition().comparisons().stream())
                    .anyMatch(cmp -> cmp.bound().reference() == ref && cmp.bound().factor().compareTo(BigDecimal.ONE) == 0
                            && cmp.bound().offset().signum() == 0 && (cmp.op().equals(">=") || cmp.op().equals("<=")));
            return atLimit || !ctcaeIncludesLimit;
        }
        return d == Direction.LOW ? c > 0 : c < 0;
    }

    private static LabCriterion.Baseline baselineOf(Direction d, Inputs in) {
        boolean abnormal = d == Direction.HIGH ? in.baseline().compareTo(in.uln()) > 0 : in.baseline().compareTo(in.lln()) < 0;
        return abnormal ? LabCriterion.Baseline.ABNORMAL : LabCriterion.Baseline.NORMAL;
    }

    /** What the criterion needs and was not given: its own references and, for a baseline-bound row, the baseline and limit. */
    private static List<String> missingFor(LabCriterion c, Inputs in, Direction d) {
        Set<Reference> needed = new LinkedHashSet<>(c.condition().references());
        if (c.baseline() != null) {
            needed.add(Reference.BASELINE);
            needed.add(c.baseline() == LabCriterion.Baseline.BELOW_LLN || d == Direction.LOW ? Reference.LLN : Reference.ULN);
        }
        List<String> missing = new ArrayList<>(needed.stream().filter(r -> in.of(r) == null).map(LabGrader::name).toList());
        if (c.condition().needsDiastolic() && in.diastolic() == null) {
            missing.add("the diastolic pressure");
        }
        return missing;
    }

    /** LLN and ULN as CTCAE writes them; the baseline in words. */
    private static String name(Reference r) {
        return r == Reference.BASELINE ? "baseline" : r.name();
    }
}
