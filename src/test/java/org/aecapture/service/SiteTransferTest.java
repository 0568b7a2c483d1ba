package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Role;
import org.aecapture.domain.Subject;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.SiteTransfer;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.store.TestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A site's SQLite database brought into the central PostgreSQL database: all of it, with its history, or nothing. */
class SiteTransferTest {

    @TempDir
    Path dir;
    private Path siteFile;
    private String saeSha;
    private DatabaseLocation central;

    /** A site database (site 104) with subjects, an AE corrected with a reason, a visit and a site account; a central one with site 101. */
    @BeforeEach
    void twoDatabases() {
        siteFile = dir.resolve("site104.db");
        try (AeCapture site = AeCapture.openOrInit(siteFile, () -> "site-user", StoreTestSupport.CLOCK)) {
            site.subjects().enrol(StoreTestSupport.subject("104-001"));
            site.subjects().enrol(StoreTestSupport.subject("104-002"));
            AdverseEvent ae = site.adverseEvents().record(StoreTestSupport.headache("104-001"));
            site.adverseEvents().correct(AdverseEvent.of(ae.subjectNumber()).id(ae.id()).verbatimTerm("migraine")
                    .meddraCode(ae.meddraCode()).grade(3).onsetDate(ae.onsetDate()).endDate(ae.endDate())
                    .seriousCriteria(ae.seriousCriteria()).relationship(ae.relationship()).actionTaken(ae.actionTaken())
                    .outcome(ae.outcome()).reportedAtVisit(ae.reportedAtVisit()).version(ae.version()).build(), "source document review");
            AdverseEvent sae = site.adverseEvents().record(SaeServiceTest.pneumonitis("104-002"),
                    SaeServiceTest.details(java.time.OffsetDateTime.parse("2021-09-02T07:00Z"), "admitted"));
            saeSha = site.sae().sendReport(sae.id()).sha256();
            site.accounts().createFirstAdministrator("siteadmin", "Site Admin", "site admin password".toCharArray());
            site.accounts().create("siteadmin", "inv104", "Ines Investigator", Role.INVESTIGATOR, Set.of("104"),
                    "investigator password".toCharArray());
        }
        central = TestStore.POSTGRESQL.newDatabase(dir, "central");
        try (AeCapture c = TestStore.POSTGRESQL.openOrInit(central, () -> "central-owner")) {
            c.subjects().enrol(StoreTestSupport.subject("101-001"));
        }
    }

    private SiteTransfer.Result transfer() {
        return SiteTransfers.run(siteFile, central, TestStore.POSTGRESQL.credentials(), "transfer-user", StoreTestSupport.CLOCK);
    }

    @Test
    void everythingArrivesWithItsOriginalHistoryAndASecondRunDoublesNothing() throws Exception {
        SiteTransfer.Result r = transfer();
        assertTrue(!r.refused(), r.conflicts().toString());
        assertEquals(2, r.copied().get("subject"));
        assertEquals(2, r.copied().get("adverse_event"));
        assertEquals(1, r.copied().get("sae"));
        assertEquals(1, r.copied().get("sae_report"));
        assertEquals(List.of("siteadmin", "inv104"), r.accountsWithoutLogin());
        try (AeCapture c = TestStore.POSTGRESQL.open(central, () -> "check")) {
            assertEquals(List.of("101-001", "104-001", "104-002"), c.subjects().all().stream().map(Subject::subjectNumber).toList());
            AdverseEvent ae = c.adverseEvents().forSubject("104-001", false).get(0);
            assertEquals("migraine", ae.verbatimTerm());
            assertEquals(3, ae.grade());
            var history = c.adverseEvents().history(ae.id());
            var correction = history.stream().filter(h -> h.field().equals("verbatim_term") && h.action().name().equals("UPDATE"))
                    .findFirst().orElseThrow();
            assertEquals("site-user", correction.user(), "the original user");
            assertEquals(StoreTestSupport.CLOCK.instant(), correction.at(), "the original time");
            assertEquals("source document review", correction.reason());
            assertEquals("headache", correction.oldValue());
            AdverseEvent sae = c.adverseEvents().forSubject("104-002", false).get(0);
            assertEquals("admitted", c.sae().details(sae.id()).orElseThrow().narrative(), "the SAE details arrive with their AE");
            var reports = c.sae().reports(sae.id());
            assertEquals(1, reports.size());
            assertEquals(saeSha, reports.get(0).sha256(), "the report as it was sent");
            assertEquals(org.aecapture.sae.SaeContent.sha256(reports.get(0).content()), reports.get(0).sha256());
        }
        long audit = StoreTestSupport.count(central, "SELECT count(*) FROM audit_trail");
        SiteTransfer.Result again = transfer();
        assertEquals(List.of("104-001", "104-002"), again.alreadyThere());
        assertTrue(again.copied().isEmpty(), again.copied().toString());
        assertEquals(3, StoreTestSupport.count(central, "SELECT count(*) FROM subject"));
        assertEquals(2, StoreTestSupport.count(central, "SELECT count(*) FROM adverse_event"));
        assertEquals(1, StoreTestSupport.count(central, "SELECT count(*) FROM sae_report"));
        assertEquals(audit, StoreTestSupport.count(central, "SELECT count(*) FROM audit_trail"), "nothing doubled");
    }

