package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.AeFields;
import org.aecapture.domain.AuditEntry;
import org.aecapture.domain.DataQuery;
import org.aecapture.domain.QueryRow;
import org.aecapture.domain.QueryStep;
import org.aecapture.domain.Role;
import org.aecapture.domain.SdvMark;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.store.TestStore;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The monitor's loop through the services, with real accounts: a query raised, answered with a correction, closed; the
 * edit checks' own queries opening and closing with the data; SDV marks; the lock refused meanwhile. On an SQLite file
 * and on the embedded PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class DataQueryServiceTest {

    @Parameter
    TestStore store;
    @TempDir
    Path dir;
    private DatabaseLocation db;
    private AeCapture app;

    @BeforeEach
    void setUp() {
        db = store.newDatabase(dir, "queries");
        try (AeCapture setup = store.openOrInit(db, () -> "setup")) {
            setup.subjects().enrol(StoreTestSupport.subject("101-001"));
            setup.subjects().enrol(StoreTestSupport.subject("102-001"));
        }
        app = store.open(db, () -> "os");
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private void as(String user, Role role, String... sites) {
        app.signOut("next person");
        TestAccounts.signInAs(app, user, role, sites);
    }

    private AdverseEvent headache(String subject, int grade) {
        return StoreTestSupport.headache(subject).toBuilder().grade(grade).build();
    }

    private List<QueryRow> outstanding() {
        return app.queries().list().stream().filter(r -> r.query().state().isOutstanding()).toList();
    }

    /**
     * Correcting one of two serious AEs of the same term re-checks both, each with its own SAE details: the other's are
     * complete, so no "SAE awareness missing" query opens on it (it did, with the corrected AE's details alone).
     */
    @Test
    void correctingOneSeriousAeChecksItsTermMateWithTheMatesOwnSaeDetails() {
        as("inv101", Role.INVESTIGATOR, "101");
        var aware = java.time.OffsetDateTime.parse("2021-09-02T07:00Z");
        AdverseEvent first = app.adverseEvents().record(StoreTestSupport.pneumonitisSae("101-001").toBuilder()
                .endDate(org.aecapture.domain.PartialDate.parseIso("2021-09-10")).ongoing(false).outcome(org.aecapture.domain.Outcome.RECOVERED)
                .build(), StoreTestSupport.saeDetails(aware, "admitted"));
        AdverseEvent second = app.adverseEvents().record(StoreTestSupport.pneumonitisSae("101-001").toBuilder()
                .onsetDate(org.aecapture.domain.PartialDate.parseIso("2021-10-20")).endDate(org.aecapture.domain.PartialDate.parseIso("2021-10-25"))
                .ongoing(false).outcome(org.aecapture.domain.Outcome.RECOVERED).build(), StoreTestSupport.saeDetails(aware.plusDays(48), "admitted again"));
        int before = outstanding().size();
        assertTrue(outstanding().stream().noneMatch(r -> r.query().recordId() == second.id()), "the second is complete: " + outstanding());
        app.adverseEvents().correct(first.withVerbatimTerm("pneumonitis, corrected"), app.sae().details(first.id()).orElseThrow(), "spelling");
        assertEquals(before, outstanding().size(), "no new query on either: " + outstanding());
        assertTrue(outstanding().stream().noneMatch(r -> r.query().recordId() == second.id()), "none on the term-mate: " + outstanding());
    }

    @Test
    void aMonitorsQueryIsAnsweredWithACorrectionAndClosedAndTheSdvMarkSaysChangedSinceVerified() throws Exception {
        as("coord101", Role.COORDINATOR, "101");
        AdverseEvent ae = app.adverseEvents().record(headache("101-001", 2));
        assertTrue(app.queries().list().isEmpty(), "a grade 2 headache trips no edit check");

        as("mona", Role.MONITOR, "101");
        SdvMark mark = app.queries().verify(DataQuery.Target.ADVERSE_EVENT, ae.id());
        assertEquals(1, mark.verifiedVersion());
        DataQuery q = app.queries().raise(DataQuery.Target.ADVERSE_EVENT, ae.id(), AeFields.GRADE, "The chart says grade 3 (limiting self care)");
        assertEquals(DataQuery.State.OPEN, q.state());
        assertEquals("mona", q.raisedBy());
        assertThrows(AccessRefused.class, () -> app.adverseEvents().correct(ae.toBuilder().grade(3).build(), "monitor edits"),
                "a monitor changes no clinical data");

        as("max", Role.MONITOR, "102");
        assertTrue(app.queries().list().isEmpty(), "a monitor of site 102 sees nothing of site 101");
        assertThrows(AccessRefused.class, () -> app.queries().raise(DataQuery.Target.ADVERSE_EVENT, ae.id(), null, "not my site"));

        as("ines", Role.INVESTIGATOR, "101");
        assertEquals(1, outstanding().size(), "the site sees the query");
        assertThrows(AccessRefused.class, () -> app.queries().close(q.id(), "the site does not close"));
        AdverseEvent corrected = app.queries().answerWithCorrection(q.id(), "Corrected from the chart", ae.toBuilder().grade(3).build(), null);
        assertEquals(3, corrected.grade());
        List<AuditEntry> history = app.adverseEvents().history(ae.id());
        assertTrue(history.stream().anyMatch(e -> e.field().equals("grade") && "3".equals(e.newValue())
                && e.reason().equals("Query " + q.id() + ": Corrected from the chart")), history.toString());
        DataQueryService.Thread thread = app.queries().thread(q.id()).orElseThrow();
        assertEquals(DataQuery.State.ANSWERED, thread.query().state());
        assertEquals(List.of(QueryStep.Action.RAISE, QueryStep.Action.ANSWER), thread.steps().stream().map(QueryStep::action).toList());
        assertEquals(2, thread.steps().get(1).correctedVersion(), "the answer names the version it made");

        as("mona", Role.MONITOR, "101");
        DataQuery closed = app.queries().close(q.id(), null);
        assertEquals(DataQuery.State.CLOSED, closed.state());
        AccessRefused notSite = assertThrows(AccessRefused.class, () -> app.queries().answer(q.id(), "late"));
        assertTrue(notSite.getMessage().contains("the site answers a query"), notSite.getMessage());
        assertThrows(IllegalArgumentException.class, () -> app.queries().reopen(q.id(), " "), "re-opening needs a reason");
        DataQueryService.SdvRow row = app.queries().sdvStatus().stream()
                .filter(r -> r.target() == DataQuery.Target.ADVERSE_EVENT && r.recordId() == ae.id()).findFirst().orElseThrow();
        assertEquals(SdvMark.Status.CHANGED_SINCE_VERIFIED, row.status(), "never silently back to verified");
        app.queries().verify(DataQuery.Target.ADVERSE_EVENT, ae.id());
        assertEquals(SdvMark.Status.VERIFIED, app.queries().sdvStatus().stream()
                .filter(r -> r.target() == DataQuery.Target.ADVERSE_EVENT).findFirst().orElseThrow().status());
    }

    /** A query on a subject's birth date, and the enrolment data's verification, which a correction moves on. */
    @Test
    void aSubjectsEnrolmentDataAreQueriedAndVerifiedLikeAnAe() {
        as("mona", Role.MONITOR, "101");
        org.aecapture.domain.Subject s = app.subjects().byNumber("101-001").orElseThrow();
        app.queries().verify(DataQuery.Target.SUBJECT, s.id());
        DataQuery q = app.queries().raise(DataQuery.Target.SUBJECT, s.id(), "birth_date", "The chart gives 04-MAR-1981");
        assertEquals("101-001", q.subjectNumber());
        as("ines", Role.INVESTIGATOR, "101");
        org.aecapture.domain.Subject now = app.subjects().byNumber("101-001").orElseThrow();
        app.subjects().update(new org.aecapture.domain.Subject(now.id(), now.subjectNumber(), now.site(), now.sex(),
                org.aecapture.domain.PartialDate.parseIso("1981-03-04"), now.consentDate(), now.firstDoseDate(), now.endOfStudyDate(),
                now.status(), now.version()), "birth date corrected from the chart (query " + q.id() + ")");
        app.queries().answer(q.id(), "Corrected to 04-MAR-1981");
        assertEquals(SdvMark.Status.CHANGED_SINCE_VERIFIED, app.queries().sdvStatus().stream()
                .filter(r -> r.target() == DataQuery.Target.SUBJECT && r.recordId() == s.id()).findFirst().orElseThrow().status());
        assertEquals(DataQuery.State.ANSWERED, app.queries().thread(q.id()).orElseThrow().query().state());
    }

    /** The End of Study is recorded by a visit: an AE still ongoing then with outcome "recovered" is queried by that save. */
    @Test
    void aVisitThatEndsTheStudyQueriesAnOngoingAeWhoseOutcomeSaysRecovered() {
        as("coord101", Role.COORDINATOR, "101");
        AdverseEvent ongoing = app.adverseEvents().record(headache("101-001", 1).toBuilder().endDate(null).ongoing(true)
                .outcome(org.aecapture.domain.Outcome.RECOVERING).build());
        assertTrue(outstanding().isEmpty());
        app.adverseEvents().correct(ongoing.toBuilder().outcome(org.aecapture.domain.Outcome.RECOVERED).build(), "outcome per the clinic");
        assertTrue(outstanding().isEmpty(), "not at End of Study yet");
        app.visits().record("101-001", "ET", java.time.LocalDate.of(2021, 9, 1), "withdrew consent");
        List<QueryRow> open = outstanding();
        assertEquals(List.of("EC05"), open.stream().map(r -> r.query().checkId()).toList());
        assertEquals(ongoing.id(), open.get(0).query().recordId());
    }

    /**
     * Two overlapping headaches open a duplicate-term query; recoding either one to another term closes it by the data,
     * whichever of the two the query is on: the save looks again at the AEs of the term the corrected AE had.
     */
    @Test
    void recodingOneOfTwoDuplicatesClosesTheDuplicateQuery() {
        for (boolean recodeTheFirst : new boolean[] {true, false}) {
            as("coord101", Role.COORDINATOR, "101");
            AdverseEvent first = app.adverseEvents().record(headache("101-001", 1));
            AdverseEvent second = app.adverseEvents().record(headache("101-001", 1).toBuilder().verbatimTerm("head pain").build());
            List<QueryRow> open = outstanding().stream().filter(r -> "EC04".equals(r.query().checkId())).toList();
            assertEquals(1, open.size(), open.toString());
            AdverseEvent recoded = recodeTheFirst ? first : second;
            app.adverseEvents().correct(app.adverseEvents().byId(recoded.id()).orElseThrow().toBuilder().meddraCode("10028813").build(),
                    "it was nausea");
            assertTrue(outstanding().stream().noneMatch(r -> "EC04".equals(r.query().checkId())), "the duplicate query closed by the data");
            assertEquals(DataQuery.State.CLOSED, app.queries().thread(open.get(0).query().id()).orElseThrow().query().state());
            app.adverseEvents().delete(app.adverseEvents().byId(first.id()).orElseThrow(), "clean up for the next round");
            app.adverseEvents().delete(app.adverseEvents().byId(second.id()).orElseThrow(), "clean up for the next round");
        }
    }

    /**
     * A new AE is checked against the dates of its term's other AEs, and its duplicate query goes on it, the later record.
     * On the server a record saved at the same moment may hold a higher key than a new one: then the query goes on that
     * one, as a run of the checks over the study puts it.
     */
    @Test
    void aNewDuplicateIsQueriedOnTheRecordWithTheHigherKey() throws Exception {
        as("coord101", Role.COORDINATOR, "101");
        AdverseEvent first = app.adverseEvents().record(headache("101-001", 1));
        long moved = first.id() + 100;
        try (Connection c = TestStore.connect(db)) {
            c.createStatement().executeUpdate("UPDATE adverse_event SET id = " + moved + " WHERE id = " + first.id());
            if (store == TestStore.POSTGRESQL) { // the next key below the moved one, as a concurrent save would leave it
                c.createStatement().execute("SELECT setval(pg_get_serial_sequence('adverse_event', 'id'), " + first.id() + ")");
            }
        }
        AdverseEvent second = app.adverseEvents().record(headache("101-001", 1).toBuilder().verbatimTerm("head pain").build());
        assertEquals(store == TestStore.POSTGRESQL, second.id() < moved, "the key the new AE got: " + second.id());
        List<QueryRow> open = outstanding().stream().filter(r -> "EC04".equals(r.query().checkId())).toList();
        assertEquals(1, open.size(), open.toString());
        assertEquals(Math.max(moved, second.id()), open.get(0).query().recordId());
        as("mona", Role.MONITOR, "101");
        assertEquals(0, app.queries().runChecks().opened(), "the whole run finds it where the save put it");
        AdverseEvent apart = headache("101-001", 1).toBuilder().onsetDate(org.aecapture.domain.PartialDate.parseIso("2021-10-01"))
                .endDate(org.aecapture.domain.PartialDate.parseIso("2021-10-02")).build();
        as("coord101", Role.COORDINATOR, "101");
        app.adverseEvents().record(apart);
        assertEquals(1, outstanding().stream().filter(r -> "EC04".equals(r.query().checkId())).count(), "dates apart: no duplicate");
    }

    @Test
    void aGradeFourNotSeriousOpensASystemQueryThatClosesItselfWhenTheDataNoLongerTripIt() {
        as("coord102", Role.COORDINATOR, "102");
        AdverseEvent ae = app.adverseEvents().record(headache("102-001", 3).toBuilder().meddraCode("10029366").build()
                .toBuilder().grade(4).build());
        List<QueryRow> open = outstanding();
        assertEquals(1, open.size(), open.toString());
        DataQuery q = open.get(0).query();
        assertEquals("EC01", q.checkId());
        assertEquals(DataQuery.SYSTEM, q.raisedBy());
        assertEquals(AeFields.SERIOUS, q.field());
        assertTrue(q.text().startsWith("Grade 4 Neutrophil count decreased is not marked serious"), q.text());

        app.adverseEvents().record(headache("102-001", 1)); // another save of the subject: the same finding opens nothing new
        assertEquals(1, outstanding().size());

        // the site answers the edit check's query by correcting the grade: the answer is kept, and the query closes by the data
        AdverseEvent stored = app.adverseEvents().byId(ae.id()).orElseThrow();
        app.queries().answerWithCorrection(q.id(), "grade 2 per the lab report", stored.toBuilder().grade(2).build(), null);
        assertTrue(outstanding().isEmpty(), "closed by the data");
        DataQueryService.Thread thread = app.queries().thread(q.id()).orElseThrow();
        assertEquals(DataQuery.State.CLOSED, thread.query().state());
        assertEquals(List.of(QueryStep.Action.RAISE, QueryStep.Action.ANSWER, QueryStep.Action.RESOLVED_BY_DATA),
                thread.steps().stream().map(QueryStep::action).toList());
        assertEquals(2, app.adverseEvents().byId(ae.id()).orElseThrow().grade());
    }

    @Test
    void theLockIsRefusedWhileAQueryIsOpenNamingHowManyAndWhereAndAnAdministratorMayLockAnyway() {
        as("coord101", Role.COORDINATOR, "101");
        AdverseEvent ae = app.adverseEvents().record(headache("101-001", 2));
        as("mona", Role.MONITOR, "101");
        app.queries().verify(DataQuery.Target.ADVERSE_EVENT, ae.id());
        DataQuery q = app.queries().raise(DataQuery.Target.ADVERSE_EVENT, ae.id(), AeFields.ONSET_DATE, "onset 04-AUG in the chart?");
        as(TestAccounts.ADMINISTRATOR, Role.ADMINISTRATOR);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> app.databaseLock().lock("final analysis"));
        assertTrue(refused.getMessage().contains("1 queries open or answered and not closed (site 101: 1)"), refused.getMessage());
        assertFalse(refused.getMessage().contains("not verified"), "the one AE is verified: " + refused.getMessage());
        as("mona", Role.MONITOR, "101");
        app.queries().cancel(q.id(), "asked the wrong subject's chart");
        as(TestAccounts.ADMINISTRATOR, Role.ADMINISTRATOR);
        assertTrue(app.databaseLock().lock("final analysis").locked());
    }

    @Test
    void runningEveryCheckOverTheStudyFindsWhatSavesDidNotAndStepsAreNeverChanged() throws Exception {
        as("coord101", Role.COORDINATOR, "101");
        AdverseEvent ae = app.adverseEvents().record(headache("101-001", 2));
        // an AE that began before consent, written past the service (as an import from another system might have)
        try (Connection c = TestStore.connect(db)) {
            c.createStatement().executeUpdate("UPDATE adverse_event SET onset_date = '2021-05-01', end_date = '2021-05-02' WHERE id = " + ae.id());
        }
        as("mona", Role.MONITOR, "101");
        DataQueryService.CheckRun run = app.queries().runChecks();
        assertEquals(1, run.opened(), run.toString());
        assertEquals("EC03", outstanding().get(0).query().checkId());
        assertEquals(0, app.queries().runChecks().opened(), "run again: nothing new");
        try (Connection c = TestStore.connect(db)) {
            SQLException e = assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("UPDATE data_query_step SET text = 'x'"));
            assertTrue(e.getMessage().contains("kept as written"), e.getMessage());
        }
        List<org.aecapture.review.QueryMetrics> metrics = org.aecapture.review.QueryMetrics.bySite(app.queries().list(), StoreTestSupport.CLOCK.instant());
        assertEquals(1, metrics.size());
        assertEquals(1, metrics.get(0).open());

        Path out = dir.resolve("queries.xlsx");
        app.queries().export(out, app.queries().list(), "all queries");
        try (InputStream in = Files.newInputStream(out); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertEquals(List.of("Queries", "Metrics", "SDV"), List.of(wb.getSheetName(0), wb.getSheetName(1), wb.getSheetName(2)));
            StringBuilder all = new StringBuilder();
            wb.getSheet("Queries").forEach(r -> r.forEach(c -> all.append(c.toString()).append('|')));
            assertTrue(all.toString().contains("EC03|") && all.toString().contains("began before informed consent"), all.toString());
        }
    }
}
