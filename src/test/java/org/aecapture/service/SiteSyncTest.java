package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Role;
import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.store.TestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site's file and the central database kept in step by the site's investigator, as their own server login: everything
 * made or changed offline arrives, central changes come back, a record changed on both sides is a conflict that loses
 * neither version, and a second sync changes nothing.
 */
class SiteSyncTest {

    private static final AtomicInteger RUN = new AtomicInteger();
    private static final String TABLES_COMPARED = "subject eligibility visit adverse_event signature sae sae_assessment sae_report";

    @TempDir
    Path dir;
    private Path siteFile;
    private DatabaseLocation central;
    private String inv;
    private String admin;

    private static char[] pw(String user) {
        return (user + " secret pässword").toCharArray();
    }

    /** The central database provisioned, with the investigator of site 104 there and in the site's own file. */
    @BeforeEach
    void twoDatabases() {
        String run = "y" + RUN.incrementAndGet() + "_" + ProcessHandle.current().pid();
        inv = run + "_inv104";
        admin = run + "_admin";
        central = TestStore.POSTGRESQL.newDatabase(dir, "central");
        try (AeCapture owner = TestStore.POSTGRESQL.openOrInit(central, () -> "owner")) {
            owner.provisionServer();
            owner.accounts().createFirstAdministrator(admin, "Ada Admin", pw(admin));
        }
        try (AeCapture asAdmin = onServer(admin)) {
            asAdmin.accounts().create(admin, inv, "Ines Investigator", Role.INVESTIGATOR, Set.of("104"), pw(inv));
        }
        siteFile = dir.resolve("site104.db");
        try (AeCapture site = AeCapture.openOrInit(siteFile, () -> "os", StoreTestSupport.CLOCK)) {
            site.accounts().createFirstAdministrator("siteadmin", "Site Admin", pw("siteadmin"));
            site.signIn("siteadmin", pw("siteadmin"));
            site.accounts().create("siteadmin", inv, "Ines Investigator", Role.INVESTIGATOR, Set.of("104"), pw(inv));
            site.signIn(inv, pw(inv));
            site.subjects().enrol(StoreTestSupport.subject("104-001"));
            site.subjects().enrol(StoreTestSupport.subject("104-002"));
            for (int i = 0; i < 3; i++) {
                site.adverseEvents().record(StoreTestSupport.headache("104-001").withVerbatimTerm("headache " + i));
                site.adverseEvents().record(StoreTestSupport.headache("104-002").withVerbatimTerm("headache " + i));
            }
        }
    }

    private AeCapture onServer(String user) {
        AeCapture app = AeCapture.open(central, new Credentials(user, pw(user)), () -> user, StoreTestSupport.CLOCK);
        app.signIn(user, pw(user));
        return app;
    }

    /** The monitor of site 104, given an account on the central server by its administrator; their user name. */
    private String centralMonitor() {
        String mon = inv.replace("_inv104", "_mon104");
        try (AeCapture asAdmin = onServer(admin)) {
            asAdmin.accounts().create(admin, mon, "Mona Monitor", Role.MONITOR, Set.of("104"), pw(mon));
        }
        return mon;
    }

    private AeCapture atSite() {
        AeCapture app = AeCapture.open(siteFile, () -> inv, StoreTestSupport.CLOCK);
        app.signIn(inv, pw(inv));
        return app;
    }

    /**
     * `transfer` brings a site's file in once without its queries: the site's first sync after it carries them, with their
     * steps, so a query raised before the transfer is not left behind.
     */
    @Test
    void theQueriesOfATransferredFileComeWithItsFirstSync() {
        List<String> atTheSite;
        try (AeCapture site = atSite()) {
            site.adverseEvents().record(StoreTestSupport.headache("104-001").toBuilder().verbatimTerm("worst headache").grade(3).build());
            atTheSite = queries(site);
        }
        assertTrue(atTheSite.stream().anyMatch(q -> q.contains("worst headache")), "a grade 3 AE not marked serious opens a query: "
                + atTheSite);
        var transferred = SiteTransfers.run(siteFile, central, TestStore.POSTGRESQL.credentials(), "transfer-user", StoreTestSupport.CLOCK);
        assertFalse(transferred.refused(), transferred.conflicts().toString());
        assertEquals(java.util.Map.of("data_query", atTheSite.size()), transferred.leftForSync(), "the transfer says what it leaves to sync");
        try (AeCapture c = onServer(inv)) {
            assertEquals(7, c.adverseEvents().all(false).size());
            assertTrue(c.queries().list().isEmpty(), "transfer copies no query");
        }
        var synced = sync();
        assertTrue(synced.conflicts().isEmpty(), synced.conflicts().toString());
        try (AeCapture c = onServer(inv)) {
            assertEquals(atTheSite, queries(c));
        }
    }

    /** Each query as its subject, check, the AE's verbatim term as the database it is in knows it, its text and its steps. */
    private static List<String> queries(AeCapture app) {
        List<String> out = new ArrayList<>();
        for (org.aecapture.domain.QueryRow r : app.queries().list()) {
            var q = r.query();
            String verbatim = app.adverseEvents().byId(q.recordId()).orElseThrow().verbatimTerm();
            out.add(q.subjectNumber() + " " + q.checkId() + " " + verbatim + ": " + q.text() + " ("
                    + app.queries().thread(q.id()).orElseThrow().steps().size() + " steps)");
        }
        java.util.Collections.sort(out);
        return out;
    }

    private org.aecapture.domain.SyncResult sync() {
        return SiteSyncs.run(siteFile, central, inv, pw(inv), pw(inv), StoreTestSupport.CLOCK);
    }

    private static org.aecapture.sae.SaeStatus.State statusOf(AeCapture app, long aeId) {
        return app.sae().list(false).stream().filter(r -> r.ae().id() == aeId).findFirst().orElseThrow().status().state();
    }

    private static AdverseEvent named(AeCapture app, String subject, String verbatim) {
        return app.adverseEvents().forSubject(subject, false).stream().filter(a -> a.verbatimTerm().equals(verbatim)).findFirst().orElseThrow();
    }


