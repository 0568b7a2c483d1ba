package org.aecapture.service;

import org.aecapture.domain.AuditEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.aecapture.domain.EligibilityChecklist;
import org.aecapture.domain.EligibilityChecklist.Answer;
import org.aecapture.domain.EligibilityChecklist.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Sex;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectStatus;
import org.aecapture.domain.ValidationException;
import org.aecapture.domain.Visit;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.store.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Enrolment through the checklist, Day 1, visits and End of Study, on a real SQLite file. */
@ParameterizedClass
@EnumSource(TestStore.class)
class EnrolmentAndVisitsTest {

    @Parameter
    TestStore store;

    @TempDir
    Path dir;
    private DatabaseLocation db;
    private AeCapture app;

    @BeforeEach
    void open() {
        db = store.newDatabase(dir, "trial");
        app = store.openOrInit(db, () -> "coordinator");
    }

    @AfterEach
    void close() {
        app.close();
    }

    private static Subject candidate(String number, String birth) {
        return new Subject(null, number, number.substring(0, 3), Sex.FEMALE, PartialDate.parseIso(birth), LocalDate.of(2021, 6, 20),
                null, null, null, 0);
    }

    private EligibilityChecklist passed() {
        EligibilityChecklist c = app.subjects().checklist(java.util.Optional.empty());
        for (int i = 0; i < c.inclusion().size(); i++) {
            c = c.withInclusion(i, Answer.YES);
        }
        for (int i = 0; i < c.exclusion().size(); i++) {
            c = c.withExclusion(i, Answer.NO);
        }
        return c;
    }

    private Subject eligibleDosed(String number, LocalDate day1) {
        Subject s = app.subjects().enrol(candidate(number, "1980-03-04"), passed());
        return app.visits().setDay1(number, day1, s.version(), null);
    }

    @Test
    void anEligibleSubjectIsStoredWithTheDecisionWhoAndWhen() {
        Subject s = app.subjects().enrol(candidate("101-001", "1980-03-04"), passed());
        assertEquals(SubjectStatus.SCREENING, s.status());
        var e = app.subjects().eligibility("101-001").orElseThrow();
        assertEquals(Outcome.ELIGIBLE, e.outcome());
        assertEquals("coordinator", e.assessedBy());
        assertEquals("2022-06-01T10:00:00Z", e.assessedAt());
        assertEquals(passed().answersCode(), e.answers());
    }

    @Test
    void aPresentExclusionCriterionMakesAScreenFailureThatGetsNoDay1() throws Exception {
        Subject s = app.subjects().enrol(candidate("101-002", "1980-03-04"), passed().withExclusion(3, Answer.YES));
        assertEquals(SubjectStatus.SCREEN_FAILURE, s.status());
        var e = app.subjects().eligibility("101-002").orElseThrow();
        assertEquals(Outcome.SCREEN_FAILURE, e.outcome());
        assertEquals("Exclusion 4: Drug-induced lupus", e.failedCriteria());
        List<String> before = StoreTestSupport.dump(db);
        ValidationException refused = assertThrows(ValidationException.class,
                () -> app.visits().setDay1("101-002", LocalDate.of(2021, 7, 1), s.version(), null));
        assertTrue(refused.getMessage().contains("screen failure"), refused.getMessage());
        assertEquals(before, StoreTestSupport.dump(db));
    }

    @Test
    void anIncompleteChecklistEnrolsNobody() throws Exception {
        List<String> before = StoreTestSupport.dump(db);
        EligibilityChecklist incomplete = passed().withExclusion(0, null);
        ValidationException e = assertThrows(ValidationException.class, () -> app.subjects().enrol(candidate("101-003", "1980-03-04"), incomplete));
        assertEquals("eligibility", e.violations().get(0).field());
        assertTrue(e.getMessage().contains("1 criteria are still to be confirmed"), e.getMessage());
        assertEquals(before, StoreTestSupport.dump(db));
    }

