package org.aecapture.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.domain.Sex;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectStatus;
import org.aecapture.report.SummaryModel.Row;
import org.aecapture.study.StudyDefinitions;
import org.junit.jupiter.api.Test;

/** The tables as a pure function of subjects, AEs and randomization: no database, no spreadsheet. */
class SafetySummaryTest {

    private static final String NERVOUS = "Nervous system disorders";
    private static final String SKIN = "Skin and subcutaneous tissue disorders";
    private static final String GI = "Gastrointestinal disorders";

    private static Subject subject(String number, LocalDate day1, LocalDate eos) {
        return new Subject(1L, number, "101", Sex.FEMALE, PartialDate.ofYear(1980), LocalDate.of(2021, 6, 1), day1, eos,
                SubjectStatus.ON_STUDY, 1);
    }

    private static AdverseEvent ae(String subject, String term, String code, String soc, int grade, String onset, Relationship rel,
                                   boolean deleted) {
        boolean fatal = grade == 5;
        return AdverseEvent.of(subject).id(1L).verbatimTerm(term.toLowerCase()).term(code, term, soc).grade(grade)
                .onsetDate(PartialDate.parseIso(onset)).endDate(PartialDate.parseIso(onset)).serious(fatal)
                .seriousCriteria(fatal ? EnumSet.of(SeriousCriterion.RESULTS_IN_DEATH) : Set.of()).relationship(rel)
                .actionTaken(ActionTaken.DOSE_NOT_CHANGED).outcome(fatal ? Outcome.FATAL : Outcome.RECOVERED).version(1)
                .deleted(deleted).build();
    }

    private static final LocalDate D1 = LocalDate.of(2021, 7, 1);
    private static final List<Subject> SUBJECTS = List.of(
            subject("A", D1, null), subject("B", D1, null), subject("C", D1, LocalDate.of(2021, 8, 1)), subject("U", null, null));
    private static final List<AdverseEvent> AES = List.of(
            ae("A", "Headache", "10019211", NERVOUS, 1, "2021-07-02", Relationship.POSSIBLE, false),
            ae("A", "Headache", "10019211", NERVOUS, 2, "2021-07-09", Relationship.NOT_RELATED, false),
            ae("A", "Pruritus", "10037087", SKIN, 3, "2021-07-20", Relationship.DEFINITE, false),
            ae("B", "Pruritus", "10037087", SKIN, 1, "2021-07-03", Relationship.UNLIKELY, false),
            ae("B", "Nausea", "10028813", GI, 4, "2021-07-04", Relationship.NOT_RELATED, true),     // deleted
            ae("C", "Nausea", "10028813", GI, 2, "2021-08-02", Relationship.NOT_RELATED, false),    // after End of Study
            ae("C", "Dizziness", "10013573", NERVOUS, 2, "2021-06-20", Relationship.NOT_RELATED, false), // before Day 1
            ae("U", "Headache", "10019211", NERVOUS, 1, "2021-06-20", Relationship.NOT_RELATED, false));  // never dosed

    private static SummaryModel compute(Map<String, String> arms, boolean loaded, boolean forceBlinded, LocalDate cutoff) {
        return SafetySummary.compute(new SafetyInput(StudyDefinitions.bundled(), SUBJECTS, AES, arms, loaded, forceBlinded, cutoff,
                Instant.parse("2022-01-01T00:00:00Z"), "tester", "test", "5.0", loaded ? "on 2021-12-01 by stat" : null, null));
    }

