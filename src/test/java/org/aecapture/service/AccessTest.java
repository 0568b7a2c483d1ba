package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Role;
import org.aecapture.domain.Subject;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.store.TestStore;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Roles, sites, the database lock and signatures, enforced by the services themselves, on a real SQLite file. */
@ParameterizedClass
@EnumSource(TestStore.class)
class AccessTest {

    @Parameter
    TestStore store;

    private static final char[] NONE = new char[0];

    @TempDir
    Path dir;
    private DatabaseLocation db;
    private AeCapture app;

    private static char[] pw(String user) {
        return (user + " password").toCharArray();
    }

    /** A demo trial (sites 101 to 106), then the accounts: one of each role, site people at 101. */
    @BeforeEach
    void open() {
        db = store.newDatabase(dir, "access");
        app = store.openOrInit(db, () -> "os-user");
        app.loadDemo(12, 2, 4); // open mode: no accounts yet
        app.accounts().createFirstAdministrator("admin", "Ada Admin", pw("admin"));
        app.accounts().create("admin", "inv", "Ian Investigator", Role.INVESTIGATOR, Set.of("101"), pw("inv"));
        app.accounts().create("admin", "coord", "Cora Coordinator", Role.COORDINATOR, Set.of("101"), pw("coord"));
        app.accounts().create("admin", "rev", "Rita Reviewer", Role.SAFETY_REVIEWER, Set.of(), pw("rev"));
        app.accounts().create("admin", "stat", "Stan Statistician", Role.UNBLINDED_STATISTICIAN, Set.of(), pw("stat"));
    }

    @AfterEach
    void close() {
        app.close();
    }

    private void as(String user) {
        app.signIn(user, pw(user));
    }

    private Subject subjectAt(String site) {
        return app.subjects().all().stream().filter(s -> s.site().equals(site) && s.isDosed() && s.endOfStudyDate() == null)
                .findFirst().or(() -> app.subjects().all().stream().filter(s -> s.site().equals(site) && s.isDosed()).findFirst())
                .orElseThrow();
    }

    private AdverseEvent headacheOf(Subject s) {
        AdverseEvent h = StoreTestSupport.headache(s.subjectNumber());
        LocalDate onset = s.firstDoseDate().plusDays(2);
        return AdverseEvent.of(s.subjectNumber()).verbatimTerm("headache").meddraCode(h.meddraCode()).grade(2)
                .onsetDate(org.aecapture.domain.PartialDate.of(onset))
                .endDate(org.aecapture.domain.PartialDate.of(onset.plusDays(1))).relationship(h.relationship())
                .actionTaken(h.actionTaken()).outcome(h.outcome()).build();
    }

    @Test
    void aCoordinatorCallingTheAeServiceForAnotherSitesSubjectIsRefusedAndNothingChanges() throws Exception {
        Subject elsewhere = subjectAt("102"); // looked up before signing in: the coordinator does not even see it
        Subject own101 = subjectAt("101");
        as("coord");
        List<String> before = StoreTestSupport.dump(db);
        AccessRefused e = assertThrows(AccessRefused.class, () -> app.adverseEvents().record(headacheOf(elsewhere)));
        assertTrue(e.getMessage().contains("not at site 102"), e.getMessage());
        assertEquals(before, StoreTestSupport.dump(db));
        AdverseEvent own = app.adverseEvents().record(headacheOf(own101));
        assertEquals("coord", app.adverseEvents().history(own.id()).get(0).user(), "the audit trail names the account");
    }

