package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Optional;
import org.aecapture.domain.Role;
import org.aecapture.store.StoreTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a window's close leaves behind: the session's end in the security events and, for a file, the day's backup. */
class ClosingTest {

    @TempDir
    Path dir;

    @Test
    void closingSignsOutAndBacksUpAFileOnceADay() throws Exception {
        Path db = dir.resolve("site.db");
        try (AeCapture setup = AeCapture.openOrInit(db, () -> "setup", StoreTestSupport.CLOCK)) {
            setup.subjects().enrol(StoreTestSupport.subject("101-001"));
        }
        AeCapture app = TestAccounts.signInAs(AeCapture.open(db, () -> "coord", StoreTestSupport.CLOCK), "coord", Role.COORDINATOR, "101");
        app.adverseEvents().record(StoreTestSupport.headache("101-001"));
        Optional<Path> backup = app.closeWithDailyBackup("window closed");

        assertTrue(backup.isPresent() && Files.isRegularFile(backup.get()), "the day's backup, beside the file");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup.get());
             ResultSet rs = c.createStatement().executeQuery("SELECT verbatim_term FROM adverse_event")) {
            assertTrue(rs.next());
            assertEquals("headache", rs.getString(1), "the backup holds what was saved before closing");
        }
        try (AeCapture again = AeCapture.open(db, () -> "checker", StoreTestSupport.CLOCK)) {
            String events = TestAccounts.signInAs(again, TestAccounts.ADMINISTRATOR, Role.ADMINISTRATOR).accounts().securityEvents("coord").toString();
            assertTrue(events.contains("window closed"), events);
        }
        AeCapture second = AeCapture.open(db, () -> "coord", StoreTestSupport.CLOCK);
        assertEquals(Optional.empty(), second.closeWithDailyBackup("window closed"), "at most one a day");
    }
}