    @Test
    void aSubjectThatDiffersBetweenTheTwoIsAConflictAndNothingIsWritten() throws Exception {
        try (AeCapture c = TestStore.POSTGRESQL.open(central, () -> "central-owner")) {
            Subject other = StoreTestSupport.subject("104-002");
            c.subjects().enrol(new Subject(null, "104-002", "104", other.sex(), org.aecapture.domain.PartialDate.parseIso("1975"),
                    other.consentDate(), other.firstDoseDate(), null, null, 0));
        }
        List<String> before = StoreTestSupport.dump(central);
        SiteTransfer.Result r = transfer();
        assertTrue(r.refused());
        assertEquals(1, r.conflicts().size(), r.conflicts().toString());
        assertTrue(r.conflicts().get(0).startsWith("subject 104-002 exists in both with other birth_date (1980-03-04 here, 1975 there)"),
                r.conflicts().get(0));
        assertEquals(before, StoreTestSupport.dump(central), "all or nothing");
    }

    /** A crafted or foreign site file is refused before anything is written: the central database as it was, the site file too. */
    private void refusedWithNothingChanged(String... named) throws Exception {
        List<String> central = StoreTestSupport.dump(this.central);
        List<String> site = StoreTestSupport.dump(siteFile);
        SiteTransfer.Result r = transfer();
        assertTrue(r.refused(), "refused");
        String said = String.join("; ", r.conflicts());
        for (String n : named) {
            assertTrue(said.contains(n), said);
        }
        assertEquals(central, StoreTestSupport.dump(this.central), "the central database unchanged, its audit trail included");
        assertEquals(site, StoreTestSupport.dump(siteFile), "the site file unchanged");
    }

    @Test
    void aSiteFileWithAColumnWhoseNameHoldsSqlIsRefused() throws Exception {
        String evil = "verbatim_term\") VALUES ('x'); DROP TABLE subject CASCADE; --";
        StoreTestSupport.execute(new DatabaseLocation.SqliteFile(siteFile), "ALTER TABLE adverse_event ADD COLUMN \""
                + evil.replace("\"", "\"\"") + "\" TEXT");
        refusedWithNothingChanged("table adverse_event", "DROP TABLE subject");
        assertEquals(1, StoreTestSupport.count(central, "SELECT count(*) FROM subject"), "the subject table is still there");
    }

    @Test
    void aSiteFileWithAnExtraOrAMissingColumnIsRefusedNamingIt() throws Exception {
        StoreTestSupport.execute(new DatabaseLocation.SqliteFile(siteFile), "ALTER TABLE subject ADD COLUMN nickname TEXT");
        StoreTestSupport.execute(new DatabaseLocation.SqliteFile(siteFile), "ALTER TABLE visit DROP COLUMN note");
        refusedWithNothingChanged("table subject of the site file has columns the central database does not have: nickname",
                "table visit of the site file lacks the central database's columns note");
    }

    @Test
    void aSiteFileOfAnOlderSchemaIsRefusedAndLeftAsItIs() throws Exception {
        siteFile = dir.resolve("older.db");
        org.flywaydb.core.Flyway.configure().dataSource("jdbc:sqlite:" + siteFile, null, null)
                .locations("classpath:db/migration/sqlite").target("5").load().migrate();
        refusedWithNothingChanged("schema is version 5", "open the site file once with this release");
        assertEquals(5, org.aecapture.store.Database.sqliteSchemaVersion(siteFile), "not migrated by the transfer");
    }
}
