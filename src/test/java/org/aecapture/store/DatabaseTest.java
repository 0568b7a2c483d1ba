package org.aecapture.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.aecapture.service.AeCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path dir;

    private Database open(Path file) {
        return Database.openOrCreate(file, () -> "tester", StoreTestSupport.CLOCK);
    }

    @Test
    void opensWithTheClinicalPragmas() {
        try (Database db = open(dir.resolve("a.db"))) {
            db.inTransaction(tx -> {
                try (Statement st = tx.connection().createStatement()) {
                    assertEquals("wal", one(st, "PRAGMA journal_mode"));
                    assertEquals("1", one(st, "PRAGMA foreign_keys"));
                    assertEquals("2", one(st, "PRAGMA synchronous"), "FULL");
                    assertEquals(String.valueOf(Database.BUSY_TIMEOUT_MS), one(st, "PRAGMA busy_timeout"));
                }
                return null;
            });
        }
    }

    /**
     * A save's statements stay prepared for the next save on the connection; a transaction that failed closes the ones it
     * used; and a kept statement holds no lock: another connection writes and checkpoints the whole WAL meanwhile.
     */
    @Test
    void statementsAreKeptFromOneTransactionToTheNextWithoutHoldingALock() throws Exception {
        Path file = dir.resolve("kept.db");
        try (Database db = open(file)) {
            String sql = "SELECT count(*) FROM subject WHERE site = ?";
            java.sql.PreparedStatement first = db.read(tx -> tx.reused(sql));
            java.sql.PreparedStatement again = db.read(tx -> {
                java.sql.PreparedStatement ps = tx.reused(sql);
                ps.setString(1, "101");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(0, rs.getInt(1));
                }
                return ps;
            });
            assertTrue(first == again && !again.isClosed(), "prepared once for both transactions");

            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = other.createStatement()) {
                st.executeUpdate("INSERT INTO subject (subject_id, site, sex, birth_date, consent_date, status)"
                        + " VALUES ('101-001', '101', 'F', '1980', '2021-06-20', 'SCREENING')");
                try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), "no reader of this database kept a snapshot: the checkpoint was not blocked");
                    assertEquals(rs.getInt(2), rs.getInt(3), "every frame of the WAL checkpointed");
                }
            }
            assertEquals(1, (int) db.read(tx -> {
                java.sql.PreparedStatement ps = tx.reused(sql);
                ps.setString(1, "101");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }), "the kept statement reads the other connection's row");

            assertThrows(StoreException.class, () -> db.read(tx -> {
                tx.reused(sql);
                throw new SQLException("a failure in the middle of the work");
            }));
            assertTrue(again.isClosed(), "a failed transaction's statements are closed, not kept");
            assertFalse(db.read(tx -> tx.reused(sql)).isClosed(), "and prepared anew when next asked for");
        }
    }

    private static String one(Statement st, String sql) throws java.sql.SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void createsTheFolderAndMigratesOnce() throws Exception {
        Path file = dir.resolve("nested/folder/a.db");
        open(file).close();
        open(file).close();
        assertEquals(16, StoreTestSupport.count(file, "SELECT count(*) FROM flyway_schema_history WHERE success = 1"), "V1 to V16");
        assertEquals(16, StoreTestSupport.count(file, "SELECT count(DISTINCT version) FROM flyway_schema_history"), "each once");
    }

    /** An installed application's upgrade: a database made by the first release is migrated at open, its data kept. */
    @Test
    void aDatabaseOfAnEarlierVersionIsMigratedAtOpenKeepingItsData() throws Exception {
        Path file = dir.resolve("v1.db");
        org.flywaydb.core.Flyway.configure().dataSource("jdbc:sqlite:" + file, null, null)
                .locations("classpath:db/migration/sqlite").target("1").load().migrate();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO subject (subject_id, site, sex, birth_date, consent_date, status)"
                    + " VALUES ('101-001', '101', 'F', '1980', '2021-06-20', 'SCREENING')");
        }
        open(file).close();
        assertEquals(1, StoreTestSupport.count(file, "SELECT count(*) FROM subject WHERE subject_id = '101-001'"));
        assertEquals(0, StoreTestSupport.count(file, "SELECT count(*) FROM visit"), "the V2 tables exist");
        assertEquals(16, StoreTestSupport.count(file, "SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history"));
        assertEquals(1, StoreTestSupport.count(file, "SELECT count(*) FROM subject WHERE length(uid) = 36"
                + " AND uid GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-*-4*-*-*'"), "the existing subject has its identity");
    }

    /** V12 copies the account table to let it hold monitors: every account comes through, still never deletable. */
    @Test
    void aV11FilesAccountsComeThroughTheMigrationThatAddsTheMonitorRole() throws Exception {
        Path file = dir.resolve("v11.db");
        org.flywaydb.core.Flyway.configure().dataSource("jdbc:sqlite:" + file, null, null)
                .locations("classpath:db/migration/sqlite").target("11").load().migrate();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO account (id, user_name, full_name, role, sites, password_hash, failed_logins, locked, version)"
                    + " VALUES (7, 'Ines', 'Ines Investigator', 'INVESTIGATOR', '101', 'hash', 2, 0, 3)");
        }
        open(file).close();
        assertEquals(1, StoreTestSupport.count(file, "SELECT count(*) FROM account WHERE id = 7 AND user_name = 'Ines' AND sites = '101'"
                + " AND password_hash = 'hash' AND failed_logins = 2 AND version = 3"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO account (user_name, full_name, role, sites, password_hash) VALUES ('mona', 'M', 'MONITOR', '101', 'h')");
            SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate("DELETE FROM account WHERE id = 7"));
            assertTrue(e.getMessage().contains("never deleted"), e.getMessage());
            assertThrows(SQLException.class, () -> st.executeUpdate("INSERT INTO account (user_name, full_name, role, sites, password_hash)"
                    + " VALUES ('x', 'X', 'SUPERUSER', '', 'h')"), "the role is still checked");
        }
    }

    @Test
    void refusesAMissingFileWhenItMustExist() {
        StoreException e = assertThrows(StoreException.class,
                () -> Database.openExisting(dir.resolve("none.db"), () -> "t", StoreTestSupport.CLOCK));
        assertTrue(e.getMessage().contains("There is no database"), e.getMessage());
    }

    @Test
    void refusesAFileThatIsNotADatabaseAndLeavesItAlone() throws Exception {
        Path file = dir.resolve("notes.db");
        Files.writeString(file, "these are my notes, not a database", StandardCharsets.UTF_8);
        byte[] before = Files.readAllBytes(file);
        StoreException e = assertThrows(StoreException.class, () -> open(file));
        assertTrue(e.getMessage().contains("not an AE Capture database"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    /**
     * A damaged database: opening stays cheap (no full check), so the damage is found by the full check, which the
     * window runs in the background and {@code check} on demand; from then on the database takes no change.
     */
    @Test
    void theFullCheckFindsADamagedDatabaseWhichThenTakesNoChangeAndIsLeftAlone() throws Exception {
        Path file = dir.resolve("damaged.db");
        try (AeCapture app = AeCapture.openOrInit(file, () -> "t", StoreTestSupport.CLOCK)) {
            for (int i = 1; i <= 60; i++) {
                app.subjects().enrol(StoreTestSupport.subject(String.format("101-%03d", i)));
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        // scribble over the middle of the file, past the header page
        for (int i = 4096 + 100; i < Math.min(bytes.length, 4096 * 4); i++) {
            bytes[i] = (byte) 0x5A;
        }
        Files.write(file, bytes);
        org.aecapture.location.IntegrityReport report = Database.checkIntegrity(file);
        assertFalse(report.ok(), "the full check finds the damage");
        Database db;
        try {
            db = open(file);
        } catch (StoreException e) {
            assertTrue(e.getMessage().contains("malformed") || e.getMessage().contains("damaged") || e.getMessage().contains("Cannot"),
                    e.getMessage());
            assertArrayEquals(bytes, Files.readAllBytes(file), "the damaged file was not written to");
            return; // the damage lay where opening reads: refused at once
        }
        try (db) {
            assertFalse(db.checkIntegrity().ok());
            StoreException refused = assertThrows(StoreException.class, () -> db.inTransaction(tx -> {
                try (var st = tx.connection().createStatement()) {
                    st.executeUpdate("UPDATE study SET protocol = 'X'");
                }
                return null;
            }));
            assertTrue(refused.getMessage().contains("failed its integrity check") && refused.getMessage().contains("takes no changes"),
                    refused.getMessage());
            assertTrue(db.writesRefused().isPresent());
        }
        assertArrayEquals(bytes, Files.readAllBytes(file), "the damaged file was not written to");
    }

    /** Opening skips Flyway when the file is at the newest version: that version must be the newest migration's. */
    @Test
    void theSchemaVersionOpeningTrustsIsTheNewestMigration() throws Exception {
        int newest = 0;
        try (var files = Files.list(Path.of("src/main/resources/db/migration/sqlite"))) {
            for (Path f : files.toList()) {
                var m = java.util.regex.Pattern.compile("V(\\d+)__.*\\.sql").matcher(f.getFileName().toString());
                if (m.matches()) {
                    newest = Math.max(newest, Integer.parseInt(m.group(1)));
                }
            }
        }
        assertEquals(newest, Database.SQLITE_SCHEMA_VERSION);
    }

    /** After a failed check the connection is query-only: every change is refused with why, reads go on. */
    @Test
    void aDatabaseRefusingWritesSaysWhyAndStillReads() throws Exception {
        Path file = dir.resolve("refusing.db");
        try (AeCapture app = AeCapture.openOrInit(file, () -> "t", StoreTestSupport.CLOCK)) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            app.database().refuseWrites("The database failed its integrity check (test). It takes no changes.");
            StoreException e = assertThrows(StoreException.class, () -> app.subjects().enrol(StoreTestSupport.subject("101-002")));
            assertEquals("The database failed its integrity check (test). It takes no changes.", e.getMessage());
            assertEquals(1, app.subjects().all().size(), "reads go on");
        }
        assertEquals(1, StoreTestSupport.count(file, "SELECT count(*) FROM subject"));
    }
}
