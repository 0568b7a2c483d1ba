package org.aecapture.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.aecapture.domain.DataQuery;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's rules that a study file can hold itself, whatever program writes to it (here raw JDBC, as sqlite3 would):
 * the lock refuses every clinical change, query step and verification; a query step follows from the one before it and
 * leaves the state its action gives.
 */
class FileRulesTest {

    @TempDir
    Path dir;

    private static SQLException refused(Connection c, String sql) {
        return assertThrows(SQLException.class, () -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }, sql);
    }

    private static String step(long query, String action, String stateAfter) {
        return "INSERT INTO data_query_step (uid, query_ref, action, by_user, at_utc, text, state_after, corrected_version, version)"
                + " VALUES ('raw-" + action + "-" + System.nanoTime() + "', " + query + ", '" + action + "', 'mona', '2022-06-01T10:00:00Z',"
                + " 'raw', '" + stateAfter + "', 0, 1)";
    }

    @Test
    void aFileRefusesStepsOutOfTurnAndEveryClinicalWriteWhileLocked() throws Exception {
        Path file = dir.resolve("site.db");
        long query;
        long ae;
        try (AeCapture app = AeCapture.openOrInit(file, () -> "os", StoreTestSupport.CLOCK)) {
            app.loadDemo(12, 3, 7);
            app.accounts().createFirstAdministrator("admin", "Ada Admin", "admin secret password".toCharArray());
            app.signIn("admin", "admin secret password".toCharArray());
            app.accounts().create("admin", "mona", "Mona Monitor", Role.MONITOR, java.util.Set.of("101"), "mona secret password".toCharArray());
            app.signIn("mona", "mona secret password".toCharArray());
            ae = StoreTestSupport.count(file, "SELECT min(a.id) FROM adverse_event a JOIN subject s ON s.id = a.subject_ref WHERE s.site = '101'");
            query = app.queries().raise(DataQuery.Target.ADVERSE_EVENT, ae, "grade", "grade per the chart?").id();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            List<String> before = StoreTestSupport.dump(file);
            assertTrue(refused(c, step(query, "RAISE", "OPEN")).getMessage().contains("follows from the one before"), "raised twice");
            assertTrue(refused(c, step(query, "REOPEN", "OPEN")).getMessage().contains("follows from the one before"), "an open query re-opened");
            assertTrue(refused(c, step(query, "ANSWER", "CLOSED")).getMessage().contains("leaves the state its action gives"));
            assertEquals(before, StoreTestSupport.dump(file), "nothing changed");
            try (Statement st = c.createStatement()) {
                st.execute(step(query, "CLOSE", "CLOSED"));
            }
            assertTrue(refused(c, step(query, "ANSWER", "ANSWERED")).getMessage().contains("follows from the one before"), "a closed query answered");
        }
        try (AeCapture app = AeCapture.open(file, () -> "os", StoreTestSupport.CLOCK)) {
            app.signIn("admin", "admin secret password".toCharArray());
            app.databaseLock().lockAnyway("final analysis");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            List<String> before = StoreTestSupport.dump(file);
            for (String sql : List.of("UPDATE adverse_event SET grade = 5 WHERE id = " + ae,
                    "INSERT INTO visit (subject_ref, visit_code, visit_date, uid) SELECT min(id), 'UNS', '2021-09-01', 'raw-visit' FROM subject",
                    "UPDATE subject SET status = 'DISCONTINUED'",
                    step(query, "REOPEN", "OPEN"),
                    "INSERT INTO sdv_mark (uid, subject_ref, target, record_id, record_uid, verified_version, verified_by, verified_at, version)"
                            + " SELECT 'raw-mark', subject_ref, 'adverse_event', id, uid, version, 'mona', '2022-06-01T10:00:00Z', 1"
                            + " FROM adverse_event WHERE id = " + ae)) {
                assertTrue(refused(c, sql).getMessage().contains("The database is locked"), sql);
            }
            assertEquals(before, StoreTestSupport.dump(file), "nothing changed");
        }
        try (AeCapture app = AeCapture.open(file, () -> "os", StoreTestSupport.CLOCK)) {
            app.signIn("mona", "mona secret password".toCharArray());
            var e = assertThrows(RuntimeException.class, () -> app.queries().verify(DataQuery.Target.ADVERSE_EVENT, ae));
            assertTrue(e.getMessage().contains("The database is locked"), e.getMessage());
        }
    }
}