    @Test
    void eachRoleMayDoWhatItIsForAndNothingElse() {
        Subject s101 = subjectAt("101");
        as("inv");
        app.adverseEvents().record(headacheOf(s101));
        as("rev");
        assertFalse(app.adverseEvents().all(false).isEmpty(), "a reviewer reads every site");
        assertThrows(AccessRefused.class, () -> app.adverseEvents().record(headacheOf(s101)));
        as("stat");
        assertThrows(AccessRefused.class, () -> app.adverseEvents().record(headacheOf(s101)));
        as("admin");
        assertThrows(AccessRefused.class, () -> app.adverseEvents().record(headacheOf(s101)), "no clinical data entry");
        assertThrows(AccessRefused.class, () -> app.visits().setDay1(s101.subjectNumber(), s101.firstDoseDate().plusDays(1),
                s101.version(), "test"));
        assertTrue(app.audit().search(org.aecapture.domain.AuditQuery.ALL, 10).total() > 0, "an administrator reads the audit trail");
        as("rev");
        assertFalse(app.audit().securityEvents(org.aecapture.domain.AuditQuery.ALL, 10).entries().isEmpty(), "so does a reviewer");
        for (String siteOrStatistician : List.of("inv", "coord", "stat")) {
            as(siteOrStatistician);
            assertThrows(AccessRefused.class, () -> app.audit().search(org.aecapture.domain.AuditQuery.ALL, 10), siteOrStatistician);
            assertThrows(AccessRefused.class, () -> app.audit().securityEvents(org.aecapture.domain.AuditQuery.ALL, 10), siteOrStatistician);
        }
        app.signOut("signed out");
        AccessRefused nobody = assertThrows(AccessRefused.class, () -> app.adverseEvents().record(headacheOf(s101)));
        assertTrue(nobody.getMessage().contains("Sign in first"), nobody.getMessage());
    }

    @Test
    void siteStaffReadOnlyTheirOwnSitesWhileReviewersReadEverySite() {
        Subject s101 = subjectAt("101");
        Subject s102 = subjectAt("102");
        int everyAe = app.adverseEvents().all(false).size();
        as("coord");
        assertTrue(app.subjects().all().stream().allMatch(s -> s.site().equals("101")), "only site 101");
        assertFalse(app.subjects().all().isEmpty());
        assertTrue(app.subjects().overview().stream().allMatch(r -> r.subject().site().equals("101")));
        assertTrue(app.subjects().byNumber(s102.subjectNumber()).isEmpty(), "another site's subject is not found");
        assertTrue(app.adverseEvents().forSubject(s102.subjectNumber(), true).isEmpty());
        assertTrue(app.adverseEvents().all(false).stream().allMatch(ae -> ae.subjectNumber().startsWith("101-")));
        assertTrue(app.review().rows().stream().allMatch(r -> r.site().equals("101")));
        assertThrows(AccessRefused.class, () -> app.visits().visits(s102.subjectNumber()));
        assertFalse(app.visits().visits(s101.subjectNumber()).isEmpty());
        as("rev");
        assertEquals(everyAe, app.adverseEvents().all(false).size(), "a reviewer reads every site");
        assertTrue(app.subjects().byNumber(s102.subjectNumber()).isPresent());
    }

    @Test
    void onlyTheUnblindedStatisticianLoadsTheRandomization() throws Exception {
        Path list = dir.resolve("randomization.csv");
        Files.writeString(list, "subject_id,arm\n101-001,PLACEBO\n");
        as("coord");
        AccessRefused e = assertThrows(AccessRefused.class, () -> app.imports().importRandomization(list));
        assertTrue(e.getMessage().contains("may not load the randomization list"), e.getMessage());
    }

