package org.aecapture.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.aecapture.domain.DataQuery;
import org.aecapture.domain.Role;
import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.service.AccessRefused;
import org.aecapture.service.AeCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the application promises, the server enforces for every login: each test attacks the embedded PostgreSQL as one
 * of the study's people with their own login and raw JDBC (what psql would send), and checks that the attack is refused
 * and that neither the data nor the audit trail changed. The query workflow, the lock, the server's clock, who an audit
 * row names, and who may make a login.
 */
class ServerRulesTest {

    private static final AtomicInteger RUN = new AtomicInteger();

    @TempDir
    Path dir;
    private DatabaseLocation db;
    private AeCapture owner;
    private String admin;
    private String inv101;
    private String coord102;
    private String mon101;
    private String reviewer;
    private String statistician;
    /** An open query of the monitor's on an AE of site 101, raised through the application. */
    private long query;
    private long ae101;
    /** The unblinded statistician's recovery code, printed once when the database was provisioned. */
    private String recoveryCode;

    private static char[] pw(String user) {
        return (user + " secret password").toCharArray();
    }

    @BeforeEach
    void provision() throws SQLException {
        String run = "r" + RUN.incrementAndGet() + "_" + ProcessHandle.current().pid();
        admin = run + "_admin";
        inv101 = run + "_inv";
        coord102 = run + "_coord";
        mon101 = run + "_mon";
        reviewer = run + "_rev";
        statistician = run + "_stat";
        db = TestStore.POSTGRESQL.newDatabase(dir, "rules");
        owner = TestStore.POSTGRESQL.openOrInit(db, () -> "owner");
        owner.loadDemo(12, 3, 7);
        recoveryCode = owner.provisionServer().statisticianRecoveryCode().orElseThrow();
        owner.accounts().createFirstAdministrator(admin, "Ada Admin", pw(admin));
        try (AeCapture asAdmin = signedIn(admin)) {
            asAdmin.accounts().create(admin, inv101, "Ian Investigator", Role.INVESTIGATOR, Set.of("101"), pw(inv101));
            asAdmin.accounts().create(admin, coord102, "Cora Coordinator", Role.COORDINATOR, Set.of("102"), pw(coord102));
            asAdmin.accounts().create(admin, mon101, "Mona Monitor", Role.MONITOR, Set.of("101"), pw(mon101));
            asAdmin.accounts().create(admin, reviewer, "Rita Reviewer", Role.SAFETY_REVIEWER, Set.of(), pw(reviewer));
            asAdmin.accounts().createAccount(admin, statistician, "Stan Statistician", Role.UNBLINDED_STATISTICIAN, Set.of(), pw(statistician),
                    recoveryCode);
        }
        ae101 = StoreTestSupport.count(db, "SELECT min(a.id) FROM adverse_event a JOIN subject s ON s.id = a.subject_ref"
                + " WHERE s.site = '101' AND a.deleted = 0");
        try (AeCapture asMonitor = signedIn(mon101)) {
            query = asMonitor.queries().raise(DataQuery.Target.ADVERSE_EVENT, ae101, "grade", "grade per the chart?").id();
        }
    }

    @AfterEach
    void close() {
        owner.close();
    }

    private AeCapture signedIn(String user) {
        return signedIn(user, StoreTestSupport.CLOCK);
    }

    private AeCapture signedIn(String user, Clock laptop) {
        AeCapture app = AeCapture.open(db, new Credentials(user, pw(user)), () -> user, laptop);
        app.signIn(user, pw(user));
        return app;
    }

    private Connection psql(String user) throws SQLException {
        return TestStore.connectAs(db, user, new String(pw(user)));
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        return StoreTestSupport.column(c, sql);
    }