    /** Every row of site 104's records in one database, as content (no row keys or versions), with its parent's identity. */
    private static List<String> content(DatabaseLocation db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestStore.connect(db); Statement st = c.createStatement()) {
            for (String table : TABLES_COMPARED.split(" ")) {
                String parent = table.equals("subject") ? "" : table.startsWith("sae") ? ", (SELECT uid FROM adverse_event WHERE id = x.ae_ref) AS parent_uid"
                        : ", (SELECT uid FROM subject WHERE id = x.subject_ref)";
                try (ResultSet rs = st.executeQuery("SELECT x.*" + parent + " FROM " + table + " x ORDER BY x.uid")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder sb = new StringBuilder(table).append(':');
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            // the parent's identity comes last (drivers name a subquery's column differently)
                            String name = !parent.isEmpty() && i == md.getColumnCount() ? "parent"
                                    : md.getColumnName(i).toLowerCase(java.util.Locale.ROOT);
                            if (!Set.of("id", "version", "subject_ref", "ae_ref").contains(name)) {
                                sb.append(name).append('=').append(rs.getString(i)).append('|');
                            }
                        }
                        rows.add(sb.toString());
                    }
                }
            }
            String travelling = "('" + TABLES_COMPARED.replace(" ", "', '") + "')";
            try (ResultSet rs = st.executeQuery("SELECT uid, user_name, at_utc, action, entity, subject_id, field, old_value, new_value,"
                    + " reason FROM audit_trail WHERE entity IN " + travelling + " AND subject_id LIKE '104-%' ORDER BY uid")) {
                while (rs.next()) {
                    StringBuilder sb = new StringBuilder("audit:");
                    for (int i = 1; i <= 10; i++) {
                        sb.append(rs.getString(i)).append('|');
                    }
                    rows.add(sb.toString());
                }
            }
        }
        return rows;
    }

    private static List<String> withoutSignIns(List<String> dump) {
        return dump.stream().filter(r -> !r.startsWith("security_event:")).toList();
    }

    private void assertInStep() throws Exception {
        List<String> here = content(new DatabaseLocation.SqliteFile(siteFile));
        List<String> there = content(central);
        List<String> onlyHere = here.stream().filter(r -> !there.contains(r)).toList();
        List<String> onlyThere = there.stream().filter(r -> !here.contains(r)).toList();
        assertEquals(List.of(), onlyHere, "only in the site's file (the central database holds " + onlyThere + ")");
        assertEquals(here, there, "the site's file and the central database hold the same for site 104");
    }

    @Test
    void everythingMadeOfflineArrivesCentralChangesComeBackAndASecondSyncChangesNothing() throws Exception {
        Instant syncedFrom = Instant.now().minusSeconds(5);
        // the sponsor amends the study centrally (here: the reference safety information): the site takes the central definition
        try (var c = TestStore.connect(central); var ps = c.prepareStatement("UPDATE study SET definition_yaml = replace(definition_yaml,"
                + " 'version: \"placeholder\"', 'version: \"ed. 6\"') WHERE id = 1")) {
            assertEquals(1, ps.executeUpdate());
        }
        org.aecapture.domain.SyncResult first = sync();
        assertEquals(List.of(), first.conflicts());
        assertEquals(1, first.received().get("study"), "the central study definition came to the site");
        try (AeCapture site = atSite()) {
            assertEquals("ed. 6", site.study().safety().referenceSafetyInformation().version());
        }
        assertEquals(List.of(), first.refused());
        assertEquals(2, first.sent().get("subject"));
        assertEquals(6, first.sent().get("adverse_event"));
        // three headaches a subject with overlapping dates: the duplicate-term edit check queried the second and third of each
        assertEquals(4, first.sent().get("data_query"));
        assertEquals(16, first.sent().get("audit_trail"), "the insert rows of 2 subjects, 6 AEs, 4 queries and their 4 steps");
        assertInStep();
        // the original users of what travelled, and who carried it
        assertEquals(6, StoreTestSupport.count(central, "SELECT count(*) FROM audit_trail WHERE entity = 'adverse_event'"
                + " AND user_name = '" + inv + "' AND carried_by = '" + inv + "'"));

        // offline at the site: 15 new AEs, 3 corrections, 1 deletion, a new SAE with its report, a signature
        try (AeCapture site = atSite()) {
            for (int i = 0; i < 15; i++) {
                site.adverseEvents().record(StoreTestSupport.headache(i % 2 == 0 ? "104-001" : "104-002").withVerbatimTerm("new headache " + i));
            }
            List<AdverseEvent> aes = site.adverseEvents().forSubject("104-001", false);
            for (int i = 0; i < 3; i++) { // the three AEs of 104-001 that the central database already has
                site.adverseEvents().correct(aes.get(i).withVerbatimTerm("corrected " + i), "source document review");
            }
            site.adverseEvents().delete(named(site, "104-002", "headache 1"), "entered twice");
            AdverseEvent sae = site.adverseEvents().record(SaeServiceTest.pneumonitis("104-002"),
                    SaeServiceTest.details(java.time.OffsetDateTime.parse("2021-09-02T07:00Z"), "admitted"));
            site.sae().sendReport(sae.id());
            assertEquals(org.aecapture.sae.SaeStatus.State.AWAITING_SYNC, statusOf(site, sae.id()),
                    "made offline: not yet with the sponsor, its clock still running");
            assertTrue(site.sae().siteReportsDueSoon().stream().anyMatch(r -> r.ae().id().equals(sae.id())), "named at sign-in");
            site.signatures().sign("104-001", pw(inv));
        }
        // meanwhile, online: the same investigator corrects the other subject's first AE centrally
        try (AeCapture online = onServer(inv)) {
            online.adverseEvents().correct(named(online, "104-002", "headache 0").withVerbatimTerm("headache, corrected online"),
                    "chart reviewed at the visit");
        }
        org.aecapture.domain.SyncResult second = sync();
        assertEquals(List.of(), second.conflicts());
        assertEquals(15 + 1 + 3 + 1, second.sent().get("adverse_event"), "15 new, the SAE, 3 corrections and 1 deletion");
        assertTrue(second.sent().get("audit_trail") >= 20, "their audit rows: " + second.sent());
        assertEquals(1, second.sent().get("sae"));
        assertEquals(1, second.sent().get("sae_report"));
        assertEquals(1, second.sent().get("signature"));
        assertEquals(1, second.received().get("adverse_event"), "the online correction came back");
        assertInStep();
        try (AeCapture site = atSite()) {
            AdverseEvent sae = named(site, "104-002", SaeServiceTest.pneumonitis("104-002").verbatimTerm());
            var reports = site.sae().reports(sae.id());
            // the sponsor's receipt is the server's time when the sync arrived, not the laptop's (the test's fixed 2022 clock)
            Instant delivered = reports.get(0).deliveredAt();
            assertTrue(delivered.isAfter(syncedFrom) && delivered.isBefore(Instant.now().plusSeconds(60)), "delivered by the sync: " + delivered);
            assertTrue(statusOf(site, sae.id()) != org.aecapture.sae.SaeStatus.State.AWAITING_SYNC, "" + statusOf(site, sae.id()));
        }
        assertEquals(1, StoreTestSupport.count(central, "SELECT count(*) FROM sae_report_delivery"), "the central database knows when it arrived");
        try (AeCapture site = atSite()) {
            AdverseEvent back = named(site, "104-002", "headache, corrected online");
            assertTrue(site.adverseEvents().history(back.id()).stream().anyMatch(h -> "chart reviewed at the visit".equals(h.reason())),
                    "with its audit row");
        }
        // the sign-ins of a sync are security events on both sides; nothing else may change
        List<String> siteBefore = withoutSignIns(StoreTestSupport.dump(siteFile));
        List<String> centralBefore = withoutSignIns(StoreTestSupport.dump(central));
        org.aecapture.domain.SyncResult third = sync();
        assertEquals(0, third.sentCount() + third.receivedCount(), third.toString());
        List<String> siteAfter = withoutSignIns(StoreTestSupport.dump(siteFile));
        assertEquals(List.of(), siteAfter.stream().filter(r -> !siteBefore.contains(r)).toList(), "a second sync changes nothing at the site");
        assertEquals(siteBefore, siteAfter);
        assertEquals(centralBefore, withoutSignIns(StoreTestSupport.dump(central)), "nor centrally");
    }

    /**
     * Queries and verification marks travel: an edit check's query opened offline arrives about the central copy of its AE;
     * a monitor's query and mark made centrally come to the site; the site's answer made offline goes back.
     */
    @Test
    void queriesAndVerificationMarksTravelAboutTheOtherSidesCopyOfTheirRecord() throws Exception {
        long siteAe;
        try (AeCapture site = atSite()) {
            siteAe = site.adverseEvents().record(StoreTestSupport.headache("104-002").toBuilder().verbatimTerm("severe headache").grade(3)
                    .meddraCode("10020772").build()).id(); // Hypertension: no duplicate of the headaches
            assertEquals(1, site.queries().list().stream().filter(r -> r.query().recordId() == siteAe).count(),
                    "grade 3 and not serious: the edit check's query, offline");
        }
        assertEquals(List.of(), sync().conflicts());
        String mon = centralMonitor();
        long centralAe;
        try (AeCapture monitor = onServer(mon)) {
            centralAe = named(monitor, "104-002", "severe headache").id();
            var rows = monitor.queries().list().stream().filter(r -> "EC01".equals(r.query().checkId())).toList();
            assertEquals(1, rows.size());
            assertEquals(centralAe, rows.get(0).query().recordId(), "about the central copy of the AE, by its uid");
            assertEquals("EC01", rows.get(0).query().checkId());
            monitor.queries().raise(org.aecapture.domain.DataQuery.Target.ADVERSE_EVENT, centralAe, "onset_date", "onset per the chart?");
            monitor.queries().verify(org.aecapture.domain.DataQuery.Target.ADVERSE_EVENT, centralAe);
        }
        var second = sync();
        assertEquals(List.of(), second.conflicts());
        assertEquals(1, second.received().get("data_query"));
        assertEquals(1, second.received().get("sdv_mark"));
        long monitorsQuery;
        try (AeCapture site = atSite()) {
            var mine = site.queries().list().stream().filter(r -> r.query().raisedBy().equals(mon)).toList();
            assertEquals(1, mine.size(), "the monitor's query reached the site");
            assertEquals(siteAe, mine.get(0).query().recordId(), "about the site's copy of the AE");
            monitorsQuery = mine.get(0).query().id();
            assertEquals(org.aecapture.domain.SdvMark.Status.VERIFIED, site.queries().sdvStatus().stream()
                    .filter(r -> r.recordId() == siteAe && r.target() == org.aecapture.domain.DataQuery.Target.ADVERSE_EVENT)
                    .findFirst().orElseThrow().status());
            site.queries().answer(monitorsQuery, "onset 05-AUG-2021 confirmed in the chart");
        }
        var third = sync();
        assertEquals(List.of(), third.conflicts());
        assertEquals(1, third.sent().get("data_query"), "the answered state");
        assertEquals(1, third.sent().get("data_query_step"), "the answer");
        try (AeCapture monitor = onServer(mon)) {
            var answered = monitor.queries().list().stream().filter(r -> r.query().raisedBy().equals(mon)).findFirst().orElseThrow();
            assertEquals(org.aecapture.domain.DataQuery.State.ANSWERED, answered.query().state());
            var steps = monitor.queries().thread(answered.query().id()).orElseThrow().steps();
            assertEquals("onset 05-AUG-2021 confirmed in the chart", steps.get(steps.size() - 1).text());
            assertEquals(inv, steps.get(steps.size() - 1).by());
        }
        assertTrue(sync().sent().isEmpty() || sync().sent().values().stream().allMatch(n -> n == 0), "a further sync sends nothing");
    }

    /**
     * The attack through a site file: the monitor's query, received at the site, closed there by raw SQL in the
     * monitor's name (a step and the state). The server refuses what the sync brings, naming the step; the central query
     * stays open with its steps, and nothing of that sync is taken.
     */
    @Test
    void aCloseForgedInTheSiteFileIsRefusedByTheServerWhenTheSyncBringsIt() throws Exception {
        assertEquals(List.of(), sync().conflicts());
        String mon = centralMonitor();
        try (AeCapture monitor = onServer(mon)) {
            monitor.queries().raise(org.aecapture.domain.DataQuery.Target.ADVERSE_EVENT, named(monitor, "104-001", "headache 0").id(), "grade",
                    "grade per the chart?");
        }
        assertEquals(1, sync().received().get("data_query"));
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + siteFile); Statement st = c.createStatement()) {
            long q = StoreTestSupport.count(siteFile, "SELECT id FROM data_query WHERE raised_by = '" + mon + "'");
            st.executeUpdate("INSERT INTO data_query_step (uid, query_ref, action, by_user, at_utc, text, state_after, corrected_version, version)"
                    + " VALUES ('forged-close', " + q + ", 'CLOSE', '" + mon + "', '2022-06-01T10:00:00Z', 'fine', 'CLOSED', 0, 1)");
            st.executeUpdate("UPDATE data_query SET state = 'CLOSED', version = version + 1 WHERE id = " + q);
        }
        List<String> before = StoreTestSupport.dump(central).stream().filter(l -> !l.startsWith("security_event:")).toList();
        RuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, this::sync);
        assertTrue(refused.getMessage().contains("may not take a close step") && refused.getMessage().contains("connected, not " + mon),
                refused.getMessage());
        assertEquals(before, StoreTestSupport.dump(central).stream().filter(l -> !l.startsWith("security_event:")).toList(),
                "nothing of that sync was taken");
        assertEquals(List.of("OPEN"), List.of(TestStore.connect(central).createStatement().executeQuery(
                "SELECT state FROM data_query WHERE raised_by = '" + mon + "'")).stream().map(rs -> {
                    try {
                        rs.next();
                        return rs.getString(1);
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList());
    }

    /**
     * A record sent by a sync meets the other side's records of its subject centrally: the central edit checks run over it
     * in the sync, and the query they open comes to the file in the same sync, once (not once on each side).
     */
    @Test
    void aDuplicateThatOnlyTheSyncBringsTogetherIsQueriedOnceAndReachesTheFile() throws Exception {
        assertEquals(List.of(), sync().conflicts());
        try (AeCapture site = atSite()) {
            site.adverseEvents().record(StoreTestSupport.headache("104-002").withVerbatimTerm("nausea offline").toBuilder()
                    .meddraCode("10028813").build());
        }
        try (AeCapture online = onServer(inv)) {
            online.adverseEvents().record(StoreTestSupport.headache("104-002").withVerbatimTerm("nausea online").toBuilder()
                    .meddraCode("10028813").build());
            assertTrue(online.queries().list().stream().noneMatch(r -> "EC04".equals(r.query().checkId()) && r.query().state().isOutstanding()
                    && r.query().text().startsWith("Nausea")), "centrally alone, no duplicate yet");
        }
        var r = sync();
        assertEquals(List.of(), r.conflicts());
        String duplicates = "SELECT count(*) FROM data_query WHERE check_id = 'EC04' AND state IN ('OPEN', 'ANSWERED')"
                + " AND target = 'adverse_event' AND record_id IN (SELECT id FROM adverse_event WHERE meddra_code = '10028813')";
        assertEquals(1, StoreTestSupport.count(central, duplicates), "the duplicate found centrally when the sync brought it");
        assertEquals(1, StoreTestSupport.count(siteFile, duplicates), "and its query reached the file in the same sync");
        var again = sync();
        assertEquals(1, StoreTestSupport.count(central, duplicates), "one finding, one query: " + again);
        assertEquals(1, StoreTestSupport.count(siteFile, duplicates));
        try (AeCapture monitor = onServer(admin)) {
            // the audit trail says which changes were made offline, by whom, and who brought them in when
            var entries = monitor.audit().search(new org.aecapture.domain.AuditQuery(null, "adverse_event", "104-002", null, null, null), 500)
                    .entries();
            var offline = entries.stream().filter(e -> "nausea offline".equals(e.newValue())).findFirst().orElseThrow();
            assertEquals(inv, offline.user());
            assertTrue(offline.author().startsWith(inv + " (entered offline, brought in by " + inv + " at "), offline.author());
            assertTrue(offline.receivedAt().isAfter(offline.at()), "received (server time) after it was entered (the laptop's 2022)");
            var online = entries.stream().filter(e -> "nausea online".equals(e.newValue())).findFirst().orElseThrow();
            assertEquals(inv, online.author(), "made online: the person alone");
        }
    }

    @Test
    void aRecordChangedOnBothSidesIsAConflictThatLosesNeitherVersionAndTheRestStillTravels() throws Exception {
        assertEquals(List.of(), sync().conflicts());
        try (AeCapture site = atSite()) {
            site.adverseEvents().correct(named(site, "104-001", "headache 0").withVerbatimTerm("migraine"), "site's reading");
            site.adverseEvents().record(StoreTestSupport.headache("104-002").withVerbatimTerm("nausea"));
        }
        try (AeCapture online = onServer(inv)) {
            online.adverseEvents().correct(named(online, "104-001", "headache 0").withVerbatimTerm("cluster headache"), "central reading");
        }
        org.aecapture.domain.SyncResult r = sync();
        assertEquals(1, r.conflicts().size(), r.conflicts().toString());
        assertTrue(r.conflicts().get(0).startsWith("AE 104-001 / migraine") && r.conflicts().get(0).contains("cluster headache centrally"),
                r.conflicts().get(0));
        // the site's time is its device's; the central change's is the server's own
        String today = java.time.format.DateTimeFormatter.ofPattern("dd-MMM-yyyy", java.util.Locale.ENGLISH)
                .format(java.time.LocalDate.now(java.time.ZoneOffset.UTC)).toUpperCase(java.util.Locale.ROOT);
        assertTrue(r.conflicts().get(0).contains("(site: by " + inv + ", 01-JUN-2022 10:00 UTC; central: by " + inv + ", " + today),
                "who changed it last on each side, and when: " + r.conflicts().get(0));
        assertEquals(1, r.sent().get("adverse_event"), "the new AE went all the same");
        assertEquals(0, StoreTestSupport.count(central, "SELECT count(*) FROM audit_trail WHERE reason = 'site''s reading'"),
                "a record in conflict keeps its audit rows on its side too: the central trail shows no change it does not hold");
        assertEquals(0, StoreTestSupport.count(new DatabaseLocation.SqliteFile(siteFile),
                "SELECT count(*) FROM audit_trail WHERE reason = 'central reading'"));
        try (AeCapture site = atSite(); AeCapture online = onServer(inv)) {
            String uid = r.conflicts().get(0).replaceAll(".*\\((.*)\\):.*", "$1");
            assertEquals(1, StoreTestSupport.count(new DatabaseLocation.SqliteFile(siteFile), "SELECT count(*) FROM adverse_event WHERE uid = '"
                    + uid + "' AND verbatim_term = 'migraine'"), "the site's version kept");
            assertEquals(1, StoreTestSupport.count(central, "SELECT count(*) FROM adverse_event WHERE uid = '" + uid
                    + "' AND verbatim_term = 'cluster headache'"), "the central one too");
            assertEquals(4, online.adverseEvents().forSubject("104-002", false).size(), "3 synced before and the new one");
        }
        assertFalse(sync().conflicts().isEmpty(), "listed again until a person resolves it");

        // resolved at the site: the central version is kept, with the reason, and the next sync finds the two agreeing
        try (AeCapture site = atSite()) {
            List<org.aecapture.domain.SyncConflict> open = SiteSyncs.conflicts(site);
            assertEquals(1, open.size());
            assertEquals(1, SiteSyncs.pendingChanges(site), "the site's own version of it, not sent");
            SiteSyncs.resolve(site, open.get(0), false, "the chart says cluster headache");
            AdverseEvent resolved = named(site, "104-001", "cluster headache");
            assertTrue(site.adverseEvents().history(resolved.id()).stream().anyMatch(h -> "the chart says cluster headache".equals(h.reason())
                    && "verbatim_term".equals(h.field())), "the change audited with its reason");
            assertEquals(List.of(), SiteSyncs.conflicts(site));
        }
        org.aecapture.domain.SyncResult after = sync();
        assertEquals(List.of(), after.conflicts());
        assertInStep();

        // another one, resolved by keeping the site's version: it is sent
        try (AeCapture site = atSite()) {
            site.adverseEvents().correct(named(site, "104-002", "headache 2").withVerbatimTerm("tension headache"), "site's reading");
        }
        try (AeCapture online = onServer(inv)) {
            online.adverseEvents().correct(named(online, "104-002", "headache 2").withVerbatimTerm("sinus headache"), "central reading");
        }
        assertEquals(1, sync().conflicts().size());
        try (AeCapture site = atSite()) {
            SiteSyncs.resolve(site, SiteSyncs.conflicts(site).get(0), true, "seen the patient: tension headache");
        }
        org.aecapture.domain.SyncResult sent = sync();
        assertEquals(List.of(), sent.conflicts());
        assertEquals(1, sent.sent().get("adverse_event"));
        assertInStep();
        try (AeCapture online = onServer(inv)) {
            AdverseEvent there = named(online, "104-002", "tension headache");
            assertTrue(online.adverseEvents().history(there.id()).stream().anyMatch(h -> "seen the patient: tension headache".equals(h.reason())),
                    "the resolution travelled with its reason");
        }
    }

    /** The sync command as a process of its own, which the test can kill. */
    private Process syncProcess() throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.aecapture.app.Main", "sync",
                "--db", siteFile.toString(), "--with", ((DatabaseLocation.PostgresServer) central).url(), "--user", inv)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("AECAPTURE_PASSWORD", new String(pw(inv)));
        return pb.start();
    }

    /** Integrity of the site's file after a kill: SQLite's own full check. */
    private void assertSiteFileIntact() {
        var report = org.aecapture.store.Database.checkIntegrity(siteFile);
        assertTrue(report.ok(), report.problemsText());
    }

    /**
     * The site's new AE (by its verbatim) reached the centre once, and its corrected one reached it too and was not
     * overwritten in the file by an older central version; both sides then hold the same.
     */
    private void assertArrivedWhole(String newVerbatim, String correctedVerbatim) throws Exception {
        assertEquals(1, StoreTestSupport.count(central, "SELECT count(*) FROM adverse_event WHERE verbatim_term = '" + newVerbatim + "'"),
                "the new record was sent, once");
        assertEquals(1, StoreTestSupport.count(central, "SELECT count(*) FROM adverse_event WHERE verbatim_term = '" + correctedVerbatim + "'"),
                "the site's correction reached the centre");
        assertEquals(1, StoreTestSupport.count(siteFile, "SELECT count(*) FROM adverse_event WHERE verbatim_term = '" + correctedVerbatim + "'"),
                "and the file kept it: not overwritten with an older central version");
        assertInStep();
    }

    /**
     * The central COMMIT fails once with a serialization failure (SERIALIZABLE raises it there; here a deferred constraint
     * trigger raises 40001 once), after the work inside the transaction succeeded: the sync runs again from the file's old
     * base, so that the site's new records are sent and its edits are not overwritten by the older central version.
     */
    @Test
    void aCentralCommitThatFailsOnceIsRunAgainFromTheOldBaseAndLosesNothing() throws Exception {
        assertEquals(List.of(), sync().conflicts());
        try (AeCapture site = atSite()) {
            site.adverseEvents().record(StoreTestSupport.headache("104-001").withVerbatimTerm("new offline"));
            AdverseEvent some = named(site, "104-002", "headache 1");
            site.adverseEvents().correct(some.withVerbatimTerm("headache 1, corrected offline"), "source verification");
        }
        // a sequence counts the attempts: a rollback does not undo it
        try (Connection c = TestStore.connect(central); Statement st = c.createStatement()) {
            st.execute("CREATE SEQUENCE commit_attempts");
            st.execute("GRANT USAGE ON SEQUENCE commit_attempts TO PUBLIC");
            st.execute("CREATE FUNCTION fail_commit_once() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN"
                    + " IF nextval('commit_attempts') = 1 THEN RAISE EXCEPTION 'could not serialize access (test)' USING ERRCODE = '40001';"
                    + " END IF; RETURN NULL; END $$");
            st.execute("CREATE CONSTRAINT TRIGGER fail_commit_once AFTER INSERT OR UPDATE ON adverse_event DEFERRABLE INITIALLY DEFERRED"
                    + " FOR EACH ROW EXECUTE FUNCTION fail_commit_once()");
        }
        var r = sync();
        assertEquals(List.of(), r.conflicts());
        assertTrue(StoreTestSupport.count(central, "SELECT last_value FROM commit_attempts") >= 2, "the commit failed once and ran again");
        assertArrivedWhole("new offline", "headache 1, corrected offline");
        var again = sync();
        assertEquals(0, again.sentCount() + again.receivedCount(), "nothing left to do: " + again);
    }

    /**
     * One clash no longer stops a sync whole: a subject number entered offline that the centre holds at a site the person
     * cannot read, and a visit entered on both sides, are listed as conflicts (exit 2 on the command line) while another
     * subject and its AE still arrive; a visit is never doubled. Keeping both renumbers the site's subject, audited; the
     * next sync sends it and its AE, their audit rows under the new number.
     */
    @Test
    void aClashOfKeysIsAConflictAndEverythingElseStillTravels() throws Exception {
        assertEquals(List.of(), sync().conflicts());
        try (Connection c = TestStore.connect(central); Statement st = c.createStatement()) {
            // the sponsor enrolled 104-003 centrally, at site 105 by mistake: a subject inv104 cannot read
            st.execute("INSERT INTO subject (subject_id, site, sex, birth_date, consent_date, status, uid)"
                    + " VALUES ('104-003', '105', 'F', '1979', '2021-06-20', 'SCREENING', 'central-104-003')");
        }
        try (AeCapture online = onServer(inv)) {
            online.visits().record("104-001", "W4", java.time.LocalDate.of(2021, 8, 12), null);
            online.visits().record("104-001", "W2", java.time.LocalDate.of(2021, 7, 29), null);
        }
        try (AeCapture site = atSite()) {
            site.subjects().enrol(StoreTestSupport.subject("104-003"));
            site.adverseEvents().record(StoreTestSupport.headache("104-003").withVerbatimTerm("of the clashing subject"));
            site.subjects().enrol(StoreTestSupport.subject("104-004"));
            site.adverseEvents().record(StoreTestSupport.headache("104-004").withVerbatimTerm("of another subject"));
            site.visits().record("104-001", "W4", java.time.LocalDate.of(2021, 8, 13), null);
            site.visits().record("104-001", "W2", java.time.LocalDate.of(2021, 7, 29), null); // the same visit, alike
        }
        var r = sync();
        assertEquals(2, r.conflicts().size(), r.conflicts().toString());
        assertTrue(r.conflicts().stream().anyMatch(x -> x.startsWith("subject 104-003: the number is taken centrally")), r.conflicts().toString());
        // the visit entered on both sides is matched by subject and visit code: one record, its two versions to resolve
        assertTrue(r.conflicts().stream().anyMatch(x -> x.startsWith("visit of subject 104-001") && x.contains("visit_date 2021-08-13 at the site,"
                + " 2021-08-12 centrally")), r.conflicts().toString());
        assertEquals(1, StoreTestSupport.count(central, "SELECT count(*) FROM adverse_event WHERE verbatim_term = 'of another subject'"),
                "the other subject's AE arrived");
        assertEquals(0, StoreTestSupport.count(central, "SELECT count(*) FROM adverse_event WHERE verbatim_term = 'of the clashing subject'"));
        String w4 = "SELECT count(*) FROM visit v JOIN subject s ON s.id = v.subject_ref WHERE s.subject_id = '104-001' AND v.visit_code = 'W4'";
        assertEquals(1, StoreTestSupport.count(central, w4), "one visit W4 centrally, not two");
        assertEquals(1, StoreTestSupport.count(siteFile, w4), "and one in the file");
        String w2 = w4.replace("'W4'", "'W2'");
        assertEquals(List.of(1L, 1L), List.of(StoreTestSupport.count(central, w2), StoreTestSupport.count(siteFile, w2)),
                "the same visit W2 on both sides: one record each side, no conflict");
        String w2Uid = "SELECT v.uid FROM visit v JOIN subject s ON s.id = v.subject_ref WHERE s.subject_id = '104-001' AND v.visit_code = 'W2'";
        try (Connection c = TestStore.connect(central); Connection f = TestStore.connect(new org.aecapture.location.DatabaseLocation.SqliteFile(siteFile))) {
            assertEquals(StoreTestSupport.column(c, w2Uid), StoreTestSupport.column(f, w2Uid), "the file's W2 took the central identity");
        }
        String newNumber;
        try (AeCapture site = atSite()) {
            var clash = SiteSyncs.conflicts(site).stream().filter(x -> x.entity().equals("subject")).findFirst().orElseThrow();
            assertThrows(IllegalArgumentException.class, () -> SiteSyncs.resolve(site, clash, true, "ours"), "no version to send");
            newNumber = SiteSyncs.keepBoth(site, clash, "104-003 was taken by the sponsor's entry at site 105");
        }
        assertEquals("104-005", newNumber);
        var after = sync();
        assertEquals(1, after.conflicts().size(), "the visit is left to resolve: " + after.conflicts());
        try (AeCapture site = atSite()) {
            var visit = SiteSyncs.conflicts(site).stream().filter(x -> x.entity().equals("visit")).findFirst().orElseThrow();
            SiteSyncs.resolve(site, visit, false, "the chart says 12 August");
        }
        assertEquals(List.of(), sync().conflicts(), "resolved: the next sync is clean");
        try (Connection c = TestStore.connect(new org.aecapture.location.DatabaseLocation.SqliteFile(siteFile)); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT v.visit_date FROM visit v JOIN subject s ON s.id = v.subject_ref"
                     + " WHERE s.subject_id = '104-001' AND v.visit_code = 'W4'")) {
            assertTrue(rs.next());
            assertEquals("2021-08-12", rs.getString(1), "the central version kept in the file");
        }
        assertEquals(1, StoreTestSupport.count(central, "SELECT count(*) FROM adverse_event a JOIN subject s ON s.id = a.subject_ref"
                + " WHERE s.subject_id = '104-005' AND a.verbatim_term = 'of the clashing subject'"), "renumbered, sent with its AE");
        assertEquals(0, StoreTestSupport.count(central, "SELECT count(*) FROM audit_trail WHERE subject_id = '104-003'"
                + " AND carried_by IS NOT NULL"), "its audit rows filed under its new number centrally");
        assertTrue(StoreTestSupport.count(central, "SELECT count(*) FROM audit_trail WHERE subject_id = '104-005' AND field = 'subject_id'"
                + " AND new_value = '104-005'") == 1, "the renumbering is in the central audit trail");
    }

    /**
     * SAE details entered for one AE on both sides are one record in two versions, not a clash without a resolution: the
     * site's take the central identity, the sync lists the conflict, and keeping the site's sends them over the central ones.
     */
    @Test
    void saeDetailsEnteredOnBothSidesAreOneRecordWhoseVersionsAPersonResolves() throws Exception {
        AdverseEvent sae;
        try (AeCapture site = atSite()) {
            sae = site.adverseEvents().record(SaeServiceTest.pneumonitis("104-001"));
        }
        assertEquals(List.of(), sync().conflicts());
        try (AeCapture online = onServer(inv)) {
            AdverseEvent there = online.adverseEvents().forSubject("104-001", false).stream()
                    .filter(a -> a.verbatimTerm().equals(sae.verbatimTerm())).findFirst().orElseThrow();
            online.adverseEvents().correct(there, SaeServiceTest.details(java.time.OffsetDateTime.parse("2021-09-02T07:00Z"), "told by phone"),
                    "SAE details from the sponsor's call");
        }
        try (AeCapture site = atSite()) {
            site.adverseEvents().correct(site.adverseEvents().forSubject("104-001", false).stream().filter(a -> a.id().equals(sae.id()))
                    .findFirst().orElseThrow(), SaeServiceTest.details(java.time.OffsetDateTime.parse("2021-09-02T08:30Z"), "admitted overnight"),
                    "SAE details from the chart");
        }
        var r = sync();
        assertEquals(1, r.conflicts().size(), r.conflicts().toString());
        assertTrue(r.conflicts().get(0).startsWith("sae of subject 104-001"), r.conflicts().toString());
        String details = "SELECT count(*) FROM sae";
        assertEquals(1, StoreTestSupport.count(central, details), "one SAE details record centrally");
        assertEquals(1, StoreTestSupport.count(siteFile, details), "and in the file");
        try (AeCapture site = atSite()) {
            var conflict = SiteSyncs.conflicts(site).get(0);
            SiteSyncs.resolve(site, conflict, true, "the chart is the source");
        }
        assertEquals(List.of(), sync().conflicts());
        try (AeCapture online = onServer(inv)) {
            AdverseEvent there = online.adverseEvents().forSubject("104-001", false).stream()
                    .filter(a -> a.verbatimTerm().equals(sae.verbatimTerm())).findFirst().orElseThrow();
            assertEquals("admitted overnight", online.sae().details(there.id()).orElseThrow().narrative(), "the site's version arrived");
        }
    }

    /**
     * A monitor verifies an AE in the site's file while offline (the investigator's login may not insert verification
     * marks): the investigator's sync completes and says the mark waits for a monitor's; the monitor's own sync sends it,
     * and the AE reads verified centrally.
     */
    @Test
    void aMonitorsOfflineVerificationTravelsWithTheMonitorsOwnSync() throws Exception {
        assertEquals(List.of(), sync().conflicts());
        String mon = centralMonitor();
        long siteAe;
        try (AeCapture site = AeCapture.open(siteFile, () -> "siteadmin", StoreTestSupport.CLOCK)) {
            site.signIn("siteadmin", pw("siteadmin"));
            site.accounts().create("siteadmin", mon, "Mona Monitor", Role.MONITOR, Set.of("104"), pw(mon));
            site.signIn(mon, pw(mon));
            siteAe = named(site, "104-001", "headache 0").id();
            site.queries().verify(org.aecapture.domain.DataQuery.Target.ADVERSE_EVENT, siteAe);
        }
        var byInvestigator = sync();
        assertTrue(byInvestigator.refused().isEmpty(), byInvestigator.refused().toString());
        assertTrue(byInvestigator.notes().stream().anyMatch(n -> n.contains("sdv mark") && n.contains("monitor")), byInvestigator.notes().toString());
        assertEquals(0, StoreTestSupport.count(central, "SELECT count(*) FROM sdv_mark"));
        var byMonitor = SiteSyncs.run(siteFile, central, mon, pw(mon), pw(mon), StoreTestSupport.CLOCK);
        assertTrue(byMonitor.refused().isEmpty() && byMonitor.conflicts().isEmpty(), byMonitor.toString());
        assertEquals(1, byMonitor.sent().get("sdv_mark"));
        try (AeCapture monitor = onServer(mon)) {
            assertEquals(org.aecapture.domain.SdvMark.Status.VERIFIED, sdvOf(monitor, named(monitor, "104-001", "headache 0").id()));
        }
        assertTrue(StoreTestSupport.count(central, "SELECT count(*) FROM audit_trail WHERE entity = 'sdv_mark' AND user_name = '" + mon
                + "' AND carried_by = '" + mon + "'") >= 1, "its audit row, entered offline and brought in by the monitor");
    }

    private static org.aecapture.domain.SdvMark.Status sdvOf(AeCapture app, long aeId) {
        return app.queries().sdvStatus().stream().filter(r -> r.target() == org.aecapture.domain.DataQuery.Target.ADVERSE_EVENT
                && r.recordId() == aeId).findFirst().orElseThrow().status();
    }

    /**
     * A verification mark names the content verified, not a version counter, which differs between the file and the centre:
     * an AE corrected twice at the site (version 3 there, 1 centrally) and verified centrally reads "verified" at the site
     * too; edited offline after that, it reads "changed since verified" on both sides.
     */
    @Test
    void aVerificationMarkMeansTheSameContentInTheFileAndCentrally() throws Exception {
        long siteAe;
        try (AeCapture site = atSite()) {
            AdverseEvent ae = site.adverseEvents().record(StoreTestSupport.headache("104-001").withVerbatimTerm("first reading"));
            ae = site.adverseEvents().correct(ae.withVerbatimTerm("second reading"), "source");
            ae = site.adverseEvents().correct(ae.withVerbatimTerm("third reading"), "source");
            assertEquals(3, ae.version());
            siteAe = ae.id();
        }
        assertEquals(List.of(), sync().conflicts());
        String mon = centralMonitor();
        long centralAe;
        try (AeCapture monitor = onServer(mon)) {
            AdverseEvent there = named(monitor, "104-001", "third reading");
            centralAe = there.id();
            assertTrue(there.version() != 3, "the counters differ: " + there.version());
            monitor.queries().verify(org.aecapture.domain.DataQuery.Target.ADVERSE_EVENT, centralAe);
            assertEquals(org.aecapture.domain.SdvMark.Status.VERIFIED, sdvOf(monitor, centralAe));
        }
        assertEquals(List.of(), sync().conflicts());
        try (AeCapture site = atSite()) {
            assertEquals(org.aecapture.domain.SdvMark.Status.VERIFIED, sdvOf(site, siteAe), "the same content, verified, at the site");
            AdverseEvent ae = site.adverseEvents().byId(siteAe).orElseThrow();
            site.adverseEvents().correct(ae.toBuilder().grade(3).build(), "grade per the chart");
            assertEquals(org.aecapture.domain.SdvMark.Status.CHANGED_SINCE_VERIFIED, sdvOf(site, siteAe), "edited offline after verification");
        }
        assertEquals(List.of(), sync().conflicts());
        try (AeCapture monitor = onServer(mon)) {
            assertEquals(org.aecapture.domain.SdvMark.Status.CHANGED_SINCE_VERIFIED, sdvOf(monitor, centralAe), "and centrally");
        }
    }

    /** The name of the central test database, for what only the server's owner does to it (a copy, a restore). */
    private String centralDatabaseName() {
        String url = ((DatabaseLocation.PostgresServer) central).url();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static void asServerOwner(String... statements) throws Exception {
        try (Connection c = TestStore.server().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /**
     * The central database is restored from a backup taken between two syncs (a copy of the database made then, put back
     * in its place as a restore would): what the site sent after the backup is gone centrally. The next sync finds the
     * centre's ledger of syncs set back, compares the file's records with the centre's, sends again what the centre lacks or
     * holds as it was, says so, and loses nothing.
     */
    @Test
    void afterTheCentreIsRestoredFromABackupTheNextSyncSendsAgainWhatItLost() throws Exception {
        assertEquals(List.of(), sync().conflicts());
        String name = centralDatabaseName();
        asServerOwner("CREATE DATABASE " + name + "_backup TEMPLATE " + name); // the nightly backup
        try (AeCapture site = atSite()) {
            site.adverseEvents().record(StoreTestSupport.headache("104-001").withVerbatimTerm("after the backup"));
            AdverseEvent some = named(site, "104-002", "headache 2");
            site.adverseEvents().correct(some.withVerbatimTerm("headache 2, corrected after the backup"), "source verification");
        }
        assertEquals(List.of(), sync().conflicts());
        assertEquals(1, StoreTestSupport.count(central, "SELECT count(*) FROM adverse_event WHERE verbatim_term = 'after the backup'"));
        // the server is lost and its database restored from that backup
        asServerOwner("ALTER DATABASE " + name + " RENAME TO " + name + "_lost", "ALTER DATABASE " + name + "_backup RENAME TO " + name);
        assertEquals(0, StoreTestSupport.count(central, "SELECT count(*) FROM adverse_event WHERE verbatim_term = 'after the backup'"),
                "the restored centre lacks it");
        var r = sync();
        assertEquals(List.of(), r.conflicts());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("restored from a backup")), r.notes().toString());
        assertArrivedWhole("after the backup", "headache 2, corrected after the backup");
        assertEquals(0, sync().sentCount(), "then nothing left to do");
    }

    /**
     * A file is linked to its central database's identity: another database of the study on the same server (here a
     * training copy of the central one, where the same people sign in) is refused, naming both, as is another study's; the
     * same database at a new address is refused until the person relinks, then synced.
     */
    @Test
    void aFileSyncsOnlyWithItsOwnStudyDatabaseAndMovesToANewAddressByRelinking() throws Exception {
        assertEquals(List.of(), sync().conflicts());
        String name = centralDatabaseName();
        asServerOwner("CREATE DATABASE " + name + "_training TEMPLATE " + name);
        DatabaseLocation training = new DatabaseLocation.PostgresServer(((DatabaseLocation.PostgresServer) central).url() + "_training");
        try (Connection c = TestStore.connect(training); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE study_database DISABLE TRIGGER study_database_is_kept");
            st.execute("UPDATE study_database SET database_uid = gen_random_uuid()::text"); // a database of its own from now on
        }
        try (AeCapture site = atSite()) {
            site.adverseEvents().record(StoreTestSupport.headache("104-001").withVerbatimTerm("waiting to be sent"));
        }
        List<String> fileBefore = StoreTestSupport.dump(new DatabaseLocation.SqliteFile(siteFile));
        var another = SiteSyncs.run(siteFile, training, inv, pw(inv), pw(inv), StoreTestSupport.CLOCK, true);
        assertTrue(another.refusedAll() && another.refused().get(0).contains("is another database of study NCT04835441"),
                another.refused().toString());
        try (Connection c = TestStore.connect(training); Statement st = c.createStatement()) {
            st.execute("UPDATE study SET study_id = 'NCT09999999'");
        }
        var otherStudy = SiteSyncs.run(siteFile, training, inv, pw(inv), pw(inv), StoreTestSupport.CLOCK, true);
        assertTrue(otherStudy.refusedAll() && otherStudy.refused().get(0).contains("is the database of study NCT09999999"),
                otherStudy.refused().toString());
        assertEquals(0, StoreTestSupport.count(training, "SELECT count(*) FROM adverse_event WHERE verbatim_term = 'waiting to be sent'"));
        List<String> fileAfter = StoreTestSupport.dump(new DatabaseLocation.SqliteFile(siteFile));
        assertEquals(fileBefore.stream().filter(l -> !l.startsWith("security_event:")).toList(),
                fileAfter.stream().filter(l -> !l.startsWith("security_event:")).toList(), "the file unchanged, its study definition its own");
        // the same database at another address: refused until relinked
        String otherAddress = ((DatabaseLocation.PostgresServer) central).url().replace("localhost", "127.0.0.1");
        DatabaseLocation sameDatabase = new DatabaseLocation.PostgresServer(otherAddress);
        var refused = SiteSyncs.run(siteFile, sameDatabase, inv, pw(inv), pw(inv), StoreTestSupport.CLOCK);
        assertTrue(refused.refusedAll() && refused.refused().get(0).contains("--relink"), refused.refused().toString());
        var relinked = SiteSyncs.run(siteFile, sameDatabase, inv, pw(inv), pw(inv), StoreTestSupport.CLOCK, true);
        assertTrue(relinked.refused().isEmpty(), relinked.refused().toString());
        assertTrue(relinked.notes().stream().anyMatch(n -> n.contains("relinked")), relinked.notes().toString());
        assertEquals(1, StoreTestSupport.count(central, "SELECT count(*) FROM adverse_event WHERE verbatim_term = 'waiting to be sent'"));
        assertEquals(1, StoreTestSupport.count(siteFile, "SELECT count(*) FROM sync_link WHERE central = '" + otherAddress + "'"));
    }

    @Test
    void aSyncKilledAtAnyMomentLeavesBothSidesWholeAndTheNextOneFinishesIt() throws Exception {
        assertEquals(List.of(), sync().conflicts());
        // how long a whole sync command takes here, with work to do
        try (AeCapture site = atSite()) {
            for (int i = 0; i < 40; i++) {
                site.adverseEvents().record(StoreTestSupport.headache("104-001").withVerbatimTerm("timing " + i));
            }
        }
        long s = System.nanoTime();
        Process whole = syncProcess();
        assertEquals(0, whole.waitFor(), "a sync command that is not killed");
        long wholeMs = (System.nanoTime() - s) / 1_000_000;
        assertInStep();
        java.util.Random random = new java.util.Random(20261202);
        int killedMidway = 0;
        for (int round = 0; round < 10; round++) {
            try (AeCapture site = atSite()) {
                for (int i = 0; i < 40; i++) {
                    site.adverseEvents().record(StoreTestSupport.headache(i % 2 == 0 ? "104-001" : "104-002").withVerbatimTerm("round " + round
                            + " AE " + i));
                }
                AdverseEvent some = site.adverseEvents().forSubject("104-002", false).get(round);
                site.adverseEvents().correct(some.withVerbatimTerm(some.verbatimTerm() + " (round " + round + ")"), "source verification");
            }
            Process p = syncProcess();
            // anywhere from the JVM's start to the end of a whole run, so that some kills land in the middle of the sync
            long at = (long) (wholeMs * (0.3 + 0.75 * random.nextDouble()));
            if (!p.waitFor(at, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no rollback by the application
                killedMidway++;
            }
            assertSiteFileIntact();
            org.aecapture.domain.SyncResult after = sync(); // the next sync finishes whatever the killed one left
            assertEquals(List.of(), after.conflicts(), "round " + round);
            assertInStep();
            org.aecapture.domain.SyncResult again = sync();
            assertEquals(0, again.sentCount() + again.receivedCount(), "round " + round + ": nothing left to do");
        }
        assertTrue(killedMidway >= 5, "most of the rounds were killed before they ended: " + killedMidway);
        assertEquals(StoreTestSupport.count(new DatabaseLocation.SqliteFile(siteFile), "SELECT count(*) FROM adverse_event"),
                StoreTestSupport.count(central, "SELECT count(*) FROM adverse_event"), "no AE lost or doubled");
    }
}
