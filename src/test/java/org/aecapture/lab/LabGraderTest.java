package org.aecapture.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class LabGraderTest {

    private final LabCriteria criteria = LabCriteria.bundled();
    private final LabGrader grader = new LabGrader(criteria);

    private LabGrade grade(String term, String value, String unit, String lln, String uln, String baseline) {
        String code = criteria.codeOf(term).orElseThrow(() -> new AssertionError("not lab-defined: " + term));
        return grader.grade(code, new LabMeasurement(LabMeasurement.number(value), unit, LabMeasurement.number(lln),
                LabMeasurement.number(uln), LabMeasurement.number(baseline)));
    }

    /** Every case written from the CTCAE text, each lab-defined term at its boundaries in its units. */
    @Test
    void gradesEveryWrittenCaseAsTheCtcaeTextSays() throws IOException {
        List<String> wrong = new ArrayList<>();
        int cases = 0;
        try (Reader in = new InputStreamReader(getClass().getResourceAsStream("/lab/graded-cases.csv"), StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build().parse(in)) {
                cases++;
                String expected = r.get("expected_grade");
                if (r.get("value").isBlank()) {
                    assertEquals("", expected, "a row not done has no grade (labs grade writes it back ungraded)");
                    continue;
                }
                LabGrade g = grade(r.get("ctcae_term"), r.get("value"), r.get("unit"), r.get("lln"), r.get("uln"), r.get("baseline"));
                String got = g.grade() == null ? "" : g.grade().toString();
                if (!expected.equals(got)) {
                    wrong.add("record " + r.getRecordNumber() + " " + r.get("ctcae_term") + " " + r.get("value") + " " + r.get("unit")
                            + ": expected [" + expected + "] got [" + got + "] " + g.reason());
                }
            }
        }
        assertTrue(cases > 250, "cases read: " + cases);
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyLabDefinedTermHasWrittenCases() throws IOException {
        TreeSet<String> covered = new TreeSet<>();
        try (Reader in = new InputStreamReader(getClass().getResourceAsStream("/lab/graded-cases.csv"), StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build().parse(in)) {
                covered.add(r.get("ctcae_term"));
            }
        }
        TreeSet<String> missing = new TreeSet<>();
        for (String code : criteria.codes()) {
            String term = criteria.forTerm(code).get(0).term();
            if (!covered.contains(term)) {
                missing.add(term);
            }
        }
        assertEquals(new TreeSet<>(), missing);
    }

    @Test
    void theIssuesExampleGivesGradeThreeWithItsText() {
        LabGrade g = grade("Neutrophil count decreased", "0.8", "10^9/L", null, null, null);
        assertEquals(3, g.grade());
        assertEquals(LabGrade.Outcome.GRADED, g.outcome());
        assertEquals("<1.0 - 0.5 x 10e9 /L", g.ctcaeText());
        assertEquals("grade 3: <1.0 - 0.5 x 10e9 /L", g.reason());
    }

    @Test
    void saysWhatIsMissingRatherThanGuessing() {
        LabGrade lln = grade("Neutrophil count decreased", "1.6", "10^9/L", null, null, null);
        assertNull(lln.grade());
        assertEquals(LabGrade.Outcome.REFERENCE_NEEDED, lln.outcome());
        assertTrue(lln.reason().contains("LLN needed"), lln.reason());
        assertTrue(lln.reason().contains("<LLN - 1.5 x 10e9 /L"), lln.reason());

        LabGrade baseline = grade("Alanine aminotransferase increased", "150", "U/L", null, "40", null);
        assertEquals(LabGrade.Outcome.REFERENCE_NEEDED, baseline.outcome());
        assertTrue(baseline.reason().contains("baseline needed"), baseline.reason());

        LabGrade unit = grade("Neutrophil count decreased", "0.8", "g/L", null, null, null);
        assertEquals(LabGrade.Outcome.UNKNOWN_UNIT, unit.outcome());
        assertTrue(unit.reason().contains("10^9/L, /mm3, 10^3/uL, /uL"), unit.reason());

        LabGrade normal = grade("Platelet count decreased", "160", "10^9/L", "150", "400", null);
        assertEquals(0, normal.grade());
        assertEquals(LabGrade.Outcome.WITHIN_NORMAL_LIMITS, normal.outcome());
    }

    @Test
    void namesTheClinicalFactsWhenTheyDecide() {
        LabGrade g = grade("Hyponatremia", "127", "mmol/L", "135", "145", null);
        assertNull(g.grade());
        assertEquals(LabGrade.Outcome.CLINICAL_FACTS_NEEDED, g.outcome());
        assertEquals("cannot grade from the value alone: grade 2 if asymptomatic (125-129 mmol/L and asymptomatic); "
                + "grade 3 if symptomatic (125-129 mmol/L symptomatic)", g.reason());

        LabGrade k = grade("Hypokalemia", "3.2", "mmol/L", "3.5", "5.1", null);
        assertEquals(1, k.grade());
        assertTrue(k.reason().contains("grade 2 if symptomatic; intervention indicated"), k.reason());
    }

    @Test
    void saysWhichCriteriaWereNotCheckedWithoutABaseline() {
        LabGrade g = grade("Creatinine increased", "2.0", "mg/dL", "0.6", "1.2", null);
        assertEquals(2, g.grade());
        assertTrue(g.reason().contains("not checked without baseline: >3.0 x baseline"), g.reason());
    }

    @Test
    void aConversionKeepsAValueOnItsBoundary() {
        // 85.5 umol/L is exactly 5 mg/dL: grade 2 by "2-5 mg/dL", not 3 by ">5 mg/dL", and not 4.999… either
        LabGrade g = grade("Sinusoidal obstruction syndrome", "85.5", "umol/L", null, null, null);
        assertEquals(2, g.grade(), g.reason());
        assertTrue(g.reason().contains("read as 5 mg/dL"), g.reason());
        assertEquals(3, grade("Sinusoidal obstruction syndrome", "85.6", "µmol/L", null, null, null).grade());
    }

    @Test
    void aTermNotGradedByAValueSaysSo() {
        LabGrade g = grader.grade("10016256", new LabMeasurement(BigDecimal.ONE, "U/L", null, null, null)); // Fatigue
        assertEquals(LabGrade.Outcome.NOT_LAB_DEFINED, g.outcome());
        assertFalse(g.isGraded());
    }

    /**
     * Across each term's whole range, in each unit CTCAE writes it in, with a normal baseline: the grade never falls as the
     * value moves away from normal, and no value meets two value-only criteria of different grades except where CTCAE gives
     * criteria of two kinds side by side and the higher grade met counts.
     */
    /**
     * "×baseline; ×ULN" (creatinine), "×LLN; … absolute value <50 mg/dL" (fibrinogen) and "QTc >= 501 ms; >60 ms change from
     * baseline" and "EF 50 - 40%; 10 - 19% drop from baseline" may meet two grades at once.
     */
    private static final java.util.Set<String> ALTERNATIVE_KINDS = java.util.Set.of("Creatinine increased", "Fibrinogen decreased",
            "Electrocardiogram QT corrected interval prolonged", "Ejection fraction decreased");

    @Test
    void gradesRiseMonotonicallyAwayFromNormalWithoutOverlaps() {
        List<String> problems = new ArrayList<>();
        for (String code : criteria.codes()) {
            List<LabCriterion> rows = criteria.forTerm(code);
            LabCriterion first = rows.get(0);
            List<String> unitsWritten = rows.stream().map(LabCriterion::unit).filter(u -> u != null).distinct().toList();
            List<String> unitsToTry = unitsWritten.isEmpty() ? List.of(criteria.unitsFor(code).get(0)) : unitsWritten;
            for (String unit : unitsToTry) {
                TreeSet<BigDecimal> points = new TreeSet<>();
                // normal limits where CTCAE's numbers expect them: beyond every number on the normal side
                TreeSet<BigDecimal> numbers = new TreeSet<>();
                rows.stream().filter(r -> unit.equals(r.unit())).flatMap(r -> r.condition().comparisons().stream())
                        .filter(cmp -> cmp.bound().reference() == null).forEach(cmp -> numbers.add(cmp.bound().offset()));
                boolean low = first.direction() == LabCriterion.Direction.LOW;
                BigDecimal lln = low ? (numbers.isEmpty() ? new BigDecimal("10") : numbers.last().multiply(new BigDecimal("1.25")))
                        : (numbers.isEmpty() ? new BigDecimal("10") : numbers.first().multiply(new BigDecimal("0.4")));
                BigDecimal uln = low ? lln.multiply(new BigDecimal("2")) : lln.multiply(new BigDecimal("2"));
                BigDecimal baseline = lln.add(uln).divide(new BigDecimal("2"));
                for (LabCriterion c : rows) {
                    LabCriterion.Inputs refs = new LabCriterion.Inputs(BigDecimal.ZERO, lln, uln, baseline);
                    for (LabCriterion.Comparison cmp : c.condition().comparisons()) {
                        BigDecimal b = cmp.bound().value(refs);
                        points.add(b);
                        points.add(b.add(new BigDecimal("0.001")));
                        if (b.compareTo(new BigDecimal("0.001")) > 0) {
                            points.add(b.subtract(new BigDecimal("0.001")));
                        }
                    }
                }
                List<LabCriterion> inUnit = rows.stream().filter(r -> r.unit() == null || r.unit().equals(unit)).toList();
                Integer last = null;
                BigDecimal lastX = null;
                List<BigDecimal> ordered = new ArrayList<>(points);
                if (first.direction() == LabCriterion.Direction.LOW) {
                    java.util.Collections.reverse(ordered);
                }
                for (BigDecimal x : ordered) {
                    if (x.signum() < 0) {
                        continue;
                    }
                    LabCriterion.Inputs in = new LabCriterion.Inputs(x, lln, uln, baseline);
                    List<LabCriterion> valueOnly = inUnit.stream()
                            .filter(r -> r.clinical() == null && r.baseline() != LabCriterion.Baseline.ABNORMAL && r.condition().holds(in)).toList();
                    long grades = valueOnly.stream().mapToInt(LabCriterion::grade).distinct().count();
                    if (grades > 1 && !ALTERNATIVE_KINDS.contains(first.term())) {
                        problems.add(first.term() + " " + unit + " at " + x + ": overlapping " + valueOnly.stream().map(LabCriterion::ctcaeText).toList());
                    }
                    Integer g = valueOnly.stream().map(LabCriterion::grade).max(Integer::compare).orElse(null);
                    if (g != null && last != null && g < last) {
                        problems.add(first.term() + " " + unit + ": grade " + last + " at " + lastX + " but " + g + " at " + x);
                    }
                    if (g != null) {
                        last = g;
                        lastX = x;
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void unitsOfTheRightDimensionConvertThroughUcumAndOthersAreStillRefused() {
        // urate in mmol/L: CTCAE and the list know mg/dL and umol/L; UCUM relates mmol to umol exactly
        LabGrade urate = grade("Hyperuricemia", "0.6", "mmol/L", null, "0.42", null);
        assertTrue(urate.outcome() != LabGrade.Outcome.UNKNOWN_UNIT, urate.reason());
        // a count typed in a molar unit: UCUM counts a mole as a number, the grader does not
        LabGrade molarCount = grade("Neutrophil count decreased", "0.8", "mmol/L", null, null, null);
        assertEquals(LabGrade.Outcome.UNKNOWN_UNIT, molarCount.outcome(), molarCount.reason());
        LabGrade grams = grade("Neutrophil count decreased", "0.8", "10^3/g", null, null, null);
        assertEquals(LabGrade.Outcome.UNKNOWN_UNIT, grams.outcome());
        assertEquals(3, grade("Neutrophil count decreased", "0.8", "x10\u2079/L", null, null, null).grade(), "10 to the 9th, as printed");
        assertEquals("10*9/L", LabUnits.toUcum("x10e9/L"));
        assertEquals("10*3/uL", LabUnits.toUcum("10^3/\u00b5L"));
        assertEquals("/uL", LabUnits.toUcum("cells/uL"));
        assertEquals("/uL", LabUnits.toUcum("1/uL"));
        assertEquals("10*9/L", LabUnits.toUcum("G/L"));
    }

    @Test
    void unitsAsLaboratoriesPrintThemAreReadAsTheOneUnitTheyMean() {
        // counts: grade 3 is <1.0 - 0.5 x 10e9 /L, so 0.8 thousand per microlitre (800 per mm3) is grade 3 however it is written
        for (String unit : List.of("x10(9)/L", "x 10(9)/L", "10E+09/L", "10**9/L", "Gpt/l", "Giga/L", "Mrd/L", "/nL", "K/uL", "k/\u00b5L",
                "THOU/uL", "thous/mcL", "10^3/mcL", "x10\u00b3/\u00b5L", "K/mm3")) {
            LabGrade g = grade("Neutrophil count decreased", "0.8", unit, null, null, null);
            assertEquals(3, g.grade(), unit + ": " + g.reason());
        }
        for (String unit : List.of("cells/cumm", "/cu mm", "/cmm", "/mm^3", "cells/mm^3", "/mm\u00b3", "cells/\u00b5L")) {
            assertEquals(3, grade("Neutrophil count decreased", "800", unit, null, null, null).grade(), unit);
        }
        // haemoglobin grade 3 is <8.0 g/dL: 7.5 in each spelling of grams per decilitre
        for (String unit : List.of("gm/dL", "GM/DL", "g%", "gm%")) {
            assertEquals(3, grade("Anemia", "7.5", unit, null, null, null).grade(), unit);
        }
        // creatinine >3.0 - 6.0 x ULN is grade 3, in the units its ULN is given in
        for (String unit : List.of("micromol/L", "micromoles/L", "mcmol/L", "\u00b5mol/litre", "umol/liter", "mg%")) {
            String value = unit.equals("mg%") ? "3.4" : "300";
            String uln = unit.equals("mg%") ? "1.0" : "90";
            assertEquals(3, grade("Creatinine increased", value, unit, null, uln, null).grade(), unit);
        }
        assertEquals(3, grade("Hypokalemia", "2.8", "millimoles/litre", null, null, null).grade());
        // eGFR grade 4 is <15 ml/min/1.73 m2, however the square metre is written
        for (String unit : List.of("mL/min/1.73m\u00b2", "ml/min/1.73m^2", "mL/min/1.73 m2", "mL/min/1.73sqm")) {
            assertEquals(4, grade("Chronic kidney disease", "14", unit, null, null, null).grade(), unit);
        }
        // the international unit of an enzyme's activity is the clinical U: 200 IU/L against a ULN of 40, baseline normal
        for (String unit : List.of("IU/L", "iu/l", "IU/l")) {
            assertEquals(2, grade("Alanine aminotransferase increased", "200", unit, null, "40", "20").grade(), unit);
        }
        // what a spelling cannot mean stays refused: a thousand per microlitre of potassium, IU per millilitre of ALT
        assertEquals(LabGrade.Outcome.UNKNOWN_UNIT, grade("Hypokalemia", "2.8", "K/uL", null, null, null).outcome());
        assertEquals(LabGrade.Outcome.UNKNOWN_UNIT, grade("Alanine aminotransferase increased", "200", "IU/mL", null, "40", "20").outcome());
        assertEquals("10^9/L", LabUnits.clinical("x10(9)/L").substring(1));
        assertEquals("g/dL", LabUnits.clinical("gm%"));
        assertEquals("ug/dL", LabUnits.clinical("mcg/dL"));
    }

    @Test
    void theWorstCaseConventionSettlesWhatCtcaeLeavesOpenAndSaysSo() {
        LabGrader worst = new LabGrader(criteria, LabGrader.Convention.WORST_CASE);
        java.util.function.BiFunction<String, LabMeasurement, LabGrade> worstOf = (term, m) -> worst.grade(criteria.codeOf(term).orElseThrow(), m);
        // only an unstated fact separates grade 2 from 3: strict leaves it to a person, worst case takes 3
        assertNull(grade("Hyponatremia", "127", "mmol/L", "135", "145", null).grade());
        LabGrade sodium = worstOf.apply("Hyponatremia", m("127", "mmol/L", "135", "145", null));
        assertEquals(3, sodium.grade());
        assertTrue(sodium.reason().contains("worst-case convention"), sodium.reason());
        // Hemoglobin increased: from the baseline (strict), from ULN when the baseline is normal (worst case, CTCAE v4.03)
        assertEquals(3, grade("Hemoglobin increased", "18.5", "g/dL", null, "17", "14").grade(), "4.5 g/dL over the baseline");
        LabGrade hb = worstOf.apply("Hemoglobin increased", m("18.5", "g/dL", null, "17", "14"));
        assertEquals(1, hb.grade(), "1.5 g/dL over ULN: " + hb.reason());
        assertTrue(hb.reason().contains("measured from ULN"), hb.reason());
        assertEquals(1, worstOf.apply("Hemoglobin increased", m("18.5", "g/dL", null, "17", "17.5")).grade(), "a baseline above ULN: from it");
        // absolute bounds: 1.72 mmol/L is grade 1 whatever the laboratory's ULN in the worst-case reading
        assertEquals(0, grade("Hypertriglyceridemia", "1.72", "mmol/L", null, "2.1", null).grade());
        assertEquals(1, worstOf.apply("Hypertriglyceridemia", m("1.72", "mmol/L", null, "2.1", null)).grade());
        // where CTCAE decides, both readings agree
        assertEquals(3, worstOf.apply("Neutrophil count decreased", m("0.8", "10^9/L", null, null, null)).grade());
    }

    private static LabMeasurement m(String value, String unit, String lln, String uln, String baseline) {
        return new LabMeasurement(LabMeasurement.number(value), unit, LabMeasurement.number(lln), LabMeasurement.number(uln),
                LabMeasurement.number(baseline));
    }
}
