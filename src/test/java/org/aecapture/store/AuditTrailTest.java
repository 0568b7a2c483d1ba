package org.aecapture.store;

import org.aecapture.domain.AuditEntry;
import org.aecapture.domain.AuditQuery;
import org.aecapture.location.DatabaseLocation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.ValidationException;
import org.aecapture.service.AeCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestStore.class)
class AuditTrailTest {

    @Parameter
    TestStore store;
    @TempDir
    Path dir;
    DatabaseLocation file;

    @BeforeEach
    void setUp() {
        file = store.newDatabase(dir, "audit");
        try (AeCapture app = store.openOrInit(file, () -> "alice")) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            app.adverseEvents().record(StoreTestSupport.headache("101-001"));
        }
    }

    private void execute(String sql) throws SQLException {
        StoreTestSupport.execute(file, sql);
    }

    @Test
    void auditRowsCannotBeChanged() throws Exception {
        List<String> before = StoreTestSupport.dump(file);
        SQLException e = assertThrows(SQLException.class, () -> execute("UPDATE audit_trail SET user_name = 'mallory'"));
        assertTrue(e.getMessage().contains("append-only"), e.getMessage());
        assertEquals(before, StoreTestSupport.dump(file));
    }

    @Test
    void auditRowsCannotBeDeleted() throws Exception {
        List<String> before = StoreTestSupport.dump(file);
        SQLException e = assertThrows(SQLException.class, () -> execute("DELETE FROM audit_trail"));
        assertTrue(e.getMessage().contains("append-only"), e.getMessage());
        assertEquals(before, StoreTestSupport.dump(file));
    }

    @Test
    void adverseEventsCannotBePhysicallyDeleted() {
        SQLException e = assertThrows(SQLException.class, () -> execute("DELETE FROM adverse_event"));
        assertTrue(e.getMessage().contains("never physically deleted"), e.getMessage());
    }

    @Test
    void insertIsOneRowReadAsAnEntryPerFieldWithUserAndTime() throws Exception {
        try (AeCapture app = store.open(file, () -> "bob")) {
            AdverseEvent ae = app.adverseEvents().forSubject("101-001", false).get(0);
            assertEquals(1, StoreTestSupport.count(file, "SELECT count(*) FROM audit_trail WHERE entity = 'adverse_event' AND record_id = "
                    + ae.id()), "one row for the whole insert");
            List<AuditEntry> history = app.adverseEvents().history(ae.id());
            assertEquals(StoreTestSupport.auditFields(file, " WHERE entity = 'adverse_event'").stream()
                    .map(f -> f.field() + "=" + f.newValue()).toList(), history.stream().map(h -> h.field() + "=" + h.newValue()).toList(),
                    "the entries are the row's fields, in the order of the record's columns");
            assertEquals("verbatim_term", history.get(0).field());
            assertTrue(history.stream().allMatch(h -> h.action() == AuditEntry.Action.INSERT && h.user().equals("alice")
                    && h.at().equals(StoreTestSupport.CLOCK.instant()) && "101-001".equals(h.subjectId())));
            assertTrue(history.stream().anyMatch(h -> h.field().equals("verbatim_term") && h.newValue().equals("headache")));
            assertTrue(history.stream().anyMatch(h -> h.field().equals("ctcae_term") && h.newValue().equals("Headache")));
            assertTrue(history.stream().anyMatch(h -> h.field().equals("ongoing") && h.newValue().equals("N")));
        }
    }

    @Test
    void correctionRecordsOldAndNewValuesWithTheReason() throws Exception {
        try (AeCapture app = store.open(file, () -> "bob")) {
            AdverseEvent ae = app.adverseEvents().forSubject("101-001", false).get(0);
            AdverseEvent grade3 = AdverseEvent.of(ae.subjectNumber()).id(ae.id()).verbatimTerm(ae.verbatimTerm())
                    .term(ae.meddraCode(), ae.ctcaeTerm(), ae.soc()).grade(3).onsetDate(ae.onsetDate()).endDate(ae.endDate())
                    .seriousCriteria(ae.seriousCriteria()).relationship(ae.relationship()).actionTaken(ae.actionTaken())
                    .outcome(ae.outcome()).reportedAtVisit(ae.reportedAtVisit()).version(ae.version()).build();
            IllegalArgumentException noReason = assertThrows(IllegalArgumentException.class, () -> app.adverseEvents().correct(grade3, " "));
            assertTrue(noReason.getMessage().contains("reason"), noReason.getMessage());
            assertEquals(2, app.adverseEvents().byId(ae.id()).orElseThrow().grade(), "not saved without a reason");

            AdverseEvent saved = app.adverseEvents().correct(grade3, "source document review: severe");
            assertEquals(2, saved.version());
            List<AuditEntry> updates = app.adverseEvents().history(ae.id()).stream()
                    .filter(h -> h.action() == AuditEntry.Action.UPDATE).toList();
            assertEquals(1, updates.size(), "only the changed field is audited");
            AuditEntry u = updates.get(0);
            assertEquals("grade", u.field());
            assertEquals("2", u.oldValue());
            assertEquals("3", u.newValue());
            assertEquals("bob", u.user());
            assertEquals("source document review: severe", u.reason());
        }
    }

    /** An anaemia graded from its haemoglobin: the value as typed, its unit, range and baseline. */
    private static AdverseEvent anemia(AdverseEvent like, Long id, int version, int grade, String value, String reason) {
        return AdverseEvent.of(like.subjectNumber()).id(id).verbatimTerm("low hb").meddraCode("10002272").grade(grade)
                .onsetDate(like.onsetDate()).endDate(like.endDate()).seriousCriteria(like.seriousCriteria())
                .relationship(like.relationship()).actionTaken(like.actionTaken()).outcome(like.outcome())
                .reportedAtVisit(like.reportedAtVisit()).version(version)
                .lab(new org.aecapture.lab.LabMeasurement(new java.math.BigDecimal(value), "g/dL",
                new java.math.BigDecimal("12.0"), new java.math.BigDecimal("16.0"), null))
                .gradeReason(reason).build();
    }

    @Test
    void aLaboratoryValueIsStoredAsTypedAndItsChangesAreAudited() {
        try (AeCapture app = store.open(file, () -> "bob")) {
            AdverseEvent like = app.adverseEvents().forSubject("101-001", false).get(0);
            AdverseEvent saved = app.adverseEvents().record(anemia(like, null, 0, 2, "9.50", null));
            AdverseEvent read = app.adverseEvents().byId(saved.id()).orElseThrow();
            assertEquals("9.50", read.lab().value().toPlainString(), "the value as typed, trailing zero kept");
            assertEquals("g/dL", read.lab().unit());
            assertEquals("12.0", read.lab().lln().toPlainString());
            assertEquals(null, read.lab().baseline());

            // grade 3 is not what 9.50 g/dL gives (grade 2): refused without the investigator's reason
            ValidationException e = assertThrows(ValidationException.class,
                    () -> app.adverseEvents().correct(anemia(like, read.id(), read.version(), 3, "9.50", null), "transfused"));
            assertTrue(e.getMessage().contains("grade 3 differs from grade 2 that the laboratory value gives"), e.getMessage());

            AdverseEvent corrected = app.adverseEvents().correct(anemia(like, read.id(), read.version(), 2, "8.1", null), "repeat count");
            assertEquals(2, corrected.version());
            List<AuditEntry> updates = app.adverseEvents().history(read.id()).stream()
                    .filter(h -> h.action() == AuditEntry.Action.UPDATE).toList();
            assertEquals(1, updates.size(), updates.toString());
            assertEquals("lab_value", updates.get(0).field());
            assertEquals("9.50", updates.get(0).oldValue());
            assertEquals("8.1", updates.get(0).newValue());
            assertEquals("repeat count", updates.get(0).reason());
        }
    }

    @Test
    void aLaboratoryValueIsRefusedOnATermNotGradedByOne() {
        try (AeCapture app = store.open(file, () -> "bob")) {
            AdverseEvent headache = app.adverseEvents().forSubject("101-001", false).get(0);
            AdverseEvent withValue = AdverseEvent.of(headache.subjectNumber()).verbatimTerm("headache")
                    .meddraCode(headache.meddraCode()).grade(2).onsetDate(headache.onsetDate()).endDate(headache.endDate())
                    .seriousCriteria(headache.seriousCriteria()).relationship(headache.relationship())
                    .actionTaken(headache.actionTaken()).outcome(headache.outcome())
                    .reportedAtVisit(headache.reportedAtVisit())
                    .lab(new org.aecapture.lab.LabMeasurement(java.math.BigDecimal.ONE, "U/L", null, null, null)).build();
            ValidationException e = assertThrows(ValidationException.class, () -> app.adverseEvents().record(withValue));
            assertTrue(e.getMessage().contains("does not grade Headache by a laboratory value"), e.getMessage());
        }
    }

    @Test
    void aStaleVersionIsRefusedAndNothingIsOverwritten() throws Exception {
        try (AeCapture app = store.open(file, () -> "bob")) {
            AdverseEvent opened = app.adverseEvents().forSubject("101-001", false).get(0);
            AdverseEvent first = AdverseEvent.of(opened.subjectNumber()).id(opened.id()).verbatimTerm("severe headache")
                    .meddraCode(opened.meddraCode()).grade(2).onsetDate(opened.onsetDate()).endDate(opened.endDate())
                    .seriousCriteria(opened.seriousCriteria()).relationship(opened.relationship())
                    .actionTaken(opened.actionTaken()).outcome(opened.outcome()).reportedAtVisit(opened.reportedAtVisit())
                    .version(opened.version()).build();
            app.adverseEvents().correct(first, "verbatim clarified");
            List<String> before = StoreTestSupport.dump(file);

            AdverseEvent second = AdverseEvent.of(opened.subjectNumber()).id(opened.id()).verbatimTerm("migraine")
                    .meddraCode(opened.meddraCode()).grade(2).onsetDate(opened.onsetDate()).endDate(opened.endDate())
                    .seriousCriteria(opened.seriousCriteria()).relationship(opened.relationship())
                    .actionTaken(opened.actionTaken()).outcome(opened.outcome()).reportedAtVisit(opened.reportedAtVisit())
                    .version(opened.version()).build();
            StaleRecordException e = assertThrows(StaleRecordException.class, () -> app.adverseEvents().correct(second, "other edit"));
            assertTrue(e.getMessage().contains("was changed by bob"), e.getMessage());
            assertEquals(before, StoreTestSupport.dump(file));
            assertEquals("severe headache", app.adverseEvents().byId(opened.id()).orElseThrow().verbatimTerm());
        }
    }

    @Test
    void deleteIsSoftWithItsReason() throws Exception {
        try (AeCapture app = store.open(file, () -> "bob")) {
            AdverseEvent ae = app.adverseEvents().forSubject("101-001", false).get(0);
            assertThrows(IllegalArgumentException.class, () -> app.adverseEvents().delete(ae, ""));
            app.adverseEvents().delete(ae, "duplicate entry");
            assertTrue(app.adverseEvents().forSubject("101-001", false).isEmpty());
            List<AdverseEvent> withDeleted = app.adverseEvents().forSubject("101-001", true);
            assertEquals(1, withDeleted.size());
            assertTrue(withDeleted.get(0).deleted());
            assertEquals(1, StoreTestSupport.count(file, "SELECT count(*) FROM adverse_event WHERE deleted = 1 AND delete_reason = 'duplicate entry'"));
            AuditEntry last = app.adverseEvents().history(ae.id()).get(app.adverseEvents().history(ae.id()).size() - 1);
            assertEquals(AuditEntry.Action.DELETE, last.action());
            assertEquals("duplicate entry", last.reason());
            assertThrows(StaleRecordException.class, () -> app.adverseEvents().delete(ae, "again"), "old version");
        }
    }

    @Test
    void anInsertsTextsComeBackExactly() {
        String awkward = "he said \"stop\" \\ then\ttab, line\nbreak, \u0001, caf\u00e9 \u5934\u75db \uD83D\uDE00 {\"x\":1}";
        try (AeCapture app = store.open(file, () -> "bob")) {
            AdverseEvent h = StoreTestSupport.headache("101-001");
            AdverseEvent odd = AdverseEvent.of("101-001").verbatimTerm(awkward).meddraCode(h.meddraCode()).grade(h.grade())
                    .onsetDate(h.onsetDate()).endDate(h.endDate()).ongoing(h.ongoing()).serious(h.serious())
                    .seriousCriteria(h.seriousCriteria()).relationship(h.relationship()).actionTaken(h.actionTaken())
                    .outcome(h.outcome()).build();
            AdverseEvent saved = app.adverseEvents().record(odd);
            AuditEntry verbatim = app.adverseEvents().history(saved.id()).stream().filter(e -> e.field().equals("verbatim_term"))
                    .findFirst().orElseThrow();
            assertEquals(saved.verbatimTerm(), verbatim.newValue());
            assertTrue(verbatim.newValue().contains("\"stop\"") && verbatim.newValue().contains("\uD83D\uDE00"), verbatim.newValue());
        }
    }

    @Test
    void theWholeTrailIsSearchedAndCountedByEntryWhicheverWayItsRowsWereWritten() throws Exception {
        // a file from before inserts were one row: its insert is a row for each field
        execute("INSERT INTO audit_trail (at_utc, user_name, action, entity, record_id, subject_id, field, old_value, new_value, reason)"
                + " VALUES ('2021-01-01T00:00:00Z', 'carol', 'INSERT', 'visit', 77, '101-001', 'visit', NULL, 'Week 2', NULL),"
                + " ('2021-01-01T00:00:00Z', 'carol', 'INSERT', 'visit', 77, '101-001', 'visit_date', NULL, '2021-01-01', NULL)");
        try (AeCapture app = store.open(file, () -> "bob")) {
            AdverseEvent ae = app.adverseEvents().forSubject("101-001", false).get(0);
            AdverseEvent grade1 = AdverseEvent.of(ae.subjectNumber()).id(ae.id()).verbatimTerm(ae.verbatimTerm())
                    .term(ae.meddraCode(), ae.ctcaeTerm(), ae.soc()).grade(1).onsetDate(ae.onsetDate()).endDate(ae.endDate())
                    .ongoing(ae.ongoing()).serious(ae.serious()).seriousCriteria(ae.seriousCriteria())
                    .relationship(ae.relationship()).actionTaken(ae.actionTaken()).outcome(ae.outcome())
                    .reportedAtVisit(ae.reportedAtVisit()).version(ae.version()).build(); // grade 1: no edit check's query after it
            app.adverseEvents().correct(grade1, "source document says grade 1");
            List<StoreTestSupport.AuditField> raw = StoreTestSupport.auditFields(file, "");
            app.database().read(tx -> {
                assertEquals(raw.size(), AuditTrail.count(tx, AuditQuery.ALL), "every field counted once");
                List<AuditEntry> all = new java.util.ArrayList<>();
                AuditTrail.forEach(tx, AuditQuery.ALL, all::add);
                assertEquals(raw.stream().map(f -> f.entity() + "." + f.field() + "=" + f.newValue()).toList(),
                        all.stream().map(e -> e.entity() + "." + e.field() + "=" + e.newValue()).toList(), "oldest first, as written");
                assertEquals(List.of("Week 2", "2021-01-01"), AuditTrail.history(tx, "visit", 77).stream().map(AuditEntry::newValue)
                        .toList(), "an old field-by-field insert reads as it always did");

                List<AuditEntry> newest = AuditTrail.search(tx, AuditQuery.ALL, 3);
                List<AuditEntry> reversed = new java.util.ArrayList<>(all);
                java.util.Collections.reverse(reversed);
                assertEquals(reversed.subList(0, 3), newest, "the newest three entries, newest first");
                assertEquals("grade", newest.get(0).field());
                assertEquals(reversed, AuditTrail.search(tx, AuditQuery.ALL, 10_000));

                AuditQuery inserts = new AuditQuery(null, "adverse_event", "101", null, null, AuditEntry.Action.INSERT);
                long aeInsertFields = raw.stream().filter(f -> f.entity().equals("adverse_event") && f.action().equals("INSERT")).count();
                assertTrue(aeInsertFields > 10, "the AE's insert has its fields");
                assertEquals(aeInsertFields, AuditTrail.count(tx, inserts));
                assertEquals(aeInsertFields, AuditTrail.search(tx, inserts, 1_000).size());
                return null;
            });
        }
    }

    @Test
    void aDuplicateSubjectNumberIsRefusedInWords() {
        try (AeCapture app = store.open(file, () -> "bob")) {
            ValidationException e = assertThrows(ValidationException.class, () -> app.subjects().enrol(StoreTestSupport.subject("101-001")));
            assertEquals("subject_id: subject 101-001 already exists in this study", e.getMessage());
        }
    }

    @Test
    void anInvalidAeIsRefusedWithoutWritingAnything() throws Exception {
        List<String> before = StoreTestSupport.dump(file);
        try (AeCapture app = store.open(file, () -> "bob")) {
            AdverseEvent h = StoreTestSupport.headache("101-001");
            AdverseEvent fatigue4 = AdverseEvent.of("101-001").verbatimTerm("tired").meddraCode("10016256").grade(4)
                    .onsetDate(h.onsetDate()).endDate(h.endDate()).seriousCriteria(h.seriousCriteria())
                    .relationship(h.relationship()).actionTaken(h.actionTaken()).outcome(h.outcome()).build();
            ValidationException e = assertThrows(ValidationException.class, () -> app.adverseEvents().record(fatigue4));
            assertEquals("grade", e.violations().get(0).field());
        }
        assertEquals(before, StoreTestSupport.dump(file));
        assertFalse(before.isEmpty());
    }
}