    @Test
    void agesOf17And66AtConsentAreRefused() throws Exception {
        List<String> before = StoreTestSupport.dump(db);
        // consent 2021-06-20: born 2003-06-21 is 17, born 1955-06-20 is 66
        for (String birth : List.of("2003-06-21", "1955-06-20")) {
            ValidationException e = assertThrows(ValidationException.class, () -> app.subjects().enrol(candidate("101-004", birth), passed()));
            assertEquals("birth_date", e.violations().get(0).field());
            assertTrue(e.getMessage().contains("ages 18 to 65"), e.getMessage());
        }
        assertEquals(before, StoreTestSupport.dump(db));
        assertEquals(SubjectStatus.SCREENING, app.subjects().enrol(candidate("101-004", "2003-06-20"), passed()).status(), "18 on the day");
    }

    @Test
    void day1LaysOutTheScheduleAndAVisitOutsideItsWindowIsFlagged() {
        eligibleDosed("101-001", LocalDate.of(2021, 7, 1));
        app.visits().record("101-001", "W4", LocalDate.of(2021, 8, 5), null); // target Day 29 = 29-Jul, window 26-Jul to 1-Aug
        var w4 = app.visits().visits("101-001").stream().filter(l -> l.definition().code().equals("W4")).findFirst().orElseThrow();
        assertEquals(LocalDate.of(2021, 7, 29), w4.window().target());
        assertTrue(w4.outsideWindow());
        var w2 = app.visits().visits("101-001").stream().filter(l -> l.definition().code().equals("W2")).findFirst().orElseThrow();
        assertFalse(w2.outsideWindow(), "a visit that has not taken place is not flagged");
    }

    @Test
    void earlyTerminationSetsEndOfStudyAndDiscontinuedAndNeedsAReason() {
        eligibleDosed("101-001", LocalDate.of(2021, 7, 1));
        ValidationException noReason = assertThrows(ValidationException.class,
                () -> app.visits().record("101-001", "ET", LocalDate.of(2021, 9, 1), " "));
        assertEquals("note", noReason.violations().get(0).field());
        app.visits().record("101-001", "ET", LocalDate.of(2021, 9, 1), "withdrew consent");
        Subject s = app.subjects().byNumber("101-001").orElseThrow();
        assertEquals(LocalDate.of(2021, 9, 1), s.endOfStudyDate());
        assertEquals(SubjectStatus.DISCONTINUED, s.status());
        ValidationException twice = assertThrows(ValidationException.class,
                () -> app.visits().record("101-001", "W28", LocalDate.of(2021, 9, 2), null));
        assertTrue(twice.getMessage().contains("already ended the study"), twice.getMessage());
    }

    @Test
    void week28CompletesTheStudyAndAnAeAfterItIsRefusedSayingWhy() {
        eligibleDosed("101-001", LocalDate.of(2021, 7, 1));
        app.visits().record("101-001", "W28", LocalDate.of(2022, 1, 13), null);
        Subject s = app.subjects().byNumber("101-001").orElseThrow();
        assertEquals(SubjectStatus.COMPLETED, s.status());
        assertEquals(LocalDate.of(2022, 1, 13), s.endOfStudyDate());
        var late = StoreTestSupport.headache("101-001");
        var after = late.toBuilder().grade(2).onsetDate(PartialDate.parseIso("2022-01-20"))
                .endDate(PartialDate.parseIso("2022-01-21")).reportedAtVisit(null).build();
        ValidationException e = assertThrows(ValidationException.class, () -> app.adverseEvents().record(after));
        assertTrue(e.getMessage().contains("after the End of Study date"), e.getMessage());
    }

