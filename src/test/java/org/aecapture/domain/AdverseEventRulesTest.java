package org.aecapture.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.ctcae.CtcaeTerm;
import org.junit.jupiter.api.Test;

class AdverseEventRulesTest {

    static final LocalDate TODAY = LocalDate.of(2022, 6, 1);
    static final Subject SUBJECT = new Subject(1L, "101-001", "101", Sex.FEMALE, PartialDate.ofYear(1980),
            LocalDate.of(2021, 6, 20), LocalDate.of(2021, 7, 15), null, SubjectStatus.ON_STUDY, 1);

    private final CtcaeCatalog catalog = CtcaeCatalog.bundled();
    private final AdverseEventRules rules = new AdverseEventRules(catalog);

    /** A valid, non-serious, resolved grade 2 headache. */
    static AdverseEvent headache() {
        return AdverseEvent.of("101-001").verbatimTerm("headache").term("10019211", "Headache", "Nervous system disorders")
                .grade(2).onsetDate(PartialDate.parseIso("2021-08-01")).endDate(PartialDate.parseIso("2021-08-03"))
                .relationship(Relationship.UNLIKELY).actionTaken(ActionTaken.DOSE_NOT_CHANGED).outcome(Outcome.RECOVERED)
                .reportedAtVisit("W2").build();
    }

    private List<Violation> check(AdverseEvent ae) {
        return rules.validate(ae, SUBJECT, TODAY);
    }

    private static void assertOnly(List<Violation> v, String field, String messagePart) {
        assertEquals(1, v.size(), v.toString());
        assertEquals(field, v.get(0).field());
        assertTrue(v.get(0).message().contains(messagePart), v.get(0).message());
    }

    private static AdverseEvent with(AdverseEvent a, String code, String specify, Integer grade, PartialDate onset, PartialDate end,
                                     boolean ongoing, boolean serious, Set<SeriousCriterion> criteria, Outcome outcome) {
        return AdverseEvent.of(a.subjectNumber()).id(a.id()).verbatimTerm(a.verbatimTerm())
                .term(code, a.ctcaeTerm(), a.soc()).otherSpecify(specify).grade(grade).onsetDate(onset).endDate(end)
                .ongoing(ongoing).serious(serious).seriousCriteria(criteria).relationship(a.relationship())
                .actionTaken(a.actionTaken()).outcome(outcome).reportedAtVisit(a.reportedAtVisit()).version(a.version())
                .deleted(a.deleted()).build();
    }

    private static AdverseEvent withGrade(AdverseEvent a, String code, int grade) {
        return with(a, code, a.otherSpecify(), grade, a.onsetDate(), a.endDate(), a.ongoing(), a.serious(), a.seriousCriteria(), a.outcome());
    }

    private static AdverseEvent withDates(AdverseEvent a, String onset, String end, boolean ongoing) {
        return with(a, a.meddraCode(), a.otherSpecify(), a.grade(), onset == null ? null : PartialDate.parseIso(onset),
                end == null ? null : PartialDate.parseIso(end), ongoing, a.serious(), a.seriousCriteria(), a.outcome());
    }

    @Test
    void aCompleteValidAeHasNoViolations() {
        assertEquals(List.of(), check(headache()));
    }

    @Test
    void verbatimTermIsRequired() {
        AdverseEvent a = headache();
        AdverseEvent blank = AdverseEvent.of(a.subjectNumber()).verbatimTerm("  ")
                .term(a.meddraCode(), a.ctcaeTerm(), a.soc()).grade(2).onsetDate(a.onsetDate()).endDate(a.endDate())
                .relationship(a.relationship()).actionTaken(a.actionTaken()).outcome(a.outcome()).build();
        assertOnly(check(blank), AeFields.VERBATIM_TERM, "required");
    }

    @Test
    void termMustBeACtcaeTerm() {
        assertOnly(check(withGrade(headache(), "99999999", 2)), AeFields.MEDDRA_CODE, "not a CTCAE v5.0 term");
    }

    @Test
    void gradeMustBeDefinedForTheTerm() {
        String fatigue = catalog.byName("Fatigue").orElseThrow().meddraCode();
        assertEquals(List.of(), check(withGrade(headache(), fatigue, 3)));
        assertOnly(check(withGrade(headache(), fatigue, 4)), AeFields.GRADE, "grade 4 is not defined for Fatigue in CTCAE v5.0 (defined grades: 1, 2, 3)");
        assertOnly(check(withGrade(headache(), fatigue, 6)), AeFields.GRADE, "CTCAE grades are 1 to 5");
    }

