package org.aecapture.store;

import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.aecapture.domain.Role;
import org.aecapture.domain.Subject;
import org.aecapture.service.AeCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a provisioned PostgreSQL database the server itself enforces site restriction and blinding: a person
 * connecting with psql (here raw JDBC) under their own login role gets no more than the application shows.
 */
class ServerBoundaryTest {

    private static final AtomicInteger RUN = new AtomicInteger();

    @TempDir
    Path dir;
    private DatabaseLocation db;
    private AeCapture owner;
    private String admin;
    private String coord102;
    private String inv101;
    private String reviewer;
    private String statistician;

    private static char[] pw(String user) {
        return (user + " secret password").toCharArray();
    }

    /** A demo trial (sites 101 to 106) on a provisioned database: the first administrator, then one account of each kind. */
    @BeforeEach
    void provision() {
        String run = "b" + RUN.incrementAndGet() + "_" + ProcessHandle.current().pid();
        admin = run + "_admin";
        coord102 = run + "_coord";
        inv101 = run + "_inv";
        reviewer = run + "_rev";
        statistician = run + "_stat";
        db = TestStore.POSTGRESQL.newDatabase(dir, "boundary");
        owner = TestStore.POSTGRESQL.openOrInit(db, () -> "owner");
        owner.loadDemo(12, 3, 7);
        AeCapture.Provisioned provisioned = owner.provisionServer();
        assertEquals(List.of(), provisioned.withoutLogin(), "no accounts yet");
        String recoveryCode = provisioned.statisticianRecoveryCode().orElseThrow();
        owner.accounts().createFirstAdministrator(admin, "Ada Admin", pw(admin));
        // the administrator signs in as their own login role and makes the accounts, each with its login role
        try (AeCapture asAdmin = signedIn(admin)) {
            asAdmin.accounts().create(admin, coord102, "Cora Coordinator", Role.COORDINATOR, Set.of("102"), pw(coord102));
            asAdmin.accounts().create(admin, inv101, "Ian Investigator", Role.INVESTIGATOR, Set.of("101"), pw(inv101));
            asAdmin.accounts().create(admin, reviewer, "Rita Reviewer", Role.SAFETY_REVIEWER, Set.of(), pw(reviewer));
            asAdmin.accounts().createAccount(admin, statistician, "Stan Statistician", Role.UNBLINDED_STATISTICIAN, Set.of(), pw(statistician),
                    recoveryCode);
        }
    }

    @AfterEach
    void close() {
        owner.close();
    }

    private AeCapture signedIn(String user) {
        AeCapture app = AeCapture.open(db, new Credentials(user, pw(user)), () -> user, StoreTestSupport.CLOCK);
        app.signIn(user, pw(user));
        return app;
    }

    private Connection psql(String user) throws SQLException {
        return TestStore.connectAs(db, user, new String(pw(user)));
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        return StoreTestSupport.column(c, sql);
    }

