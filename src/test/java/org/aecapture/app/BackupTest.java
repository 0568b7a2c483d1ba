package org.aecapture.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.service.AeCapture;
import org.aecapture.service.DemoTrial;
import org.aecapture.store.Backups;
import org.aecapture.store.Database;
import org.aecapture.store.StoreException;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.study.StudyDefinitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups that can be trusted: taken during a running import, each restores to a consistent database. */
class BackupTest {

    @TempDir
    Path dir;

    @Test
    void everyBackupTakenDuringARunningImportRestoresToAConsistentDatabase() throws Exception {
        Path db = dir.resolve("trial.db");
        DemoTrial.Data data = new DemoTrial(CtcaeCatalog.bundled(), StudyDefinitions.bundled()).generate(200, 50, 5, java.time.LocalDate.now());
        List<AdverseEvent> aes = data.adverseEvents().subList(0, Math.min(8_000, data.adverseEvents().size()));
        Path subjectsCsv = dir.resolve("subjects.csv");
        Path aesCsv = dir.resolve("aes.csv");
        org.aecapture.bench.Benchmark.writeSubjects(subjectsCsv, data.subjects());
        org.aecapture.bench.Benchmark.writeAes(aesCsv, aes);
        try (AeCapture app = AeCapture.openOrInit(db, () -> "importer", Clock.systemDefaultZone())) {
            app.imports().importSubjects(subjectsCsv);
        }
        long subjects = StoreTestSupport.count(db, "SELECT count(*) FROM subject");

        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread importer = new Thread(() -> {
            try (AeCapture app = AeCapture.open(db, () -> "importer", Clock.systemDefaultZone())) {
                app.imports().importAdverseEvents(aesCsv);
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "import");
        List<Path> duringImport = new ArrayList<>();
        importer.start();
        int n = 0;
        while (importer.isAlive()) {
            Path out = Backups.backup(db, dir.resolve("backups/during-" + n++ + ".db"));
            if (importer.isAlive()) {
                duringImport.add(out); // begun and ended while the import ran
            }
            Thread.sleep(100);
        }
        importer.join();
        assertEquals(null, failed.get());
        assertFalse(duringImport.isEmpty(), "at least one backup was taken while the import ran");
        Path after = Backups.backup(db, dir.resolve("backups/after.db"));

        for (Path backup : duringImport) {
            Path restored = dir.resolve("restored-" + backup.getFileName());
            Backups.restore(backup, restored, Clock.systemDefaultZone());
            assertTrue(Database.checkIntegrity(restored).ok());
            assertEquals(subjects, StoreTestSupport.count(restored, "SELECT count(*) FROM subject"));
            long count = StoreTestSupport.count(restored, "SELECT count(*) FROM adverse_event");
            assertTrue(count == 0 || count == aes.size(), "the import is all or nothing in the backup too: " + count);
            assertEquals(count, StoreTestSupport.count(restored, "SELECT count(DISTINCT record_id) FROM audit_trail"
                    + " WHERE entity = 'adverse_event' AND action = 'INSERT'"), "every AE with its audit rows, and no audit row without");
            try (AeCapture app = AeCapture.open(restored, () -> "checker", StoreTestSupport.CLOCK)) {
                assertEquals(count, app.adverseEvents().all(false).size(), "the restored database opens and reads");
            }
        }
        assertEquals(aes.size(), StoreTestSupport.count(after, "SELECT count(*) FROM adverse_event"));
    }

    @Test
    void aRestoreChecksTheBackupKeepsTheReplacedFileAsideAndRefusesADamagedOneOrAnotherFile() throws Exception {
        Path db = dir.resolve("study.db");
        try (AeCapture app = AeCapture.openOrInit(db, () -> "t", StoreTestSupport.CLOCK)) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
        }
        Path backup = Backups.backup(db, dir.resolve("copy.db"));
        try (AeCapture app = AeCapture.open(db, () -> "t", StoreTestSupport.CLOCK)) {
            app.subjects().enrol(StoreTestSupport.subject("101-002"));
        }
        Clock at = Clock.fixed(Instant.parse("2026-11-26T10:15:30Z"), ZoneOffset.UTC);
        Path aside = Backups.restore(backup, db, at).orElseThrow();
        assertEquals(1, StoreTestSupport.count(db, "SELECT count(*) FROM subject"), "back to the backup");
        assertEquals(2, StoreTestSupport.count(aside, "SELECT count(*) FROM subject"), "the replaced database is kept");
        assertTrue(aside.getFileName().toString().startsWith("study.db.replaced-"), aside.toString());

        byte[] damaged = Files.readAllBytes(backup);
        for (int i = 4096 + 100; i < Math.min(damaged.length, 4096 * 4); i++) {
            damaged[i] = (byte) 0x5A;
        }
        Path bad = dir.resolve("bad.db");
        Files.write(bad, damaged);
        byte[] before = Files.readAllBytes(db);
        StoreException e = assertThrows(StoreException.class, () -> Backups.restore(bad, db, at));
        assertTrue(e.getMessage().contains("failed its integrity check") && e.getMessage().contains("Nothing was restored"), e.getMessage());
        Path notes = dir.resolve("notes.db");
        Files.writeString(notes, "not a database");
        assertThrows(StoreException.class, () -> Backups.restore(notes, db, at));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(db)), "the database is as it was");

        try (AeCapture app = AeCapture.open(db, () -> "t", StoreTestSupport.CLOCK)) {
            StoreException inUse = assertThrows(StoreException.class, () -> {
                app.database().inTransaction(tx -> {
                    Backups.restore(backup, db, at); // while this very connection holds the write lock
                    return null;
                });
            });
            assertTrue(inUse.getMessage().contains("in use"), inUse.getMessage());
        }
    }

    @Test
    void theDailyBackupIsTakenAtMostOnceADayAndTheLastSevenAreKept() throws Exception {
        Path db = dir.resolve("daily.db");
        try (AeCapture app = AeCapture.openOrInit(db, () -> "t", StoreTestSupport.CLOCK)) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
        }
        Instant day = Instant.parse("2026-11-01T18:00:00Z");
        for (int d = 0; d < 10; d++) {
            Clock clock = Clock.fixed(day.plus(java.time.Duration.ofDays(d)), ZoneOffset.UTC);
            Path written = Backups.daily(db, clock).orElseThrow(() -> new AssertionError("a new day makes a backup"));
            Files.setLastModifiedTime(written, FileTime.from(clock.instant())); // as if written on that day
            assertTrue(Backups.daily(db, Clock.fixed(clock.instant().plusSeconds(3600), ZoneOffset.UTC)).isEmpty(), "once a day");
        }
        List<Path> kept = Backups.list(db);
        assertEquals(Backups.KEPT, kept.size());
        assertEquals("daily-20261110-180000.db", Backups.latest(db).orElseThrow().getFileName().toString());
        assertFalse(kept.stream().anyMatch(p -> p.getFileName().toString().matches("daily-2026110[123]-.*")), "the oldest three went: " + kept);
        if (Files.getFileStore(db).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(kept.get(0))));
        }
    }
}