    @Test
    void changingDay1NeedsAReasonAndKeepsItsHistory() {
        Subject s = eligibleDosed("101-001", LocalDate.of(2021, 7, 1));
        app.adverseEvents().record(StoreTestSupport.headache("101-001"));
        assertThrows(IllegalArgumentException.class, () -> app.visits().setDay1("101-001", LocalDate.of(2021, 7, 2), s.version(), ""));
        Subject moved = app.visits().setDay1("101-001", LocalDate.of(2021, 7, 2), s.version(), "first dose date mis-typed");
        assertEquals(LocalDate.of(2021, 7, 2), moved.firstDoseDate());
        List<AuditEntry> history = app.subjects().history(moved.id());
        AuditEntry change = history.get(history.size() - 1);
        assertEquals("first_dose_date", change.field());
        assertEquals("2021-07-01", change.oldValue());
        assertEquals("2021-07-02", change.newValue());
        assertEquals("first dose date mis-typed", change.reason());
        var ae = app.adverseEvents().forSubject("101-001", false).get(0);
        assertEquals(31, moved.studyDayOf(ae.onsetDate().toLocalDate().orElseThrow()).orElseThrow(), "study days follow the new Day 1");
    }

    @Test
    void anEndOfStudyBeforeAnExistingAeOnsetIsRefusedAndNothingChanges() throws Exception {
        eligibleDosed("101-001", LocalDate.of(2021, 7, 1));
        app.adverseEvents().record(StoreTestSupport.headache("101-001")); // onset 2021-08-01
        List<String> before = StoreTestSupport.dump(db);
        ValidationException e = assertThrows(ValidationException.class,
                () -> app.visits().record("101-001", "ET", LocalDate.of(2021, 7, 20), "lost to follow-up"));
        assertTrue(e.getMessage().contains("1 adverse event(s) with a later onset"), e.getMessage());
        assertEquals(before, StoreTestSupport.dump(db));
    }

    @Test
    void correctingTheEndingVisitMovesEndOfStudyWithAReason() {
        eligibleDosed("101-001", LocalDate.of(2021, 7, 1));
        Visit et = app.visits().record("101-001", "ET", LocalDate.of(2021, 9, 1), "withdrew consent");
        Visit moved = new Visit(et.id(), et.subjectNumber(), et.visitCode(), LocalDate.of(2021, 9, 3), et.note(), et.version());
        assertThrows(IllegalArgumentException.class, () -> app.visits().correct(moved, null));
        app.visits().correct(moved, "date taken from the wrong page");
        assertEquals(LocalDate.of(2021, 9, 3), app.subjects().byNumber("101-001").orElseThrow().endOfStudyDate());
    }

    @Test
    void scheduledVisitsNeedDay1AndAreRecordedOnce() {
        app.subjects().enrol(candidate("101-001", "1980-03-04"), passed());
        ValidationException e = assertThrows(ValidationException.class, () -> app.visits().record("101-001", "W2", LocalDate.of(2021, 7, 1), null));
        assertTrue(e.getMessage().contains("needs the subject's Day 1"), e.getMessage());
        app.visits().record("101-001", "SCR", LocalDate.of(2021, 6, 22), null);
        app.visits().record("101-001", "UNS", LocalDate.of(2021, 6, 25), "rash check");
        app.visits().record("101-001", "UNS", LocalDate.of(2021, 6, 26), "rash again");
        ValidationException twice = assertThrows(ValidationException.class, () -> app.visits().record("101-001", "SCR", LocalDate.of(2021, 6, 23), null));
        assertTrue(twice.getMessage().contains("already recorded"), twice.getMessage());
        assertEquals(2, app.visits().visits("101-001").stream().filter(l -> l.definition().code().equals("UNS")).count());
    }

    @Test
    void theSubjectListCountsEachSubjectsAdverseEvents() {
        eligibleDosed("101-001", LocalDate.of(2021, 7, 1));
        eligibleDosed("101-002", LocalDate.of(2021, 7, 1));
        app.adverseEvents().record(StoreTestSupport.headache("101-001"));
        app.adverseEvents().record(StoreTestSupport.headache("101-001"));
        var overview = app.subjects().overview();
        assertEquals(List.of("101-001", "101-002"), overview.stream().map(o -> o.subject().subjectNumber()).toList());
        assertEquals(List.of(2, 0), overview.stream().map(SubjectService.SubjectSummary::adverseEvents).toList());
    }
}