    @Test
    void nothingChangesInALockedDatabaseAndTheLockAndUnlockNeedAReason() throws Exception {
        Subject s101 = subjectAt("101");
        as("coord");
        assertThrows(AccessRefused.class, () -> app.databaseLock().lock("end of study"), "only an administrator locks");
        as("admin");
        assertThrows(IllegalArgumentException.class, () -> app.databaseLock().lock(" "));
        IllegalStateException unclean = assertThrows(IllegalStateException.class, () -> app.databaseLock().lock("final analysis"));
        assertTrue(unclean.getMessage().contains("AEs not verified against the source as they stand (site 101: "), unclean.getMessage());
        assertFalse(app.databaseLock().isLocked(), "refused while AEs are unverified");
        app.databaseLock().lockAnyway("database lock for the final analysis");
        assertTrue(app.databaseLock().isLocked());
        as("coord");
        List<String> before = StoreTestSupport.dump(db);
        AccessRefused e = assertThrows(AccessRefused.class, () -> app.adverseEvents().record(headacheOf(s101)));
        assertTrue(e.getMessage().contains("locked"), e.getMessage());
        assertThrows(AccessRefused.class, () -> app.visits().record(s101.subjectNumber(), "UNS", s101.firstDoseDate().plusDays(3), "check"));
        AdverseEvent any = app.adverseEvents().forSubject(s101.subjectNumber(), false).get(0);
        assertThrows(AccessRefused.class, () -> app.adverseEvents().delete(any, "duplicate"));
        assertEquals(before, StoreTestSupport.dump(db), "nothing changed while locked");
        Path lockedExport = dir.resolve("locked.xlsx");
        as("rev");
        app.summaryExport("test").export(lockedExport, false, null);
        try (InputStream in = Files.newInputStream(lockedExport); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            boolean says = false;
            for (Row row : wb.getSheet("About")) {
                says |= row.getCell(0) != null && row.getCell(0).toString().equals("Database lock")
                        && row.getCell(1).toString().startsWith("LOCKED since") && row.getCell(1).toString().contains("final analysis");
            }
            assertTrue(says, "the export states the lock and its date");
        }
        as("admin");
        app.databaseLock().unlock("query from the medical monitor needs a correction");
        as("coord");
        app.adverseEvents().record(headacheOf(s101));
    }

    @Test
    void aSignatureIsInvalidatedByALaterChangeOfTheSubjectsAes() {
        Subject s101 = subjectAt("101");
        String number = s101.subjectNumber();
        as("coord");
        assertThrows(AccessRefused.class, () -> app.signatures().sign(number, pw("coord")), "a coordinator cannot sign");
        as("inv");
        assertThrows(AccessRefused.class, () -> app.signatures().sign(number, "wrong password".toCharArray()));
        assertEquals(SignatureService.State.NOT_SIGNED, app.signatures().status(number).state());
        var signature = app.signatures().sign(number, pw("inv"));
        assertEquals("inv", signature.signedBy());
        assertEquals(SignatureService.meaning(number), signature.meaning());
        assertEquals(SignatureService.State.SIGNED, app.signatures().status(number).state());
        as("coord");
        app.adverseEvents().record(headacheOf(s101));
        assertEquals(SignatureService.State.CHANGED_SINCE_SIGNED, app.signatures().status(number).state());
        as("inv");
        app.signatures().sign(number, pw("inv"));
        assertEquals(SignatureService.State.SIGNED, app.signatures().status(number).state());
    }

    @Test
    void noArmTextAnywhereInASafetyReviewersExport() throws Exception {
        as("rev");
        Path reviewer = dir.resolve("reviewer.xlsx");
        app.summaryExport("test").export(reviewer, false, null);
        List<String> hits = armCells(reviewer);
        assertTrue(hits.isEmpty(), "arm text in the reviewer's export: " + hits);
        as("stat");
        Path statistician = dir.resolve("statistician.xlsx");
        app.summaryExport("test").export(statistician, false, null);
        assertFalse(armCells(statistician).isEmpty(), "the unblinded statistician's export is by arm (the search does find arms)");
    }

    /**
     * Every cell of every sheet that shows an arm: an arm's name or code as a value (the listing's arm column),
     * or an arm's column header such as "ALPN-101 (N=6)". The study's title ("Placebo-controlled Study of
     * ALPN-101") names no subject's arm.
     */
    private static List<String> armCells(Path xlsx) throws Exception {
        List<String> hits = new ArrayList<>();
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            for (Sheet sheet : wb) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        String v = cell.toString();
                        String t = v.strip();
                        if (t.equalsIgnoreCase("placebo") || t.equals("ALPN-101") || t.matches("(?is)(ALPN-101|placebo)\\s*\\(N.*")) {
                            hits.add(sheet.getSheetName() + "!" + cell.getAddress() + ": " + v);
                        }
                    }
                }
            }
        }
        return hits;
    }
}