    /** Runs an attack and asserts that the server refused it; the refusal's message is returned for a look at what it says. */
    private static SQLException refused(Connection c, String... statements) {
        return assertThrows(SQLException.class, () -> {
            try (Statement st = c.createStatement()) {
                for (String sql : statements) {
                    st.execute(sql);
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        }, String.join("; ", statements));
    }

    /**
     * The database as a list of its rows, without the security events (a sign-in is one) and with the lines that differ
     * from {@code before} named, for a short message when they do.
     */
    private List<String> rows() throws SQLException {
        return StoreTestSupport.dump(db).stream().filter(l -> !l.startsWith("security_event:")).toList();
    }

    private void assertUnchanged(List<String> before, String what) throws SQLException {
        List<String> after = rows();
        List<String> gone = before.stream().filter(l -> !after.contains(l)).map(l -> l.substring(0, Math.min(200, l.length()))).toList();
        List<String> added = after.stream().filter(l -> !before.contains(l)).map(l -> l.substring(0, Math.min(200, l.length()))).toList();
        assertEquals(List.of(), gone, what + ": rows changed or gone");
        assertEquals(List.of(), added, what + ": rows added");
    }

    private String step(String action, String by, String stateAfter) {
        return "INSERT INTO data_query_step (uid, query_ref, action, by_user, at_utc, text, state_after, corrected_version, version)"
                + " VALUES ('forged-" + action + "-" + System.nanoTime() + "', " + query + ", '" + action + "', '" + by
                + "', '2022-01-01T00:00:00Z', 'forged', '" + stateAfter + "', 0, 1)";
    }

    @Test
    void siteStaffCannotCloseTheMonitorsQueryNorForgeAStepInTheMonitorsName() throws Exception {
        List<String> before = rows();
        try (Connection c = psql(inv101)) {
            // the attack: the state written directly
            SQLException direct = refused(c, "UPDATE data_query SET state = 'CLOSED' WHERE id = " + query);
            assertTrue(direct.getMessage().contains("follows from its steps"), direct.getMessage());
            // a close in the monitor's name, with the state to match
            SQLException forged = refused(c, step("CLOSE", mon101, "CLOSED"), "UPDATE data_query SET state = 'CLOSED' WHERE id = " + query);
            assertTrue(forged.getMessage().contains("connected, not " + mon101), forged.getMessage());
            // a close in one's own name: the site does not close
            assertTrue(refused(c, step("CLOSE", inv101, "CLOSED")).getMessage().contains("the one who raised"));
            // an edit check's step on a monitor's query
            assertTrue(refused(c, step("RESOLVED_BY_DATA", "system", "CLOSED")).getMessage().contains("edit checks only"));
            // an answer that claims to close
            assertTrue(refused(c, step("ANSWER", inv101, "CLOSED")).getMessage().contains("leaves query"));
            // an answer whose state is never written: the query would disagree with its steps
            assertTrue(refused(c, step("ANSWER", inv101, "ANSWERED")).getMessage().contains("follows from its steps"));
            // the text of the monitor's question rewritten
            c.setAutoCommit(true);
            assertEquals("42501", refused(c, "UPDATE data_query SET text = 'never mind' WHERE id = " + query).getSQLState());
        }
        assertUnchanged(before, "nothing changed, audit trail included");
        try (Connection c = psql(mon101)) {
            c.setAutoCommit(false);
            assertTrue(refused(c, step("ANSWER", mon101, "ANSWERED"), "UPDATE data_query SET state = 'ANSWERED' WHERE id = " + query)
                    .getMessage().contains("the site answers"));
        }
        try (AeCapture inv = signedIn(inv101)) {
            inv.queries().answer(query, "grade 2 per the chart");
        }
        try (AeCapture rev = signedIn(reviewer); Connection c = psql(reviewer)) {
            // a reviewer did not raise this query: neither the application nor psql lets them close it
            assertThrows(AccessRefused.class, () -> rev.queries().close(query, "fine"));
            c.setAutoCommit(false);
            assertTrue(refused(c, step("CLOSE", reviewer, "CLOSED"), "UPDATE data_query SET state = 'CLOSED' WHERE id = " + query)
                    .getMessage().contains("the one who raised"));
        }
        try (Connection c = psql(mon101)) {
            c.setAutoCommit(false);
            // the raiser's close, through psql as the application writes it, is accepted: the rules are the workflow's
            try (Statement st = c.createStatement()) {
                st.execute(step("CLOSE", mon101, "CLOSED"));
                st.execute("UPDATE data_query SET state = 'CLOSED', version = version + 1 WHERE id = " + query);
            }
            c.commit();
        }
        assertEquals(List.of("CLOSED"), column(TestStore.connect(db), "SELECT state FROM data_query WHERE id = " + query));
    }

    @Test
    void anAdministratorReachesNeitherTheArmsNorTheOwner() throws Exception {
        String group = ServerRoles.group(ServerRoles.database(TestStore.connect(db)), Role.UNBLINDED_STATISTICIAN);
        try (Connection c = psql(admin)) {
            assertEquals(List.of("f"), column(c, "SELECT rolcreaterole FROM pg_roles WHERE rolname = session_user"), "no CREATEROLE");
            assertEquals("42501", refused(c, "GRANT " + group + " TO " + admin).getSQLState(), "the statistician's group");
            assertEquals("42501", refused(c, "SELECT * FROM randomization").getSQLState());
            assertEquals("42501", refused(c, "ALTER ROLE " + TestStore.OWNER + " PASSWORD 'taken over'").getSQLState());
            assertEquals("42501", refused(c, "CREATE ROLE mallory LOGIN").getSQLState());
            // the owner's functions take only this study's own logins
            String verifier = org.postgresql.util.PasswordUtil.encodeScramSha256("taken over".toCharArray());
            for (String victim : List.of(TestStore.OWNER, group, "pg_read_all_data")) {
                assertEquals("42501", refused(c, "SELECT aecapture_set_login('" + victim + "', 'COORDINATOR', '" + verifier + "', NULL)")
                        .getSQLState(), victim);
            }
            assertEquals("42501", refused(c, "SELECT aecapture_set_login_role('" + admin + "x', 'UNBLINDED_STATISTICIAN', NULL)").getSQLState());
            // a plain password, which a statement log would keep, is not taken
            assertEquals("22023", refused(c, "SELECT aecapture_set_login('" + inv101 + "', 'INVESTIGATOR', 'plain text', NULL)").getSQLState());
        }
        try (AeCapture asAdmin = signedIn(admin)) {
            // the attack through the application: an account named as the owner
            assertThrows(RuntimeException.class, () -> asAdmin.accounts().create(admin, TestStore.OWNER, "Owen Owner", Role.COORDINATOR,
                    Set.of("101"), "a new owner password".toCharArray()));
        }
        TestStore.connect(db).close(); // the owner still signs in as before
        // the statistician's group is reached only with the recovery code: a new login, a reset, a promotion
        try (AeCapture asAdmin = signedIn(admin)) {
            String stat2 = admin.replace("_admin", "_stat2");
            RuntimeException e = assertThrows(RuntimeException.class, () -> asAdmin.accounts().create(admin, stat2, "Sam Second",
                    Role.UNBLINDED_STATISTICIAN, Set.of(), pw(stat2)));
            assertTrue(e.getMessage().contains("recovery code"), e.getMessage());
            assertThrows(RuntimeException.class, () -> asAdmin.accounts().createAccount(admin, stat2, "Sam Second",
                    Role.UNBLINDED_STATISTICIAN, Set.of(), pw(stat2), "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE"), "a wrong code");
            assertThrows(RuntimeException.class, () -> asAdmin.accounts().resetPassword(admin, statistician, "the admin's choice".toCharArray(),
                    "forgotten"), "a statistician's password reset");
            assertThrows(RuntimeException.class, () -> asAdmin.accounts().changeRole(admin, reviewer, Role.UNBLINDED_STATISTICIAN, Set.of(),
                    "promoted"), "a promotion");
            try (Connection c = psql(statistician)) {
                assertTrue(c.isValid(2), "the statistician's password is still their own");
            }
            asAdmin.accounts().createAccount(admin, stat2, "Sam Second", Role.UNBLINDED_STATISTICIAN, Set.of(), pw(stat2),
                    recoveryCode.toLowerCase(java.util.Locale.ROOT).replace("-", " "));
            try (Connection c = psql(stat2)) {
                assertFalse(column(c, "SELECT arm_code FROM randomization").isEmpty(), "with the code, as typed: a second statistician");
            }
            asAdmin.accounts().recoverArmKey(admin, statistician, recoveryCode, "a reset with the code".toCharArray(), "forgotten");
            TestStore.connectAs(db, statistician, "a reset with the code").close();
        }
        try (Connection c = psql(inv101)) {
            String verifier = org.postgresql.util.PasswordUtil.encodeScramSha256("x".toCharArray());
            assertEquals("42501", refused(c, "SELECT aecapture_set_login('" + inv101 + "', 'ADMINISTRATOR', '" + verifier + "', NULL)")
                    .getSQLState(), "not an administrator's function");
        }
    }

    @Test
    void anAuditRowNamesWhoWasConnectedOrCarriesItsAuthorAndCarrier() throws Exception {
        String subject101 = column(TestStore.connect(db), "SELECT min(subject_id) FROM subject WHERE site = '101'").get(0);
        String insert = "INSERT INTO audit_trail (at_utc, user_name, action, entity, record_id, subject_id, field, new_value, carried_by)"
                + " VALUES ('%s', '%s', 'UPDATE', 'adverse_event', " + ae101 + ", '" + subject101 + "', 'grade', '1', %s)";
        List<String> before = rows();
        try (Connection c = psql(inv101)) {
            assertEquals("42501", refused(c, String.format(insert, "2022-01-01T00:00:00Z", mon101, "NULL")).getSQLState(), "in mona's name");
            assertEquals("42501", refused(c, String.format(insert, "2022-01-01T00:00:00Z", mon101, "'" + inv101 + "'")).getSQLState(),
                    "carried, outside a sync");
            c.setAutoCommit(false);
            String sync = "SELECT set_config('aecapture.sync', 'on', true)";
            assertEquals("42501", refused(c, sync, String.format(insert, "2022-01-01T00:00:00Z", coord102, "'" + inv101 + "'")).getSQLState(),
                    "carried, by someone of another site");
            assertEquals("23514", refused(c, sync, String.format(insert, "2099-01-01T00:00:00Z", inv101, "'" + inv101 + "'")).getSQLState(),
                    "carried, from the future");
        }
        assertUnchanged(before, "nothing changed");
        Instant serverBefore = Instant.now().minusSeconds(5);
        try (Connection c = psql(inv101); Statement st = c.createStatement()) {
            st.execute(String.format(insert, "2001-01-01T00:00:00Z", inv101, "NULL"));
            try (ResultSet rs = st.executeQuery("SELECT at_utc, received_at FROM audit_trail WHERE user_name = '" + inv101 + "'"
                    + " AND field = 'grade' ORDER BY id DESC LIMIT 1")) {
                rs.next();
                Instant at = Instant.parse(rs.getString(1));
                assertFalse(at.isBefore(serverBefore), "an online row carries the server's time, not the one typed: " + at);
                assertEquals(rs.getString(1), rs.getString(2));
            }
        }
    }

    @Test
    void timesThatRulesReadAreTheServersWhateverTheLaptopsClockSays() throws Exception {
        Clock setBack = Clock.fixed(Instant.parse("2001-01-01T08:00:00Z"), ZoneOffset.UTC);
        Instant serverBefore = Instant.now().minusSeconds(5);
        try (AeCapture inv = signedIn(inv101, setBack)) {
            assertTrue(Duration.between(serverBefore, inv.clock().instant()).abs().toMinutes() < 10, "the session reads the server's time");
            inv.queries().answer(query, "grade 2 per the chart");
        }
        try (Connection c = TestStore.connect(db)) {
            Instant answered = Instant.parse(column(c, "SELECT at_utc FROM data_query_step WHERE query_ref = " + query
                    + " AND action = 'ANSWER'").get(0));
            assertFalse(answered.isBefore(serverBefore), "the answer's time is the server's: " + answered);
            Instant audited = Instant.parse(column(c, "SELECT max(at_utc) FROM audit_trail WHERE user_name = '" + inv101 + "'").get(0));
            assertFalse(audited.isBefore(serverBefore), "and its audit row's: " + audited);
        }
        try (Connection c = psql(mon101); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute(step("REOPEN", mon101, "OPEN").replace("2022-01-01T00:00:00Z", "2001-01-01T00:00:00Z"));
            st.execute("UPDATE data_query SET state = 'OPEN', version = version + 1 WHERE id = " + query);
            c.commit();
            Instant reopened = Instant.parse(column(c, "SELECT max(at_utc) FROM data_query_step WHERE query_ref = " + query).get(0));
            assertFalse(reopened.isBefore(serverBefore), "a time typed into psql is replaced by the server's: " + reopened);
        }
        // a delivery of an SAE report (the SUSAR clock's day 0) is the server's own to write
        try (Connection c = psql(inv101)) {
            assertEquals("42501", refused(c, "INSERT INTO sae_report_delivery (report_uid, delivered_at) VALUES ('x', '2001-01-01T00:00:00Z')")
                    .getSQLState());
        }
    }

    /** Once a study has AEs, every one was graded by its CTCAE version: no login, the owner's included, changes it. */
    @Test
    void theStudysCtcaeVersionStaysOnceItHasAes() throws Exception {
        List<String> before = rows();
        for (String user : List.of(admin, inv101, statistician)) {
            try (Connection c = psql(user)) {
                refused(c, "UPDATE study SET ctcae_version = '6.0'");
            }
        }
        SQLException owners = assertThrows(SQLException.class, () -> StoreTestSupport.execute(db, "UPDATE study SET ctcae_version = '6.0'"));
        assertTrue(owners.getMessage().contains("grades by CTCAE v5.0 and has adverse events graded by it"), owners.getMessage());
        assertUnchanged(before, "the version kept");
    }

    @Test
    void aLockedStudyTakesNoChangeFromAnyClient() throws Exception {
        try (AeCapture asAdmin = signedIn(admin)) {
            asAdmin.databaseLock().lockAnyway("database lock for the final analysis");
        }
        long subject101 = StoreTestSupport.count(db, "SELECT min(id) FROM subject WHERE site = '101'");
        List<String> before = rows();
        try (Connection c = psql(inv101)) {
            SQLException e = refused(c, "UPDATE adverse_event SET grade = 2 WHERE id = " + ae101);
            assertTrue(e.getMessage().contains("The database is locked"), e.getMessage());
            refused(c, "INSERT INTO visit (subject_ref, visit_code, visit_date) VALUES (" + subject101 + ", 'UNS', '2021-09-01')");
            refused(c, step("ANSWER", inv101, "ANSWERED"));
        }
        try (Connection c = psql(mon101)) {
            assertTrue(refused(c, "INSERT INTO sdv_mark (uid, subject_ref, target, record_id, record_uid, verified_version, verified_by,"
                    + " verified_at, version) SELECT 'forged', subject_ref, 'adverse_event', id, uid, version, '" + mon101 + "',"
                    + " '2022-01-01T00:00:00Z', 1 FROM adverse_event WHERE id = " + ae101).getMessage().contains("locked"));
        }
        try (AeCapture asMonitor = signedIn(mon101)) {
            assertThrows(RuntimeException.class, () -> asMonitor.queries().verify(DataQuery.Target.ADVERSE_EVENT, ae101));
            assertThrows(RuntimeException.class, () -> asMonitor.queries().cancel(query, "not needed"));
        }
        assertUnchanged(before, "nothing changed");
        try (AeCapture stat = signedIn(statistician)) {
            assertTrue(stat.summaryExport("test").isRandomizationLoaded(), "the statistician still reads after lock");
        }
        try (AeCapture asAdmin = signedIn(admin)) {
            asAdmin.databaseLock().unlock("a late query to answer");
        }
        try (Connection c = psql(inv101); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("UPDATE adverse_event SET version = version WHERE id = " + ae101), "unlocked: writes again");
        }
    }
}