    @Test
    void otherSpecifyTermNeedsItsTextAndOthersRefuseIt() {
        CtcaeTerm other = catalog.byName("Nervous system disorders - Other, specify").orElseThrow();
        AdverseEvent a = headache();
        AdverseEvent noText = with(a, other.meddraCode(), " ", 2, a.onsetDate(), a.endDate(), false, false, Set.of(), a.outcome());
        assertOnly(check(noText), AeFields.OTHER_SPECIFY, "needs the specification");
        AdverseEvent withText = with(a, other.meddraCode(), "tingling scalp", 2, a.onsetDate(), a.endDate(), false, false, Set.of(), a.outcome());
        assertEquals(List.of(), check(withText));
        AdverseEvent textOnOrdinaryTerm = with(a, a.meddraCode(), "tingling", 2, a.onsetDate(), a.endDate(), false, false, Set.of(), a.outcome());
        assertOnly(check(textOnOrdinaryTerm), AeFields.OTHER_SPECIFY, "only \"Other, specify\" terms");
    }

    @Test
    void onsetNotBeforeConsent() {
        assertOnly(check(withDates(headache(), "2021-06-19", "2021-06-25", false)), AeFields.ONSET_DATE, "before informed consent (20-JUN-2021)");
        assertEquals(List.of(), check(withDates(headache(), "2021-06", "2021-06-25", false)), "the consent month itself is allowed");
    }

    @Test
    void onsetNotInTheFuture() {
        assertOnly(check(withDates(headache(), "2022-06-02", null, true)), AeFields.ONSET_DATE, "in the future");
    }

    @Test
    void onsetNotAfterEndOfStudy() {
        Subject ended = new Subject(1L, "101-001", "101", Sex.FEMALE, PartialDate.ofYear(1980), LocalDate.of(2021, 6, 20),
                LocalDate.of(2021, 7, 15), LocalDate.of(2021, 9, 1), SubjectStatus.DISCONTINUED, 1);
        List<Violation> v = rules.validate(withDates(headache(), "2021-09-02", null, true), ended, TODAY);
        assertOnly(v, AeFields.ONSET_DATE, "after the End of Study date 01-SEP-2021 of subject 101-001");
        assertEquals(List.of(), rules.validate(withDates(headache(), "2021-09-01", null, true), ended, TODAY));
    }

    @Test
    void endNotBeforeOnsetComparedOnCommonParts() {
        assertOnly(check(withDates(headache(), "2021-08-05", "2021-08-04", false)), AeFields.END_DATE, "before the onset date 05-AUG-2021");
        assertEquals(List.of(), check(withDates(headache(), "2021-08-05", "2021-08", false)));
        assertOnly(check(withDates(headache(), "2021-08-05", "2021-07", false)), AeFields.END_DATE, "before the onset");
    }

    @Test
    void ongoingIfAndOnlyIfNoEndDate() {
        assertOnly(check(withDates(headache(), "2021-08-01", "2021-08-03", true)), AeFields.ONGOING, "cannot have an end date");
        assertOnly(check(withDates(headache(), "2021-08-01", null, false)), AeFields.END_DATE, "unless the AE is ongoing");
        assertEquals(List.of(), check(withDates(headache(), "2021-08-01", null, true)));
    }

    @Test
    void seriousIfAndOnlyIfACriterionIsTicked() {
        AdverseEvent a = headache();
        assertOnly(check(with(a, a.meddraCode(), null, 2, a.onsetDate(), a.endDate(), false, true, Set.of(), a.outcome())),
                AeFields.SERIOUS, "at least one seriousness criterion");
        assertOnly(check(with(a, a.meddraCode(), null, 2, a.onsetDate(), a.endDate(), false, false,
                EnumSet.of(SeriousCriterion.HOSPITALIZATION), a.outcome())), AeFields.SERIOUS, "not marked serious");
        assertEquals(List.of(), check(with(a, a.meddraCode(), null, 3, a.onsetDate(), a.endDate(), false, true,
                EnumSet.of(SeriousCriterion.HOSPITALIZATION), a.outcome())));
    }