    private static SQLException refused(Connection c, String sql) {
        return assertThrows(SQLException.class, () -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }, sql);
    }

    @Test
    void theSaeReportsAreNarrowedToTheSiteAndTheSponsorsAssessmentIsTheReviewers() throws Exception {
        String ofSite = "SELECT count(*) FROM sae_report r JOIN adverse_event a ON a.id = r.ae_ref JOIN subject s ON s.id = a.subject_ref";
        long all = StoreTestSupport.count(db, "SELECT count(*) FROM sae_report");
        long site102 = StoreTestSupport.count(db, ofSite + " WHERE s.site = '102'");
        assertTrue(all > site102, "the demo's SAEs are reported at several sites: " + all + " in all, " + site102 + " at 102");
        try (Connection c = psql(coord102)) {
            assertEquals(String.valueOf(site102), column(c, "SELECT count(*) FROM sae_report").get(0), "only site 102's reports");
            assertEquals(String.valueOf(StoreTestSupport.count(db, "SELECT count(*) FROM sae x JOIN adverse_event a ON a.id = x.ae_ref"
                    + " JOIN subject s ON s.id = a.subject_ref WHERE s.site = '102'")), column(c, "SELECT count(*) FROM sae").get(0));
            List<String> before = StoreTestSupport.dump(db);
            refused(c, "INSERT INTO sae_assessment (ae_ref, expectedness, version) SELECT min(id), 'EXPECTED', 1 FROM adverse_event");
            refused(c, "UPDATE sae_report SET content = 'x'");
            assertEquals(before, StoreTestSupport.dump(db), "nothing changed");
        }
        try (Connection c = psql(reviewer)) {
            assertEquals(String.valueOf(all), column(c, "SELECT count(*) FROM sae_report").get(0), "the reviewer reads every site's");
            refused(c, "INSERT INTO sae_report (ae_ref, report_type, follow_up_number, sent_at, sent_by, content, sha256)"
                    + " SELECT min(id), 'FOLLOW_UP', 9, 'x', 'x', 'x', 'x' FROM adverse_event");
        }
    }

    /** The check: psql as the monitor's login role sees only site 101, and changes no clinical data. */
    @Test
    void aMonitorWithPsqlReadsOnlyTheirSiteAndWritesOnlyQueriesAndVerification() throws Exception {
        String mon101 = admin.replace("_admin", "_mon");
        try (AeCapture asAdmin = signedIn(admin)) {
            asAdmin.accounts().create(admin, mon101, "Mona Monitor", Role.MONITOR, Set.of("101"), pw(mon101));
        }
        long ae101 = StoreTestSupport.count(db, "SELECT min(a.id) FROM adverse_event a JOIN subject s ON s.id = a.subject_ref WHERE s.site = '101'");
        long ae102 = StoreTestSupport.count(db, "SELECT min(a.id) FROM adverse_event a JOIN subject s ON s.id = a.subject_ref WHERE s.site = '102'");
        try (AeCapture asMonitor = signedIn(mon101)) {
            asMonitor.queries().raise(org.aecapture.domain.DataQuery.Target.ADVERSE_EVENT, ae101, "grade", "grade per the chart?");
            asMonitor.queries().verify(org.aecapture.domain.DataQuery.Target.ADVERSE_EVENT, ae101);
            assertThrows(RuntimeException.class, () -> asMonitor.queries().raise(org.aecapture.domain.DataQuery.Target.ADVERSE_EVENT, ae102,
                    null, "another site's"));
        }
        try (Connection c = psql(mon101)) {
            assertEquals(List.of("101"), column(c, "SELECT DISTINCT site FROM subject"));
            assertEquals(String.valueOf(StoreTestSupport.count(db, "SELECT count(*) FROM adverse_event a JOIN subject s ON s.id = a.subject_ref"
                    + " WHERE s.site = '101'")), column(c, "SELECT count(*) FROM adverse_event").get(0));
            assertEquals(List.of("1"), column(c, "SELECT count(*) FROM data_query"));
            assertEquals(List.of("1"), column(c, "SELECT count(*) FROM sdv_mark"));
            List<String> before = StoreTestSupport.dump(db);
            assertEquals("42501", refused(c, "SELECT * FROM randomization").getSQLState(), "never an arm");
            assertEquals("42501", refused(c, "UPDATE adverse_event SET grade = 5").getSQLState(), "no clinical change");
            assertEquals("42501", refused(c, "INSERT INTO visit (subject_ref, visit_code, visit_date) SELECT min(id), 'UNS', '2021-09-01'"
                    + " FROM subject").getSQLState());
            long subject102 = StoreTestSupport.count(db, "SELECT min(id) FROM subject WHERE site = '102'");
            assertEquals("42501", refused(c, "INSERT INTO data_query (uid, subject_ref, target, record_id, state, raised_by, raised_at, text,"
                    + " version) VALUES ('u-1', " + subject102 + ", 'adverse_event', " + ae102 + ", 'OPEN', '" + mon101
                    + "', '2022-01-01T00:00:00Z', 'x', 1)").getSQLState(), "no query on another site's subject");
            assertEquals("42501", refused(c, "UPDATE data_query_step SET text = 'x'").getSQLState(), "steps are kept as written");
            assertEquals(before, StoreTestSupport.dump(db), "nothing changed");
        }
        try (Connection c = psql(coord102)) {
            assertEquals(List.of("0"), column(c, "SELECT count(*) FROM data_query"), "site 102 does not see site 101's query");
        }
    }

    @Test
    void aCoordinatorWithPsqlReadsAndWritesOnlyTheirOwnSite() throws Exception {
        long otherSitesAes = StoreTestSupport.count(db, "SELECT count(*) FROM adverse_event a JOIN subject s ON s.id = a.subject_ref"
                + " WHERE s.site <> '102'");
        assertTrue(otherSitesAes > 0);
        try (Connection c = psql(coord102)) {
            assertEquals(List.of("102"), column(c, "SELECT DISTINCT site FROM subject"));
            assertEquals(column(c, "SELECT count(*) FROM adverse_event a JOIN subject s ON s.id = a.subject_ref").get(0),
                    String.valueOf(StoreTestSupport.count(db, "SELECT count(*) FROM adverse_event a JOIN subject s ON s.id = a.subject_ref"
                            + " WHERE s.site = '102'")));
            List<String> before = StoreTestSupport.dump(db);
            try (Statement st = c.createStatement()) {
                assertEquals(0, st.executeUpdate("UPDATE adverse_event SET grade = 5 WHERE subject_ref IN"
                        + " (SELECT id FROM subject WHERE site = '101')"), "another site's AEs are not even there to update");
                assertEquals(0, st.executeUpdate("UPDATE subject SET status = 'DISCONTINUED' WHERE site <> '102'"));
            }
            assertEquals(before, StoreTestSupport.dump(db), "nothing changed");
            long otherSubject = StoreTestSupport.count(db, "SELECT min(id) FROM subject WHERE site = '101'");
            SQLException wrongSite = refused(c, "INSERT INTO visit (subject_ref, visit_code, visit_date) VALUES (" + otherSubject
                    + ", 'UNS', '2021-09-01')");
            assertEquals("42501", wrongSite.getSQLState(), wrongSite.getMessage()); // row-level security
            assertEquals("42501", refused(c, "SELECT * FROM randomization").getSQLState());
            assertEquals("42501", refused(c, "UPDATE audit_trail SET user_name = 'mallory'").getSQLState());
            assertEquals("42501", refused(c, "DELETE FROM audit_trail").getSQLState());
            assertEquals("42501", refused(c, "UPDATE account SET role = 'ADMINISTRATOR'").getSQLState(), "only administrators change accounts");
            assertEquals("42501", refused(c, "UPDATE account SET sites = '101,102'").getSQLState());
            assertEquals("42501", refused(c, "INSERT INTO audit_trail (at_utc, user_name, action, entity, record_id, field)"
                    + " VALUES ('2022-01-01T00:00:00Z', 'someone-else', 'INSERT', 'x', 1, 'f')").getSQLState(), "no audit row in another's name");
            assertEquals(List.of(coord102), column(c, "SELECT user_name FROM account"), "only their own account");
            assertTrue(column(c, "SELECT DISTINCT entity FROM audit_trail").stream().noneMatch("randomization"::equals));
        }
    }

    @Test
    void onlyTheUnblindedStatisticianReadsTheRandomization() throws Exception {
        try (Connection c = psql(reviewer)) {
            SQLException e = refused(c, "SELECT arm_code FROM randomization");
            assertEquals("42501", e.getSQLState());
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
            assertEquals(List.of("12"), column(c, "SELECT count(*) FROM subject"), "a reviewer reads every site");
            assertFalse(column(c, "SELECT subjects FROM randomization_status").get(0).equals("0"), "but may know that it is loaded");
        }
        try (Connection c = psql(inv101)) {
            assertEquals("42501", refused(c, "SELECT * FROM randomization").getSQLState());
        }
        try (Connection c = psql(admin)) {
            assertEquals("42501", refused(c, "SELECT * FROM randomization").getSQLState());
        }
        try (Connection c = psql(statistician)) {
            assertFalse(column(c, "SELECT arm_code FROM randomization").isEmpty());
        }
    }

    @Test
    void theApplicationSignedInAsEachPersonShowsWhatTheServerAllows() {
        try (AeCapture inv = signedIn(inv101)) {
            List<Subject> subjects = inv.subjects().all();
            assertFalse(subjects.isEmpty());
            assertTrue(subjects.stream().allMatch(s -> s.site().equals("101")));
            assertTrue(inv.review().rows().stream().allMatch(r -> r.site().equals("101")));
        }
        try (AeCapture rev = signedIn(reviewer)) {
            assertEquals(12, rev.subjects().all().size());
            assertTrue(rev.summaryExport("test").isRandomizationLoaded());
            assertTrue(rev.summaryExport("test").compute(false, null).groups().stream().allMatch(g -> g.isTotal()), "pooled");
        }
        try (AeCapture stat = signedIn(statistician)) {
            assertTrue(stat.summaryExport("test").compute(false, null).groups().stream().anyMatch(g -> !g.isTotal()), "by arm");
        }
    }

    @Test
    void theAccountsScreensChangesAreTheServersRoleChanges() throws Exception {
        try (AeCapture asAdmin = signedIn(admin)) {
            asAdmin.accounts().disable(admin, coord102, "left the trial");
            SQLException e = assertThrows(SQLException.class, () -> psql(coord102).close());
            assertEquals("28000", e.getSQLState(), e.getMessage()); // not permitted to log in
            asAdmin.accounts().unlock(admin, coord102, "back on the trial");
            psql(coord102).close();

            asAdmin.accounts().resetPassword(admin, inv101, "a brand new password".toCharArray(), "forgotten");
            assertEquals("28P01", assertThrows(SQLException.class, () -> psql(inv101).close()).getSQLState(), "the old password is gone");
            TestStore.connectAs(db, inv101, "a brand new password").close();

            try (AeCapture inv = signedIn(statistician)) {
                // one's own password, changed through one's own connection: the server's password and the account's
                inv.accounts().changePassword(statistician, pw(statistician), "my own new password".toCharArray());
            }
            TestStore.connectAs(db, statistician, "my own new password").close();
            assertEquals("28P01", assertThrows(SQLException.class, () -> psql(statistician).close()).getSQLState());

            asAdmin.accounts().changeRole(admin, reviewer, Role.COORDINATOR, Set.of("103"), "now a site coordinator");
            try (Connection c = psql(reviewer)) {
                assertEquals(List.of("103"), column(c, "SELECT DISTINCT site FROM subject"));
            }
        }
    }
}
