package org.aecapture.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.AdverseEventRules;
import org.aecapture.domain.AeFields;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.Sex;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectStatus;
import org.aecapture.lab.LabMeasurement;
import org.aecapture.sae.SaeDetails;
import org.aecapture.sae.SaeRules;
import org.aecapture.study.StudyDefinition;
import org.aecapture.study.StudyDefinitions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled study's edit checks, each on the record that trips it and on the one beside it that does not. */
class EditChecksTest {

    private static EditChecks checks;
    private static final Subject SUBJECT = new Subject(1L, "101-001", "101", Sex.FEMALE, PartialDate.parseIso("1980-03-04"),
            LocalDate.of(2021, 6, 20), LocalDate.of(2021, 7, 15), null, SubjectStatus.ON_STUDY, 1);
    private static long nextId = 1;

    @BeforeAll
    static void load() {
        StudyDefinition study = StudyDefinitions.bundled();
        checks = new EditChecks(study.editChecks(), new AdverseEventRules(CtcaeCatalog.bundled()));
    }

    private static AdverseEvent.Builder ae(String code, String term, int grade) {
        return AdverseEvent.of("101-001").id(nextId++).version(1).verbatimTerm("v " + term).term(code, term, "soc").grade(grade)
                .onsetDate(PartialDate.parseIso("2021-08-01")).endDate(PartialDate.parseIso("2021-08-03"))
                .relationship(Relationship.UNLIKELY).actionTaken(ActionTaken.DOSE_NOT_CHANGED).outcome(Outcome.RECOVERED);
    }

    private static List<String> fired(Subject s, AdverseEvent... aes) {
        return checks.run(s, List.of(aes), Map.of()).stream().map(f -> f.checkId() + ":" + f.field()).toList();
    }

    @Test
    void aMessageIsFilledFromTheAeAndKeepsWhatIsNoPlaceholder() {
        AdverseEvent ae = ae("10019211", "Headache", 3).verbatimTerm("{grade} headache").outcome(Outcome.NOT_RECOVERED).build();
        assertEquals("Grade 3 Headache: {grade} headache, not recovered", EditChecks.message("Grade {grade} {term}: {verbatim}, {outcome}", ae));
        assertEquals("{ Headache} {site} {", EditChecks.message("{ {term}} {site} {", ae));
        assertEquals("no placeholder", EditChecks.message("no placeholder", ae));
        assertEquals("Grade  ", EditChecks.message("Grade {grade} {outcome}", ae("10019211", "Headache", 3).grade(null).outcome(null).build()));
    }

    @Test
    void gradeThreeOrMoreNotSeriousAsksToConfirmSeriousness() {
        assertEquals(List.of("EC01:" + AeFields.SERIOUS), fired(SUBJECT, ae("10019211", "Headache", 3).build()));
        assertEquals(List.of(), fired(SUBJECT, ae("10019211", "Headache", 2).build()));
    }

    @Test
    void aFatalOutcomeNeedsGradeFiveAndGradeFiveAFatalOutcome() {
        List<String> fatalGrade4 = fired(SUBJECT, ae("10019211", "Headache", 4).serious(true).outcome(Outcome.FATAL).build());
        assertTrue(fatalGrade4.contains("EC02:" + AeFields.GRADE), fatalGrade4.toString());
        List<String> grade5Recovered = fired(SUBJECT, ae("10038695", "Respiratory failure", 5).serious(true).build());
        assertTrue(grade5Recovered.contains("EC02:" + AeFields.OUTCOME), grade5Recovered.toString());
        assertTrue(fired(SUBJECT, ae("10038695", "Respiratory failure", 5).serious(true).outcome(Outcome.FATAL).build()).stream()
                .noneMatch(f -> f.startsWith("EC02")));
    }

    @Test
    void anOnsetBeforeConsentTripsOnlyWhenEvenItsLatestDayIsBefore() {
        assertEquals(List.of("EC03:" + AeFields.ONSET_DATE), fired(SUBJECT, ae("10019211", "Headache", 1)
                .onsetDate(PartialDate.parseIso("2021-06-19")).endDate(PartialDate.parseIso("2021-06-19")).build()));
        assertEquals(List.of(), fired(SUBJECT, ae("10019211", "Headache", 1)
                .onsetDate(PartialDate.ofYearMonth(2021, 6)).endDate(PartialDate.parseIso("2021-06-25")).build()), "June 2021 may be after the 20th");
    }

    @Test
    void theSameTermWithOverlappingDatesIsAPossibleDuplicateOnTheLaterRecord() {
        AdverseEvent first = ae("10019211", "Headache", 1).build();
        AdverseEvent overlapping = ae("10019211", "Headache", 2).onsetDate(PartialDate.parseIso("2021-08-02")).endDate(null).ongoing(true)
                .outcome(Outcome.NOT_RECOVERED).build();
        AdverseEvent later = ae("10019211", "Headache", 1).onsetDate(PartialDate.parseIso("2021-09-01"))
                .endDate(PartialDate.parseIso("2021-09-02")).build();
        List<Finding> found = checks.run(SUBJECT, List.of(first, overlapping), Map.of());
        assertEquals(1, found.size(), found.toString());
        assertEquals(overlapping.id(), found.get(0).recordId());
        assertEquals(List.of(), fired(SUBJECT, first, later));
    }

