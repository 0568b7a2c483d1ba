package org.aecapture.store;

import org.aecapture.location.DatabaseLocation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.aecapture.domain.Subject;
import org.aecapture.service.AeCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server connection that was dropped (a restart, a network cut) is opened anew before the next transaction, not used broken. */
class LostConnectionTest {

    @TempDir
    Path dir;

    /** Ends every other connection to the database, as a server restart or an administrator would. */
    private static int dropConnections(DatabaseLocation db) throws Exception {
        try (Connection c = TestStore.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aDroppedConnectionIsOpenedAgainAndNothingIsLost() throws Exception {
        DatabaseLocation db = TestStore.POSTGRESQL.newDatabase(dir, "lost");
        try (AeCapture app = TestStore.POSTGRESQL.openOrInit(db, () -> "owner")) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            long before = Database.reconnects();
            assertTrue(dropConnections(db) >= 1, "the application's connection was there to drop");
            app.subjects().enrol(StoreTestSupport.subject("101-002")); // a write right after the drop
            assertEquals(before + 1, Database.reconnects(), "connected again once");
            assertTrue(dropConnections(db) >= 1);
            assertEquals(java.util.List.of("101-001", "101-002"), app.subjects().all().stream().map(Subject::subjectNumber).toList(),
                    "a read after a second drop, with every write there once");
            assertEquals(before + 2, Database.reconnects());
        }
        assertEquals(2, StoreTestSupport.count(db, "SELECT count(*) FROM subject"));
        assertEquals(2, StoreTestSupport.count(db, "SELECT count(*) FROM audit_trail WHERE entity = 'subject'"), "audited once each");
    }
}
