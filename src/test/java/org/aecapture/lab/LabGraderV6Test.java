package org.aecapture.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.aecapture.ctcae.CtcaeCatalog;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** CTCAE v6.0's laboratory criteria, checked against cases written from the v6.0 text and, where v6.0 keeps v5.0's, v5.0's. */
class LabGraderV6Test {

    private final LabCriteria v6 = LabCriteria.forVersion(CtcaeCatalog.V6);
    private final LabCriteria v5 = LabCriteria.forVersion(CtcaeCatalog.V5);
    private final LabGrader grader = new LabGrader(v6);

    private static List<CSVRecord> cases(String resource) throws IOException {
        try (Reader in = new InputStreamReader(LabGraderV6Test.class.getResourceAsStream(resource), StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build().parse(in).getRecords();
        }
    }

    private String gradeOf(LabCriteria criteria, CSVRecord r) {
        String code = criteria.codeOf(r.get("ctcae_term")).orElseThrow(() -> new AssertionError("not lab-defined: " + r.get("ctcae_term")));
        Map<ClinicalFact, Boolean> facts = new EnumMap<>(ClinicalFact.class);
        for (ClinicalFact f : ClinicalFact.values()) {
            if (r.isMapped(f.column()) && !r.get(f.column()).isBlank()) {
                facts.put(f, r.get(f.column()).equals("yes"));
            }
        }
        LabGrade g = new LabGrader(criteria).grade(code, new LabMeasurement(LabMeasurement.number(r.get("value")), r.get("unit"),
                LabMeasurement.number(r.get("lln")), LabMeasurement.number(r.get("uln")), LabMeasurement.number(r.get("baseline")), facts,
                r.isMapped("diastolic") ? LabMeasurement.number(r.get("diastolic")) : null));
        return g.grade() == null ? "" : g.grade().toString();
    }

    @Test
    void gradesEveryCaseWrittenFromTheV6TextAsItSays() throws IOException {
        List<String> wrong = new ArrayList<>();
        List<CSVRecord> cases = cases("/lab/graded-cases-v6.csv");
        for (CSVRecord r : cases) {
            assertTrue(r.isConsistent(), "record " + r.getRecordNumber() + " has " + r.size() + " values: labs grade would refuse the file");
            String got = gradeOf(v6, r);
            if (!r.get("expected_grade").equals(got)) {
                wrong.add("record " + r.getRecordNumber() + " " + r.get("ctcae_term") + " " + r.get("value") + " " + r.get("unit")
                        + ": expected [" + r.get("expected_grade") + "] got [" + got + "]");
            }
        }
        assertTrue(cases.size() > 150, "cases read: " + cases.size());
        assertEquals(List.of(), wrong);
    }

    /** A term whose criteria v6.0 keeps grades v5.0's cases as v5.0 did; the rest have cases of their own, so none is untested. */
    @Test
    void everyV6LabDefinedTermIsCheckedAndTheTermsV6KeepsGradeAsInV5() throws IOException {
        TreeSet<String> covered = new TreeSet<>();
        cases("/lab/graded-cases-v6.csv").forEach(r -> covered.add(r.get("ctcae_term")));
        List<String> wrong = new ArrayList<>();
        for (CSVRecord r : cases("/lab/graded-cases.csv")) {
            String term = r.get("ctcae_term");
            var v6Code = v6.codeOf(term);
            if (r.get("value").isBlank() || v6Code.isEmpty() || !sameCriteria(v5.forTerm(v5.codeOf(term).orElseThrow()), v6.forTerm(v6Code.get()))) {
                continue;
            }
            covered.add(term);
            String got = gradeOf(v6, r);
            if (!r.get("expected_grade").equals(got)) {
                wrong.add(term + " " + r.get("value") + " " + r.get("unit") + ": v5.0 [" + r.get("expected_grade") + "], v6.0 [" + got + "]");
            }
        }
        assertEquals(List.of(), wrong);
        TreeSet<String> missing = new TreeSet<>();
        for (String code : v6.codes()) {
            String term = v6.forTerm(code).get(0).term();
            if (!covered.contains(term)) {
                missing.add(term);
            }
        }
        assertEquals(new TreeSet<>(), missing);
        assertTrue(v6.codes().size() >= 50, "v6.0 lab-defined terms: " + v6.codes().size());
    }

    private static boolean sameCriteria(List<LabCriterion> a, List<LabCriterion> b) {
        return a.size() == b.size() && a.stream().map(LabGraderV6Test::meaning).toList().equals(b.stream().map(LabGraderV6Test::meaning).toList());
    }

    private static String meaning(LabCriterion c) {
        return c.grade() + "|" + c.unit() + "|" + c.condition() + "|" + c.baseline() + "|" + c.clinical();
    }

    @Test
    void eachVersionReadsItsOwnCriteria() {
        String neutrophils = "10029366";
        LabMeasurement m = new LabMeasurement(new java.math.BigDecimal("1.2"), "10^9/L", new java.math.BigDecimal("1.8"), null, null);
        assertEquals(2, new LabGrader(v5).grade(neutrophils, m).grade(), "v5.0: <1.5 - 1.0 is grade 2");
        assertEquals(1, grader.grade(neutrophils, m).grade(), "v6.0: one grade lower");
        assertTrue(v6.isLabDefined("10043554") && !v6.isLabDefined("10035528"), "Thrombocytopenia, not Platelet count decreased");
        assertTrue(v5.isLabDefined("10035528") && !v5.isLabDefined("10043554"));
    }
}