    @Test
    void aNewAeGetsTheFindingsTheWholeRunGivesIt() {
        // 300 subjects' worth of AEs of three terms: exact, month-only and year-only dates, open and missing ends, deleted ones
        java.util.Random random = new java.util.Random(31);
        String[][] terms = {{"10019211", "Headache"}, {"10028813", "Nausea"}, {"10035528", "Platelet count decreased"}};
        int compared = 0;
        int duplicates = 0;
        for (int run = 0; run < 300; run++) {
            List<AdverseEvent> stored = new java.util.ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                String[] term = terms[random.nextInt(terms.length)];
                LocalDate onset = LocalDate.of(2021, 6, 15).plusDays(random.nextInt(60));
                PartialDate onsetDate = switch (random.nextInt(5)) {
                    case 0 -> PartialDate.ofYearMonth(onset.getYear(), onset.getMonthValue());
                    case 1 -> PartialDate.ofYear(onset.getYear());
                    case 2 -> null;
                    default -> PartialDate.of(onset);
                };
                PartialDate endDate = random.nextInt(3) == 0 ? null : PartialDate.of(onset.plusDays(random.nextInt(10)));
                stored.add(ae(term[0], term[1], 1 + random.nextInt(5)).onsetDate(onsetDate).endDate(endDate).ongoing(endDate == null)
                        .serious(random.nextBoolean()).outcome(Outcome.values()[random.nextInt(Outcome.values().length)])
                        .deleted(random.nextInt(6) == 0).build());
            }
            AdverseEvent added = stored.get(stored.size() - 1).toBuilder().deleted(false).build();
            stored.set(stored.size() - 1, added);
            List<EditChecks.TermSpan> others = stored.stream().filter(a -> a != added && !a.deleted() && a.meddraCode().equals(added.meddraCode()))
                    .map(a -> new EditChecks.TermSpan(a.id(), a.onsetDate(), a.endDate())).toList();
            List<Finding> whole = checks.run(SUBJECT, stored, Map.of()).stream().filter(f -> f.recordId() == added.id()).toList();
            assertEquals(whole, checks.runOnNew(SUBJECT, added, others, Map.of()), stored.toString());
            compared++;
            duplicates += (int) whole.stream().filter(f -> f.checkId().equals("EC04")).count();
        }
        assertEquals(300, compared);
        assertTrue(duplicates > 30, "the cases hold duplicates: " + duplicates);
    }

    @Test
    void anAeOngoingAtEndOfStudyMustBeNotRecoveredOrRecovering() {
        Subject completed = new Subject(1L, "101-001", "101", Sex.FEMALE, PartialDate.parseIso("1980-03-04"), LocalDate.of(2021, 6, 20),
                LocalDate.of(2021, 7, 15), LocalDate.of(2022, 1, 26), SubjectStatus.COMPLETED, 2);
        AdverseEvent ongoing = ae("10019211", "Headache", 1).endDate(null).ongoing(true).outcome(Outcome.RECOVERED).build();
        assertEquals(List.of("EC05:" + AeFields.OUTCOME), fired(completed, ongoing));
        assertEquals(List.of(), fired(SUBJECT, ongoing), "not at End of Study yet");
        assertEquals(List.of(), fired(completed, ongoing.toBuilder().outcome(Outcome.RECOVERING).build()));
    }

    @Test
    void aSeriousAeWithoutItsAwarenessTimeIsQueried() {
        AdverseEvent sae = ae("10035664", "Pneumonia", 3).serious(true).seriousCriteria(java.util.Set.of(org.aecapture.domain.SeriousCriterion.HOSPITALIZATION)).build();
        assertTrue(fired(SUBJECT, sae).contains("EC06:" + SaeRules.AWARE_AT));
        SaeDetails aware = new SaeDetails(1L, sae.id(), "101-001", OffsetDateTime.parse("2021-08-01T10:00:00-04:00"), null, null, null, null, null,
                null, null, null, null, null, 1);
        assertTrue(checks.run(SUBJECT, List.of(sae), Map.of(sae.id(), aware)).stream().noneMatch(f -> f.checkId().equals("EC06")));
    }

    @Test
    void aGradeOtherThanTheLabValueGivesWithoutAReasonIsQueried() {
        LabMeasurement platelets60 = new LabMeasurement(new BigDecimal("60"), "10^9/L", new BigDecimal("150"), new BigDecimal("400"), null);
        AdverseEvent noReason = ae("10035528", "Platelet count decreased", 1).lab(platelets60).build();
        assertTrue(fired(SUBJECT, noReason).contains("EC07:" + AeFields.GRADE), fired(SUBJECT, noReason).toString());
        assertTrue(fired(SUBJECT, noReason.toBuilder().gradeReason("clumping").build()).stream().noneMatch(f -> f.startsWith("EC07")));
        assertTrue(fired(SUBJECT, noReason.toBuilder().grade(2).build()).stream().noneMatch(f -> f.startsWith("EC07")));
    }

    @Test
    void aDeletedAeIsNotCheckedAndAnUnknownCheckIsRefusedByName() {
        assertEquals(List.of(), fired(SUBJECT, ae("10019211", "Headache", 4).deleted(true).build()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EditChecks(
                List.of(new StudyDefinition.EditCheck("X1", "grade-too-high", "m", null)), new AdverseEventRules(CtcaeCatalog.bundled())));
        assertTrue(e.getMessage().contains("edit check X1: there is no built-in check grade-too-high"), e.getMessage());
    }
}