    private static List<String> rows(SummaryModel.IncidenceTable table) {
        List<String> out = new ArrayList<>();
        for (Row r : table.rows()) {
            StringBuilder sb = new StringBuilder(String.join("/", r.labels()));
            r.counts().forEach(c -> sb.append(' ').append(c.n()));
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void blindedOutputHasOneTotalColumnOverTheDosedSubjects() {
        SummaryModel m = compute(Map.of(), false, false, null);
        assertEquals(List.of("Total (N=3)"), m.groups().stream().map(SummaryModel.ColumnGroup::header).toList(), "U was never dosed");
        assertEquals(2.0 / 3, m.overview().rows().get(0).counts().get(0).fraction());
        assertTrue(m.about().stream().anyMatch(l -> l.value().startsWith("BLINDED: no randomization list is loaded")));
    }

    @Test
    void socsSortByTotalSubjectsThenAlphabetically() {
        SummaryModel m = compute(Map.of(), false, false, null);
        assertEquals(List.of("Any TEAE// 2", SKIN + "// 2", SKIN + "/Pruritus/10037087 2", NERVOUS + "// 1",
                NERVOUS + "/Headache/10019211 1"), rows(m.bySocAndTerm()));
    }

    @Test
    void overviewCountsEventsAndSubjects() {
        List<String> overview = rows(compute(Map.of(), false, false, null).overview());
        assertEquals(List.of("Subjects with any TEAE 2", "Total number of TEAEs (events) 4", "Subjects with any treatment-related TEAE 1",
                "Subjects with any grade \u22653 TEAE 1", "Subjects with any grade \u22653 treatment-related TEAE 1",
                "Subjects with any serious TEAE 0", "Subjects with any treatment-related serious TEAE 0",
                "Subjects with any TEAE leading to study drug withdrawal 0", "Subjects with any TEAE leading to drug interruption 0",
                "Subjects with any fatal TEAE 0"), overview);
    }

    @Test
    void highestGradePerScope() {
        List<String> grades = rows(compute(Map.of(), false, false, null).byMaxGrade());
        // overall: A's highest is 3 (pruritus), B's is 1
        assertEquals(List.of("Any TEAE//Any grade 2", "Any TEAE//Grade 1 1", "Any TEAE//Grade 2 0", "Any TEAE//Grade 3 1",
                "Any TEAE//Grade 4 0", "Any TEAE//Grade 5 0"), grades.subList(0, 6));
        // within Nervous system disorders A's highest headache is grade 2
        assertTrue(grades.contains(NERVOUS + "/Headache/Grade 2 1"), grades.toString());
        assertTrue(grades.contains(NERVOUS + "/Headache/Grade 1 0"), grades.toString());
    }

    @Test
    void unblindedSplitsByArmAndForcedBlindingPools() {
        Map<String, String> arms = Map.of("A", "ALPN-101", "B", "PLACEBO", "C", "PLACEBO");
        SummaryModel by = compute(arms, true, false, null);
        assertEquals(List.of("ALPN-101 (N=1)", "Placebo (N=2)", "Total (N=3)"),
                by.groups().stream().map(SummaryModel.ColumnGroup::header).toList());
        assertEquals("Subjects with any TEAE 1 1 2", rows(by.overview()).get(0));
        assertEquals(0.5, by.overview().rows().get(0).counts().get(1).fraction());
        assertTrue(by.aeListing().headers().contains("arm"));

        SummaryModel pooled = compute(arms, true, true, null);
        assertEquals(1, pooled.groups().size());
        assertFalse(pooled.aeListing().headers().contains("arm"));
        assertTrue(pooled.about().stream().anyMatch(l -> l.value().startsWith("BLINDED on request")));
    }

    @Test
    void cutoffDropsLaterOnsetsAndLaterDosedSubjects() {
        SummaryModel m = compute(Map.of(), false, false, LocalDate.of(2021, 7, 5));
        assertEquals("Total number of TEAEs (events) 2", rows(m.overview()).get(1));
        assertEquals(List.of("Any TEAE// 2", NERVOUS + "// 1", NERVOUS + "/Headache/10019211 1", SKIN + "// 1",
                SKIN + "/Pruritus/10037087 1"), rows(m.bySocAndTerm()));
        assertEquals(4, m.aeListing().rows().size(), "every undeleted AE with onset up to the cut-off: A 07-02, B 07-03, C and U");
    }

    @Test
    void listingFlagsTreatmentEmergence() {
        SummaryModel m = compute(Map.of(), false, false, null);
        int teae = m.aeListing().headers().indexOf("teae");
        List<String> flags = m.aeListing().rows().stream().map(r -> r.get(0) + ":" + r.get(teae)).toList();
        assertEquals(List.of("A:Y", "A:Y", "A:Y", "B:Y", "C:N", "C:N", "U:N"), flags);
    }

    @Test
    void listingEndsWithTheLaboratoryValueAGradeWasReadFrom() {
        AdverseEvent plain = ae("A", "Anemia", "10002272", "Blood and lymphatic system disorders", 3, "2021-07-05", Relationship.POSSIBLE, false);
        AdverseEvent graded = AdverseEvent.of("A").id(2L).verbatimTerm("low hb")
                .term(plain.meddraCode(), plain.ctcaeTerm(), plain.soc()).grade(3).onsetDate(plain.onsetDate())
                .endDate(plain.endDate()).relationship(plain.relationship()).actionTaken(plain.actionTaken())
                .outcome(plain.outcome()).version(1)
                .lab(new org.aecapture.lab.LabMeasurement(new java.math.BigDecimal("8.5"), "g/dL", new java.math.BigDecimal("12.0"),
                new java.math.BigDecimal("16.0"), null))
                .gradeReason("transfusion given").build();
        SummaryModel m = SafetySummary.compute(new SafetyInput(StudyDefinitions.bundled(), SUBJECTS, List.of(AES.get(0), graded),
                Map.of("A", "Placebo"), true, false, null, Instant.parse("2022-01-01T00:00:00Z"), "tester", "test", "5.0", "loaded", null));
        List<String> headers = m.aeListing().headers();
        assertEquals(List.of("arm", "lab_value", "lab_unit", "lab_lln", "lab_uln", "lab_baseline", "grade_reason"),
                headers.subList(headers.indexOf("teae") + 1, headers.size()), "after every earlier column, the arm's place unchanged");
        List<Object> row = m.aeListing().rows().stream().filter(r -> "low hb".equals(r.get(1))).findFirst().orElseThrow();
        int at = headers.indexOf("lab_value");
        assertEquals(List.of(new java.math.BigDecimal("8.5"), "g/dL", new java.math.BigDecimal("12.0"), new java.math.BigDecimal("16.0")),
                row.subList(at, at + 4));
        assertEquals(null, row.get(at + 4));
        assertEquals("transfusion given", row.get(at + 5));
        List<Object> other = m.aeListing().rows().stream().filter(r -> "headache".equals(r.get(1))).findFirst().orElseThrow();
        assertTrue(other.subList(at, at + 6).stream().allMatch(v -> v == null), "an AE without a value leaves them empty");
    }

    @Test
    void aTallyFedOneAeAtATimeWithTheArmsGivenAfterwardsMakesTheSameWorkbookAsTheWholeInput() {
        Map<String, String> arms = Map.of("A", "ALPN-101", "B", "PLACEBO", "C", "ALPN-101", "U", "PLACEBO");
        SafetyInput whole = new SafetyInput(StudyDefinitions.bundled(), SUBJECTS, AES, arms, true, false, null,
                Instant.parse("2022-01-01T00:00:00Z"), "tester", "test", "5.0", "on 2021-12-01 by stat", null);
        SafetyInput noAesNoArms = new SafetyInput(whole.study(), SUBJECTS, List.of(), Map.of(), true, false, null, whole.exportedAt(),
                "tester", "test", "5.0", "on 2021-12-01 by stat", null);
        SafetySummary.Tally tally = SafetySummary.tally(noAesNoArms);
        AES.forEach(tally::add);
        SummaryModel streamed = SafetySummary.model(noAesNoArms.withArms(arms), tally);
        SummaryModel computed = SafetySummary.compute(whole);
        assertEquals(3, computed.groups().size(), "by arm");
        assertEquals(computed, streamed);
        // the TEAE events per arm come from the tally's count per subject: A (ALPN-101) 3, B (Placebo) 1, C none
        assertEquals("Total number of TEAEs (events) 3 1 4", rows(streamed.overview()).get(1));
    }

    @Test
    void theListingIsBySubjectThenOnsetWithUnknownOnsetLastAndTiesAsEnteredWhateverOrderTheyCameIn() {
        AdverseEvent noOnset = AdverseEvent.of("A").id(1L).verbatimTerm("rash, date unknown")
                .term("10037844", "Rash maculo-papular", SKIN).grade(1).relationship(Relationship.NOT_RELATED)
                .actionTaken(ActionTaken.DOSE_NOT_CHANGED).outcome(Outcome.RECOVERED).version(1).build();
        List<AdverseEvent> entered = List.of(
                ae("B", "Nausea", "10028813", GI, 1, "2021-07-10", Relationship.NOT_RELATED, false),
                noOnset,
                ae("A", "Pruritus", "10037087", SKIN, 1, "2021-07-09", Relationship.NOT_RELATED, false),
                ae("A", "Headache", "10019211", NERVOUS, 2, "2021-07", Relationship.NOT_RELATED, false),
                ae("B", "Headache", "10019211", NERVOUS, 1, "2021-07-02", Relationship.NOT_RELATED, false),
                ae("A", "Dizziness", "10013573", NERVOUS, 1, "2021-07-09", Relationship.NOT_RELATED, false));
        SummaryModel m = SafetySummary.compute(new SafetyInput(StudyDefinitions.bundled(), SUBJECTS, entered, Map.of(), false, false, null,
                Instant.parse("2022-01-01T00:00:00Z"), "tester", "test", "5.0", null, null));
        assertEquals(List.of("A:headache", "A:pruritus", "A:dizziness", "A:rash, date unknown", "B:headache", "B:nausea"),
                m.aeListing().rows().stream().map(r -> r.get(0) + ":" + r.get(1)).toList(),
                "A's month-only onset (2021-07) before its 07-09s, which keep the order entered; the unknown onset last");
    }
}