    @Test
    void fatalIfAndOnlyIfGradeFiveWithDeathCriterionAndDateOfDeath() {
        AdverseEvent a = headache();
        String sepsis = catalog.byName("Sepsis").orElseThrow().meddraCode();
        Set<SeriousCriterion> death = EnumSet.of(SeriousCriterion.RESULTS_IN_DEATH);
        assertEquals(List.of(), check(with(a, sepsis, null, 5, a.onsetDate(), a.endDate(), false, true, death, Outcome.FATAL)));
        assertOnly(check(with(a, sepsis, null, 4, a.onsetDate(), a.endDate(), false, true, death, Outcome.FATAL)),
                AeFields.OUTCOME, "Fatal requires grade 5");
        assertOnly(check(with(a, sepsis, null, 5, a.onsetDate(), a.endDate(), false, true, death, Outcome.RECOVERED)),
                AeFields.OUTCOME, "requires outcome Fatal");
        assertOnly(check(with(a, sepsis, null, 5, a.onsetDate(), a.endDate(), false, true,
                EnumSet.of(SeriousCriterion.HOSPITALIZATION), Outcome.FATAL)), "sdth", "results in death");
        List<Violation> noDate = check(with(a, sepsis, null, 5, a.onsetDate(), null, true, true, death, Outcome.FATAL));
        assertTrue(noDate.stream().anyMatch(x -> x.field().equals(AeFields.END_DATE) && x.message().contains("date of death")), noDate.toString());
    }

    @Test
    void choiceListsAreRequired() {
        AdverseEvent a = headache();
        AdverseEvent none = AdverseEvent.of(a.subjectNumber()).verbatimTerm(a.verbatimTerm())
                .term(a.meddraCode(), a.ctcaeTerm(), a.soc()).grade(2).onsetDate(a.onsetDate()).endDate(a.endDate()).build();
        List<String> fields = check(none).stream().map(Violation::field).toList();
        assertEquals(List.of(AeFields.RELATIONSHIP, AeFields.ACTION_TAKEN, AeFields.OUTCOME), fields);
    }

    @Test
    void unknownSubjectIsReported() {
        List<Violation> v = rules.validate(headache(), null, TODAY);
        assertOnly(v, AeFields.SUBJECT_ID, "101-001 does not exist");
    }

    @Test
    void requireValidThrowsWithEveryViolation() {
        AdverseEvent bad = withDates(withGrade(headache(), "10016256", 5), "2021-08-05", "2021-08-04", false);
        ValidationException e = assertThrows(ValidationException.class, () -> rules.requireValid(bad, SUBJECT, TODAY));
        assertTrue(e.violations().size() >= 2, e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void theStudysLabConventionDecidesWhatTheValueAloneCannotAndStatedFactsDecideInBoth() {
        AdverseEvent sodium = AdverseEvent.of("101-001").verbatimTerm("low sodium")
                .term("10021038", "Hyponatremia", "Metabolism and nutrition disorders").grade(3)
                .onsetDate(PartialDate.parseIso("2021-08-01")).endDate(PartialDate.parseIso("2021-08-03"))
                .relationship(org.aecapture.domain.Relationship.NOT_RELATED)
                .actionTaken(org.aecapture.domain.ActionTaken.DOSE_NOT_CHANGED)
                .outcome(org.aecapture.domain.Outcome.RECOVERED).reportedAtVisit("W2").build();
        org.aecapture.lab.LabMeasurement m = new org.aecapture.lab.LabMeasurement(new java.math.BigDecimal("127"), "mmol/L",
                new java.math.BigDecimal("135"), new java.math.BigDecimal("145"), null);
        AdverseEventRules worstCase = new AdverseEventRules(catalog, org.aecapture.lab.LabGrader.Convention.WORST_CASE);
        org.junit.jupiter.api.Assertions.assertNull(rules.labGrade(sodium.withLab(m)).orElseThrow().grade(), "strict: the investigator's");
        org.junit.jupiter.api.Assertions.assertEquals(3, worstCase.labGrade(sodium.withLab(m)).orElseThrow().grade());
        org.aecapture.lab.LabMeasurement asymptomatic = new org.aecapture.lab.LabMeasurement(m.value(), m.unit(), m.lln(), m.uln(), null,
                java.util.Map.of(org.aecapture.lab.ClinicalFact.SYMPTOMATIC, false));
        org.junit.jupiter.api.Assertions.assertEquals(2, rules.labGrade(sodium.withLab(asymptomatic)).orElseThrow().grade());
        org.junit.jupiter.api.Assertions.assertEquals(2, worstCase.labGrade(sodium.withLab(asymptomatic)).orElseThrow().grade());
    }
}
