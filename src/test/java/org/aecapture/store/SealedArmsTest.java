package org.aecapture.store;

import org.aecapture.location.DatabaseLocation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.aecapture.domain.Role;
import org.aecapture.report.SummaryModel;
import org.aecapture.service.AccountService;
import org.aecapture.service.AeCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blinding that survives access to the file: the arms are sealed, and only the statistician's password (or the recovery code) opens them. */
class SealedArmsTest {

    @TempDir
    Path dir;

    private static boolean byArm(SummaryModel m) {
        return m.groups().stream().anyMatch(g -> !g.isTotal());
    }

    @Test
    void readingTheFileShowsNoArmAndOnlyTheStatisticianOpensThem() throws Exception {
        Path file = dir.resolve("study/trial.db");
        String recovery;
        try (AeCapture app = AeCapture.openOrInit(file, () -> "os", StoreTestSupport.CLOCK)) {
            app.accounts().createFirstAdministrator("admin", "Ada Admin", "admin password".toCharArray());
            app.signIn("admin", "admin password".toCharArray());
            app.loadDemo(20, 1, 5);
            AccountService.Created stat = app.accounts().createAccount("admin", "stat", "Stan", Role.UNBLINDED_STATISTICIAN, Set.of(),
                    "statistician password".toCharArray());
            recovery = stat.armKeyRecoveryCode().orElseThrow();
            assertTrue(app.accounts().createAccount("admin", "stat2", "Sue", Role.UNBLINDED_STATISTICIAN, Set.of(),
                    "second statistician pw".toCharArray()).armKeyRecoveryCode().isEmpty(), "the code is shown once");
            app.accounts().create("admin", "rev", "Rita", Role.SAFETY_REVIEWER, Set.of(), "reviewer password".toCharArray());
        }
        // what sqlite3 or a copy of the file shows: no arm anywhere, in any table, nor any leftover provisional key
        // (the study definition names its arms, as the public record does: that is the design, not anyone's arm)
        List<String> rows = StoreTestSupport.dump(file).stream()
                .filter(r -> !r.startsWith("study:") && !r.contains("|INSERT|study|1|null|*|")).toList(); // the study's insert, with its YAML
        assertTrue(rows.stream().filter(r -> r.startsWith("randomization:")).count() > 0);
        assertEquals(List.of(), rows.stream().filter(r -> r.contains("ALPN-101") || r.contains("PLACEBO")).toList(), "no arm in the file's tables");
        assertTrue(rows.stream().noneMatch(r -> r.startsWith("arm_key_holder:provisional")), "the provisional key is gone");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())), "a new folder is private");
        for (String companion : List.of("trial.db-wal", "trial.db-shm")) {
            Path p = file.resolveSibling(companion);
            if (Files.exists(p)) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), companion);
            }
        }

        try (AeCapture app = AeCapture.open(file, () -> "os", StoreTestSupport.CLOCK)) {
            app.signIn("stat", "statistician password".toCharArray());
            assertTrue(byArm(app.summaryExport("t").compute(false, null)), "the statistician's password opens the arms");
            // what holds the arms is readable by the statistician alone, from the moment it exists
            Path byArm = dir.resolve("out/by-arm.xlsx");
            assertTrue(byArm(app.summaryExport("t").export(byArm, false, null)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(byArm)), "the by-arm workbook");
            var sdtm = app.sdtmExport("t").export(dir.resolve("out/sdtm"), false, null);
            assertFalse(sdtm.blinded());
            for (Path f : sdtm.files()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
            app.accounts().changePassword("stat", "statistician password".toCharArray(), "a new statistician pw".toCharArray());
        }
        try (AeCapture app = AeCapture.open(file, () -> "os", StoreTestSupport.CLOCK)) {
            app.signIn("stat", "a new statistician pw".toCharArray());
            assertTrue(byArm(app.summaryExport("t").compute(false, null)), "the key went with the password change");
            app.signIn("rev", "reviewer password".toCharArray());
            assertFalse(byArm(app.summaryExport("t").compute(false, null)), "a reviewer's output is pooled");
            app.signIn("stat2", "second statistician pw".toCharArray());
            StoreException sealed = assertThrows(StoreException.class, () -> app.summaryExport("t").compute(false, null));
            assertTrue(sealed.getMessage().contains("sealed"), sealed.getMessage());
        }
        try (AeCapture app = AeCapture.open(file, () -> "os", StoreTestSupport.CLOCK)) {
            // the documented recovery: the second statistician (or one who lost the password) gets the key with the code
            app.signIn("admin", "admin password".toCharArray());
            List<String> before = StoreTestSupport.dump(file);
            var wrongCode = assertThrows(org.aecapture.domain.ValidationException.class, () -> app.accounts().recoverArmKey("admin", "stat2",
                    "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", "temporary password 1".toCharArray(), "needs the arms"));
            assertEquals("recovery_code", wrongCode.violations().get(0).field());
            assertEquals(before, StoreTestSupport.dump(file), "a wrong code changes nothing, not even the password");
            app.accounts().recoverArmKey("admin", "stat2", recovery.toLowerCase(java.util.Locale.ROOT), "temporary password 1".toCharArray(),
                    "second statistician needs the arms");
            app.signIn("stat2", "temporary password 1".toCharArray());
            assertTrue(byArm(app.summaryExport("t").compute(false, null)), "the recovered key opens the arms");
        }
        try (AeCapture app = AeCapture.open(file, () -> "os", StoreTestSupport.CLOCK)) {
            var key = app.database().inTransaction(tx -> ArmKeys.openWithRecoveryCode(tx, recovery.toLowerCase(java.util.Locale.ROOT)));
            assertEquals("RSA", key.getAlgorithm(), "the recovery code opens the key");
            assertThrows(IllegalArgumentException.class, () -> app.database().inTransaction(tx -> ArmKeys.openWithRecoveryCode(tx,
                    "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA")));
        }
    }

    @Test
    void aFileWithArmsInTheClearFromAnEarlierReleaseIsSealedWhenOpened() throws Exception {
        Path file = dir.resolve("old.db");
        org.flywaydb.core.Flyway.configure().dataSource("jdbc:sqlite:" + file, null, null)
                .locations("classpath:db/migration/sqlite").target("5").load().migrate();
        StoreTestSupport.execute(new DatabaseLocation.SqliteFile(file), "INSERT INTO study (id, study_id, protocol, definition_yaml,"
                + " created_at, created_by) VALUES (1, 'x', 'y', '" + org.aecapture.study.StudyDefinitions.bundledYaml().replace("'", "''")
                + "', '2022-01-01T00:00:00Z', 'old')");
        StoreTestSupport.execute(new DatabaseLocation.SqliteFile(file), "INSERT INTO subject (id, subject_id, site, sex, birth_date,"
                + " consent_date, first_dose_date, status) VALUES (1, '101-001', '101', 'F', '1980', '2021-06-20', '2021-07-01', 'ON_TREATMENT')");
        StoreTestSupport.execute(new DatabaseLocation.SqliteFile(file), "INSERT INTO randomization (subject_ref, arm_code, loaded_at,"
                + " loaded_by) VALUES (1, 'PLACEBO', '2022-01-01T00:00:00Z', 'old')");
        try (AeCapture app = AeCapture.open(file, () -> "os", StoreTestSupport.CLOCK)) {
            assertTrue(app.summaryExport("t").isRandomizationLoaded());
        }
        List<String> rows = StoreTestSupport.dump(file).stream().filter(r -> r.startsWith("randomization:")).toList();
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).startsWith("randomization:1|sealed:v2:"), rows.toString());
    }

    // ---- nothing readable in the file tells the arms apart: lengths, batches, order, audit rows ----

    private static final String ONE_LENGTH = "SELECT count(DISTINCT length(arm_code)) FROM randomization";

    /** The file's arms, opened with the study's private key (as only the statistician can). */
    private static Map<String, String> arms(AeCapture app, PrivateKey key) {
        return app.database().read(tx -> RandomizationRepository.readStoredArms(tx).open(key));
    }

    @Test
    void theStudysRealArmsSealToOneLengthInOneBatchAndTheirRowsFollowTheSubjectsNotTheArms() throws Exception {
        Path file = dir.resolve("demo.db");
        try (AeCapture app = AeCapture.openOrInit(file, () -> "os", StoreTestSupport.CLOCK)) {
            app.loadDemo(130, 3, 7);
            PrivateKey key = app.database().read(tx -> ArmKeys.provisionalKey(tx)).orElseThrow();
            Map<String, String> arms = arms(app, key);
            assertEquals(Set.of("ALPN-101", "PLACEBO"), Set.copyOf(arms.values()), "both of the study's real arms are there");
        }
        assertEquals(1, StoreTestSupport.count(file, ONE_LENGTH), "every sealed arm has one length");
        assertEquals(1, StoreTestSupport.count(file, "SELECT count(DISTINCT batch_ref) FROM randomization"), "one batch for the list");
        assertEquals(0, ArmKeys.leakingArms(file));
        assertEquals(1, StoreTestSupport.count(file, "SELECT count(DISTINCT new_value) FROM audit_trail WHERE entity = 'randomization'"),
                "every randomization audit row says the same");
        assertEquals(subjectOrder(file).stream().sorted().toList(), auditOrder(file), "the audit rows in subject number order");
    }

    @Test
    void aListLoadedArmByArmIsStoredAndAuditedInSubjectOrder() throws Exception {
        Path file = dir.resolve("ordered.db");
        Map<String, String> byArm = new LinkedHashMap<>();
        try (AeCapture app = AeCapture.openOrInit(file, () -> "os", StoreTestSupport.CLOCK)) {
            for (int i = 1; i <= 12; i++) {
                app.subjects().enrol(StoreTestSupport.subject(String.format("101-%03d", i)));
            }
            // the list as a randomization system might write it: all of one arm, then the other
            for (int i = 1; i <= 12; i += 2) {
                byArm.put(String.format("101-%03d", i), "ALPN-101");
            }
            for (int i = 2; i <= 12; i += 2) {
                byArm.put(String.format("101-%03d", i), "PLACEBO");
            }
            app.database().inTransaction(tx -> {
                new RandomizationRepository(new SubjectRepository()).insertAll(tx, byArm, "list loaded");
                return null;
            });
            PrivateKey key = app.database().read(tx -> ArmKeys.provisionalKey(tx)).orElseThrow();
            assertEquals(new TreeMap<>(byArm), arms(app, key));
        }
        assertEquals(1, StoreTestSupport.count(file, ONE_LENGTH));
        assertEquals(subjectOrder(file), auditOrder(file), "not the list's order, which followed the arms");
        assertEquals(new java.util.ArrayList<>(new TreeMap<>(byArm).keySet()), subjectOrder(file));
    }

    private static List<String> subjectOrder(Path file) throws Exception {
        return column(file, "SELECT s.subject_id FROM randomization r JOIN subject s ON s.id = r.subject_ref ORDER BY r.rowid");
    }

    private static List<String> auditOrder(Path file) throws Exception {
        return column(file, "SELECT subject_id FROM audit_trail WHERE entity = 'randomization' ORDER BY id");
    }

    private static List<String> column(Path file, String sql) throws Exception {
        List<String> values = new java.util.ArrayList<>();
        try (var c = TestStore.connect(new DatabaseLocation.SqliteFile(file)); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Test
    void aFileSealedTheLeakingWayIsSaidToBeSoAndResealedAtTheStatisticiansSignIn() throws Exception {
        Path file = dir.resolve("leaking.db");
        Map<String, String> arms;
        PrivateKey key;
        try (AeCapture app = AeCapture.openOrInit(file, () -> "os", StoreTestSupport.CLOCK)) {
            app.accounts().createFirstAdministrator("admin", "Ada Admin", "admin password".toCharArray());
            app.signIn("admin", "admin password".toCharArray());
            app.loadDemo(40, 2, 3);
            key = app.database().read(tx -> ArmKeys.provisionalKey(tx)).orElseThrow();
            arms = arms(app, key);
            app.accounts().createAccount("admin", "stat", "Stan", Role.UNBLINDED_STATISTICIAN, Set.of(), "statistician password".toCharArray());
            LeakingArms.sealTheOldWay(app, key);
            assertEquals(2, StoreTestSupport.count(file, ONE_LENGTH), "the leak as an earlier release left it: two lengths");
            assertEquals(arms.size(), app.accounts().leakingArms(), "the administrator's screen says so");
        }
        assertTrue(arms.size() > 30, "the demo's randomized subjects: " + arms.size());
        assertEquals(arms.size(), ArmKeys.leakingArms(file), "and so does check");
        try (AeCapture app = AeCapture.open(file, () -> "os", StoreTestSupport.CLOCK)) {
            assertEquals(arms.size(), app.accounts().leakingArms(), "opening alone cannot re-seal: the key is the statistician's");
            app.signIn("stat", "statistician password".toCharArray());
            assertEquals(0, app.accounts().leakingArms());
            assertEquals(arms, arms(app, key), "the same arms, re-sealed");
            assertTrue(byArm(app.summaryExport("t").compute(false, null)));
        }
        assertEquals(1, StoreTestSupport.count(file, ONE_LENGTH));
        assertEquals(1, StoreTestSupport.count(file, "SELECT count(*) FROM arm_batch"), "the old batch is gone");
        var audit = StoreTestSupport.auditFields(file, " WHERE entity = 'arm_key' AND field = 'seal'");
        assertEquals(1, audit.size(), "the re-seal is audited once");
        assertEquals("stat", audit.get(0).user());
        assertTrue(StoreTestSupport.dump(file).stream().filter(r -> r.startsWith("audit_trail:") && !r.contains("|INSERT|study|1|null|*|"))
                .noneMatch(r -> r.contains("ALPN-101") || r.contains("PLACEBO")), "no arm in the audit trail");
        assertEquals(-1, new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("sealed:v1:"),
                "no leaking value left behind in the file's free space");
    }

    @Test
    void aDemoFileSealedTheLeakingWayBeforeAnyStatisticianIsResealedWhenOpened() throws Exception {
        Path file = dir.resolve("olddemo.db");
        try (AeCapture app = AeCapture.openOrInit(file, () -> "os", StoreTestSupport.CLOCK)) {
            app.loadDemo(30, 2, 5);
            LeakingArms.sealTheOldWay(app, app.database().read(tx -> ArmKeys.provisionalKey(tx)).orElseThrow());
        }
        assertEquals(StoreTestSupport.count(file, "SELECT count(*) FROM randomization"), ArmKeys.leakingArms(file));
        assertTrue(ArmKeys.leakingArms(file) > 20);
        try (AeCapture app = AeCapture.open(file, () -> "os", StoreTestSupport.CLOCK)) {
            assertEquals(0, app.accounts().leakingArms());
        }
        assertEquals(1, StoreTestSupport.count(file, ONE_LENGTH));
    }

    @Test
    void theRecoveryOfTheArmKeyResealsALeakingFile() throws Exception {
        Path file = dir.resolve("recovered.db");
        String recovery;
        try (AeCapture app = AeCapture.openOrInit(file, () -> "os", StoreTestSupport.CLOCK)) {
            app.accounts().createFirstAdministrator("admin", "Ada Admin", "admin password".toCharArray());
            app.signIn("admin", "admin password".toCharArray());
            app.loadDemo(20, 2, 9);
            PrivateKey key = app.database().read(tx -> ArmKeys.provisionalKey(tx)).orElseThrow();
            recovery = app.accounts().createAccount("admin", "stat", "Stan", Role.UNBLINDED_STATISTICIAN, Set.of(),
                    "statistician password".toCharArray()).armKeyRecoveryCode().orElseThrow();
            LeakingArms.sealTheOldWay(app, key);
            app.accounts().recoverArmKey("admin", "stat", recovery, "temporary password 1".toCharArray(), "lost password");
            assertEquals(0, app.accounts().leakingArms());
        }
        assertEquals(1, StoreTestSupport.count(file, ONE_LENGTH));
    }
}
