package org.aecapture.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.location.DatabaseLocation;
import picocli.CommandLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it: real arguments, a real database file, no display. */
class MainCommandsTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) { }

    private Function<String, char[]> passwordsBefore;
    private Function<String, char[]> newPasswordsBefore;

    /** Each account's password is its name and " password", as AECAPTURE_PASSWORD or AECAPTURE_NEW_PASSWORD would give it. */
    @BeforeEach
    void passwords() {
        passwordsBefore = Main.passwords;
        newPasswordsBefore = Main.newPasswords;
        Main.passwords = user -> (user + " password").toCharArray();
        Main.newPasswords = user -> (user + " password").toCharArray();
    }

    @AfterEach
    void restorePasswords() {
        Main.passwords = passwordsBefore;
        Main.newPasswords = newPasswordsBefore;
    }

    /** A new database with its first administrator, "admin". */
    private String initWithAdministrator(String file) {
        String db = dir.resolve(file).toString();
        Run init = run("init", "--db", db, "--admin", "admin");
        assertEquals(0, init.exit(), init.err());
        return db;
    }

    private Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aNamedCommandIsBuiltAloneAndEverythingElseSeesThemAll() {
        assertEquals(java.util.Set.of("export"), Main.commandLine(new String[] {"export", "summary", "--out", "x.xlsx"}).getSubcommands().keySet());
        java.util.Set<String> all = Main.commandLine(new String[] {"--help"}).getSubcommands().keySet();
        assertEquals(18, all.size(), all.toString());
        assertEquals(all, Main.commandLine(new String[] {"exprt"}).getSubcommands().keySet()); // so that the message can suggest one
        assertEquals(all, Main.commandLine(new String[] {"--db", "trial.db", "exprt"}).getSubcommands().keySet());
    }

    @Test
    void theWindowIsOpenedWithoutBuildingAnyCommand() {
        assertEquals(java.util.Set.of(), Main.commandLine(new String[0]).getSubcommands().keySet());
        assertEquals(java.util.Set.of(), Main.commandLine(new String[] {"--db", "trial.db"}).getSubcommands().keySet());
        assertEquals(java.util.Set.of(), Main.commandLine(new String[] {"--db=trial.db"}).getSubcommands().keySet());
        assertEquals(18, Main.commandLine(new String[] {"--db"}).getSubcommands().size()); // picocli says what is missing
        assertEquals(18, Main.commandLine(new String[] {"--db", "--help"}).getSubcommands().size());
    }

    @Test
    void theWindowsDatabaseIsReadWithoutPicocliAndABadOneIsLeftToIt() {
        assertEquals(java.util.Optional.of(new DatabaseLocation.SqliteFile(Path.of("trial.db"))), Main.windowDatabase(new String[] {"--db", "trial.db"}));
        assertEquals(java.util.Optional.of(new DatabaseLocation.SqliteFile(Path.of("b.db"))), Main.windowDatabase(new String[] {"--db=a.db", "--db", "b.db"}));
        assertEquals("jdbc:postgresql://central:5432/synergy",
                Main.windowDatabase(new String[] {"--db", "jdbc:postgresql://central:5432/synergy"}).orElseThrow().display());
        assertEquals(java.util.Optional.of(new DatabaseLocation.SqliteFile(DataPaths.defaultDatabase())), Main.windowDatabase(new String[0]));
        assertTrue(Main.windowDatabase(new String[] {"--db", "jdbc:mysql://x/y"}).isEmpty()); // picocli's message names the option
        assertTrue(Main.windowDatabase(new String[] {"--version"}).isEmpty());
        Run bad = run("--db", "jdbc:mysql://x/y");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--db") && bad.err().contains("neither an SQLite file nor a PostgreSQL server"), bad.err());
    }

    /**
     * `lock` and `unlock` with their reasons, as the Accounts screen does them: refused while queries are outstanding
     * (unless --anyway); the locked file refuses a raw write by its own trigger; `check` reports a query whose state was
     * written past its steps.
     */
    @Test
    void anAdministratorLocksAndUnlocksFromTheCommandLineAndCheckFindsAQueryStateWrittenPastItsSteps() throws Exception {
        String db = initWithAdministrator("lock.db");
        assertEquals(0, run("demo", "--db", db, "--subjects", "12", "--seed", "3", "--user", "admin").exit());
        assertEquals(0, run("queries", "check", "--db", db, "--user", "admin").exit());
        Run refusedLock = run("lock", "--db", db, "--reason", "final analysis", "--user", "admin");
        assertEquals(1, refusedLock.exit(), refusedLock.out());
        assertTrue(refusedLock.err().contains("cannot be locked yet"), refusedLock.err());
        Run locked = run("lock", "--db", db, "--reason", "final analysis", "--anyway", "--user", "admin");
        assertEquals(0, locked.exit(), locked.err());
        assertTrue(locked.out().contains("The database is locked") && locked.out().contains("final analysis"), locked.out());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); java.sql.Statement st = c.createStatement()) {
            java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> st.executeUpdate("UPDATE adverse_event SET grade = 5"));
            assertTrue(e.getMessage().contains("The database is locked"), e.getMessage());
        }
        Run unlocked = run("unlock", "--db", db, "--reason", "a late answer", "--user", "admin");
        assertEquals(0, unlocked.exit(), unlocked.err());
        assertTrue(unlocked.out().contains("unlocked"), unlocked.out());
        assertEquals(0, run("check", "--db", db).exit());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); java.sql.Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("UPDATE data_query SET state = 'CLOSED' WHERE id = (SELECT min(id) FROM data_query)"),
                    "a file cannot refuse this: check finds it");
        }
        Run check = run("check", "--db", db);
        assertEquals(1, check.exit(), check.out());
        assertTrue(check.err().contains("stored closed, its steps leave open"), check.err());
    }

    @Test
    void versionNamesAppCtcaeAndStudy() {
        Run r = run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("AE Capture "), r.out());
        assertTrue(r.out().contains("CTCAE v5.0"));
        assertTrue(r.out().contains("NCT04835441"));
    }

    @Test
    void initIsIdempotentAndDemoFillsOnlyAnEmptyDatabase() throws Exception {
        String db = dir.resolve("t.db").toString();
        assertEquals(0, run("init", "--db", db).exit());
        Run again = run("init", "--db", db);
        assertEquals(0, again.exit());
        assertTrue(again.out().startsWith("Database ready"), again.out());
        assertEquals(1, StoreTestSupport.count(Path.of(db), "SELECT count(*) FROM study"));

        Run noAccounts = run("demo", "--db", db, "--subjects", "40");
        assertEquals(1, noAccounts.exit());
        assertTrue(noAccounts.err().contains("has no accounts yet: create its first administrator with 'init --db"), noAccounts.err());
        assertEquals(0, StoreTestSupport.count(Path.of(db), "SELECT count(*) FROM subject"));
        assertEquals(0, run("init", "--db", db, "--admin", "admin").exit(), "the first administrator of an existing database");

        Run demo = run("demo", "--db", db, "--subjects", "40", "--seed", "3", "--user", "admin");
        assertEquals(0, demo.exit(), demo.err());
        assertEquals(40, StoreTestSupport.count(Path.of(db), "SELECT count(*) FROM subject"));
        long aes = StoreTestSupport.count(Path.of(db), "SELECT count(*) FROM adverse_event");
        assertTrue(demo.out().contains(aes + " adverse events"), demo.out());

        Run twice = run("demo", "--db", db, "--user", "admin");
        assertEquals(1, twice.exit());
        assertTrue(twice.err().contains("already holds subjects"), twice.err());
        assertEquals(40, StoreTestSupport.count(Path.of(db), "SELECT count(*) FROM subject"));
    }

    @Test
    void demoIsDeterministicForASeed() throws Exception {
        String a = dir.resolve("a.db").toString();
        String b = dir.resolve("b.db").toString();
        for (String db : List.of(a, b)) {
            run("init", "--db", db, "--admin", "admin");
            assertEquals(0, run("demo", "--db", db, "--subjects", "30", "--seed", "9", "--user", "admin").exit());
        }
        String sql = "SELECT group_concat(subject_ref || verbatim_term || grade || coalesce(onset_date, '?'), ';') FROM adverse_event";
        assertEquals(query(a, sql), query(b, sql));
        // the arms are stored sealed, each time under a fresh key: the same once opened
        assertEquals(arms(a), arms(b));
        assertTrue(query(a, "SELECT group_concat(arm_code, ';') FROM randomization").startsWith("sealed:v2:"));
    }

    private static java.util.Map<String, String> arms(String db) {
        try (var d = org.aecapture.store.Database.openExisting(java.nio.file.Path.of(db), () -> "t", StoreTestSupport.CLOCK)) {
            return d.inTransaction(tx -> new org.aecapture.store.RandomizationRepository(new org.aecapture.store.SubjectRepository())
                    .armsBySubjectNumber(tx, org.aecapture.store.ArmKeys.provisionalKey(tx).orElseThrow()));
        }
    }

    private static String query(String db, String sql) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void importsBothFilesAndReportsBadRowsWithExitStatusOne() throws Exception {
        String db = initWithAdministrator("t.db");
        Run added = run("accounts", "add", "coord", "--role", "COORDINATOR", "--sites", "101", "--full-name", "Cora Coordinator",
                "--db", db, "--user", "admin");
        assertEquals(0, added.exit(), added.err());
        assertEquals("Account coord created: COORDINATOR at site(s) 101.", added.out().strip());
        Path subjects = dir.resolve("subjects.csv");
        Files.writeString(subjects, "subject_id,site,sex,birth_date,consent_date,first_dose_date,eos_date\n"
                + "101-001,101,F,1980-01-01,2021-06-01,2021-06-20,\n", StandardCharsets.UTF_8);
        Run rs = run("import", "subjects", "--db", db, subjects.toString(), "--user", "coord");
        assertEquals(0, rs.exit(), rs.err());
        assertTrue(rs.out().contains("Imported 1 subjects"));

        Path aes = dir.resolve("aes.csv");
        String header = "subject_id,verbatim_term,meddra_code,other_specify,grade,onset_date,end_date,ongoing,serious,sdth,slife,shosp,sdisab,"
                + "scong,smie,relationship,action_taken,outcome\n";
        Files.writeString(aes, header + "101-001,tired,10016256,,4,2021-07-01,,Y,N,N,N,N,N,N,N,POSSIBLE,DOSE NOT CHANGED,NOT RECOVERED/NOT RESOLVED\n",
                StandardCharsets.UTF_8);
        Run bad = run("import", "aes", "--db", db, aes.toString(), "--user", "coord");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("row 1, column grade, value '4': grade 4 is not defined for Fatigue"), bad.err());
        assertEquals(0, StoreTestSupport.count(Path.of(db), "SELECT count(*) FROM adverse_event"));

        Files.writeString(aes, header + "101-001,tired,10016256,,2,2021-07-01,,Y,N,N,N,N,N,N,N,POSSIBLE,DOSE NOT CHANGED,NOT RECOVERED/NOT RESOLVED\n",
                StandardCharsets.UTF_8);
        Run good = run("import", "aes", "--db", db, aes.toString(), "--user", "coord");
        assertEquals(0, good.exit(), good.err());
        assertEquals(1, StoreTestSupport.count(Path.of(db), "SELECT count(*) FROM adverse_event"));
    }

    @Test
    void termsPrintsCodeTermAndSoc() {
        Run r = run("terms", "anaemia", "--limit", "1");
        assertEquals(0, r.exit());
        assertEquals("10002272   Anemia", r.out().substring(0, 17));
        assertTrue(r.out().contains("Blood and lymphatic system disorders"));
        assertTrue(r.out().contains("British spelling: anaemia"), r.out());
        Run urti = run("terms", "URTI", "--limit", "1");
        assertTrue(urti.out().startsWith("10046300   Upper respiratory infection") && urti.out().contains("abbreviation: URTI"), urti.out());
        assertEquals(1, run("terms", "qqqzzz").exit());
    }

    @Test
    void aV6StudyIsInitialisedFromItsDefinitionAndTermsSearchAndMapV6() throws Exception {
        java.nio.file.Path yaml = dir.resolve("v6-study.yaml");
        java.nio.file.Files.writeString(yaml, org.aecapture.study.StudyDefinitions.bundledYaml().replace("ctcae: \"5.0\"", "ctcae: \"6.0\""));
        String db = dir.resolve("v6.db").toString();
        Run init = run("init", "--db", db, "--study", yaml.toString(), "--admin", "admin");
        assertEquals(0, init.exit(), init.err());
        Run searched = run("terms", "platelet", "count", "decreased", "--limit", "1", "--db", db, "--user", "admin");
        assertTrue(searched.out().startsWith("10043554   Thrombocytopenia"), searched.out() + searched.err());
        Run other = run("terms", "nausea", "--ctcae", "5.0", "--db", db, "--user", "admin");
        assertEquals(1, other.exit());
        assertTrue(other.err().contains("this study grades by CTCAE v6.0"), other.err());
        Run map = run("terms", "--map", "Lymphocyte count decreased");
        assertEquals(0, map.exit(), map.err());
        assertTrue(map.out().contains("Grade 3") && map.out().contains("-> Lymphopenia (10025327) Grade 1 [Deletion]: Present"), map.out());
        assertEquals(1, run("terms", "--map", "Thrombocytopenia").exit(), "a v6.0 term is not a v5.0 one");
        java.nio.file.Path labIn = dir.resolve("labs.csv");
        java.nio.file.Files.writeString(labIn, "ctcae_term,value,unit,lln,uln,baseline,fasting\nNeutrophil count decreased,1.2,10^9/L,1.8,,,\n"
                + "Hyperglycemia,180,mg/dL,70,99,,yes\n");
        Run labs = run("labs", "grade", labIn.toString(), "--out", dir.resolve("o.csv").toString(), "--ctcae", "6.0");
        assertEquals(0, labs.exit(), labs.err());
        List<String> graded = java.nio.file.Files.readAllLines(dir.resolve("o.csv"));
        assertTrue(graded.get(1).endsWith(",1,grade 1: <1.5 - 1.0 x 10^9/L"), graded.toString());
        assertTrue(graded.get(2).endsWith(",yes,2,grade 2: Fasting glucose value >160 - 250 mg/dL"), graded.toString());
        assertEquals(1, run("labs", "grade", labIn.toString(), "--out", dir.resolve("p.csv").toString(), "--ctcae", "4.03").exit());
        // with --db, the study's version grades: v6.0 here, without --ctcae
        Run byStudy = run("labs", "grade", labIn.toString(), "--out", dir.resolve("q.csv").toString(), "--db", db, "--user", "admin");
        assertEquals(0, byStudy.exit(), byStudy.err());
        assertTrue(java.nio.file.Files.readAllLines(dir.resolve("q.csv")).get(1).endsWith(",1,grade 1: <1.5 - 1.0 x 10^9/L"));
        Run clash = run("labs", "grade", labIn.toString(), "--out", dir.resolve("r.csv").toString(), "--db", db, "--user", "admin",
                "--ctcae", "5.0");
        assertEquals(1, clash.exit());
        assertTrue(clash.err().contains("this study grades by CTCAE v6.0") && !dir.resolve("r.csv").toFile().exists(), clash.err());
    }

    @Test
    void commandsOnAMissingDatabaseSayToInitFirst() {
        Run r = run("demo", "--db", dir.resolve("missing.db").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("Create it first with the 'init' command"), r.err());
    }

    /** With accounts, the command line signs in too (--user, the password from AECAPTURE_PASSWORD; here put by the test). */
    @Test
    void onceAnAdministratorExistsCommandsSignInAndTheRolesApply() throws Exception {
        String db = dir.resolve("accounts.db").toString();
        Run init = run("init", "--db", db, "--admin", "admin", "--admin-full-name", "Ada Admin");
        assertEquals(0, init.exit(), init.err());
        assertTrue(init.out().contains("First administrator admin created"), init.out());

        Run anonymous = run("demo", "--db", db, "--subjects", "10");
        assertEquals(1, anonymous.exit());
        assertTrue(anonymous.err().contains("has accounts: sign in with --user NAME"), anonymous.err());

        Main.passwords = user -> "wrong password".toCharArray();
        Run wrong = run("demo", "--db", db, "--subjects", "10", "--user", "admin");
        assertEquals(1, wrong.exit());
        assertTrue(wrong.err().contains("password is wrong"), wrong.err());
        assertEquals(0, StoreTestSupport.count(Path.of(db), "SELECT count(*) FROM subject"));

        Main.passwords = user -> (user + " password").toCharArray();
        Run demo = run("demo", "--db", db, "--subjects", "10", "--user", "admin");
        assertEquals(0, demo.exit(), demo.err());
        assertEquals(10, StoreTestSupport.count(Path.of(db), "SELECT count(*) FROM subject"));
    }

    /** Each role's command-line work: the summary by arm for the statistician only, pooled for the reviewer, refused to site staff. */
    @Test
    void theCommandLineAppliesEachRolesRulesBeforeDoingAnything() throws Exception {
        Path db = Path.of(initWithAdministrator("roles.db"));
        assertEquals(0, run("demo", "--db", db.toString(), "--subjects", "20", "--user", "admin").exit());
        for (String[] account : List.of(new String[] {"stat", "UNBLINDED_STATISTICIAN"}, new String[] {"rev", "SAFETY_REVIEWER"},
                new String[] {"coord", "COORDINATOR", "--sites", "101"})) {
            List<String> args = new java.util.ArrayList<>(List.of("accounts", "add", account[0], "--role", account[1]));
            args.addAll(List.of(account).subList(2, account.length));
            args.addAll(List.of("--db", db.toString(), "--user", "admin"));
            Run added = run(args.toArray(String[]::new));
            assertEquals(0, added.exit(), added.err());
        }
        Run refused = run("accounts", "add", "x", "--role", "ADMINISTRATOR", "--db", db.toString(), "--user", "rev");
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("Only an administrator can manage accounts"), refused.err());
        Run list = run("accounts", "list", "--db", db.toString(), "--user", "admin");
        assertEquals(List.of("admin", "coord", "rev", "stat"), list.out().lines().map(l -> l.split("\\s+")[0]).toList());
        Run stat = run("export", "summary", "--db", db.toString(), "--out", dir.resolve("stat.xlsx").toString(), "--user", "stat");
        assertEquals(0, stat.exit(), stat.err());
        assertTrue(stat.out().contains("(by arm;"), stat.out());
        Run rev = run("export", "summary", "--db", db.toString(), "--out", dir.resolve("rev.xlsx").toString(), "--user", "rev");
        assertEquals(0, rev.exit(), rev.err());
        assertTrue(rev.out().contains("(blinded, Total only;"), rev.out());
        Run coord = run("export", "summary", "--db", db.toString(), "--out", dir.resolve("coord.xlsx").toString(), "--user", "coord");
        assertEquals(1, coord.exit());
        assertTrue(coord.err().contains("may not export the safety summary"), coord.err());
        assertTrue(Files.notExists(dir.resolve("coord.xlsx")));

        // the SDTM datasets: the same roles; arms only in the statistician's output
        Run statSdtm = run("export", "sdtm", "--db", db.toString(), "--out", dir.resolve("sdtm-stat").toString(), "--user", "stat");
        assertEquals(0, statSdtm.exit(), statSdtm.err());
        assertTrue(statSdtm.out().contains("(unblinded, with arms): DM 20 records, AE "), statSdtm.out());
        assertTrue(Files.readString(dir.resolve("sdtm-stat/dm.json")).contains("\"PLACEBO\""));
        Run revSdtm = run("export", "sdtm", "--db", db.toString(), "--out", dir.resolve("sdtm-rev").toString(), "--user", "rev",
                "--cutoff", "2099-12-31");
        assertEquals(0, revSdtm.exit(), revSdtm.err());
        assertTrue(revSdtm.out().contains("(blinded, no arm)"), revSdtm.out());
        assertTrue(Files.readString(dir.resolve("sdtm-rev/define.csv")).startsWith("dataset,dataset_label,records"));
        Run coordSdtm = run("export", "sdtm", "--db", db.toString(), "--out", dir.resolve("sdtm-coord").toString(), "--user", "coord");
        assertEquals(1, coordSdtm.exit());
        assertTrue(coordSdtm.err().contains("may not export SDTM datasets"), coordSdtm.err());
        assertTrue(Files.notExists(dir.resolve("sdtm-coord")));
        Run intoFile = run("export", "sdtm", "--db", db.toString(), "--out", dir.resolve("stat.xlsx").toString(), "--user", "stat");
        assertEquals(1, intoFile.exit());
        assertTrue(intoFile.err().contains("--out must name a folder"), intoFile.err());

        // a reviewer's import is refused for the role, before any row of the (faulty) file is read
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "subject_id,site\nnot,a valid row\n", StandardCharsets.UTF_8);
        List<String> dump = StoreTestSupport.dump(db);
        Run revImport = run("import", "subjects", csv.toString(), "--db", db.toString(), "--user", "rev");
        assertEquals(1, revImport.exit());
        assertTrue(revImport.err().contains("may not import subjects"), revImport.err());
        Run coordRandomization = run("import", "randomization", csv.toString(), "--db", db.toString(), "--user", "coord");
        assertEquals(1, coordRandomization.exit());
        assertTrue(coordRandomization.err().contains("may not load the randomization list"), coordRandomization.err());
        List<String> after = StoreTestSupport.dump(db);
        after.removeIf(r -> r.startsWith("security_event:")); // the sign-ins themselves are recorded
        dump.removeIf(r -> r.startsWith("security_event:"));
        assertEquals(dump, after, "nothing changed");
    }

    /**
     * The central database from the command line: init on a server provisions it, each person then works as their
     * own login role, and a site's file is transferred in, all or nothing.
     */
    @Test
    void aServerDatabaseIsSetUpUsedAsEachPersonsOwnRoleAndTakesASitesFile() throws Exception {
        org.aecapture.location.DatabaseLocation server = org.aecapture.store.TestStore.POSTGRESQL.newDatabase(dir, "cli");
        String url = server.display();
        String owner = url + "?user=" + org.aecapture.store.TestStore.OWNER; // the owner's password would come from ~/.pgpass
        String admin = "cliadmin" + ProcessHandle.current().pid();
        Run init = run("init", "--db", owner, "--admin", admin);
        assertEquals(0, init.exit(), init.err());
        assertTrue(init.out().contains("row-level security in place"), init.out());
        Run sql = run("provision", "--sql", "--db", url);
        assertTrue(sql.out().contains("CREATE POLICY own_sites ON subject"), sql.out());
        String inv = "cliinv" + ProcessHandle.current().pid();
        assertEquals(0, run("accounts", "add", inv, "--role", "INVESTIGATOR", "--sites", "104", "--db", url, "--user", admin).exit());
        // the investigator's own login role, with the password they sign in with
        org.aecapture.store.TestStore.connectAs(server, inv, inv + " password").close();

        Path siteFile = dir.resolve("site104.db");
        try (org.aecapture.service.AeCapture site = org.aecapture.service.AeCapture.openOrInit(siteFile, () -> "site", StoreTestSupport.CLOCK)) {
            site.subjects().enrol(StoreTestSupport.subject("104-001"));
            site.adverseEvents().record(StoreTestSupport.headache("104-001"));
        }
        Run transfer = run("transfer", "--from", siteFile.toString(), "--to", owner);
        assertEquals(0, transfer.exit(), transfer.err() + transfer.out());
        assertTrue(transfer.out().contains("1 subject, 1 adverse_event"), transfer.out());
        Run again = run("transfer", "--from", siteFile.toString(), "--to", owner);
        assertTrue(again.out().contains("nothing new") && again.out().contains("104-001"), again.out());
        assertEquals(1, StoreTestSupport.count(server, "SELECT count(*) FROM adverse_event"));

        Run refused = run("transfer", "--from", siteFile.toString(), "--to", siteFile.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("--to must be the central PostgreSQL database"), refused.err());
    }

    @Test
    void labsGradeWritesTheGradesAndRefusesABadFileWholly() throws Exception {
        Path in = dir.resolve("labs.csv");
        java.nio.file.Files.writeString(in, "ctcae_term,value,unit,lln,uln,baseline\nNeutrophil count decreased,0.8,10^9/L,,,\n"
                + "Platelet count decreased,60,10^9/L,150,400,\n");
        Path out = dir.resolve("graded.csv");
        Run r = run("labs", "grade", in.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("2 rows graded into"), r.out());
        List<String> lines = java.nio.file.Files.readAllLines(out);
        assertEquals("Neutrophil count decreased,0.8,10^9/L,,,,3,grade 3: <1.0 - 0.5 x 10e9 /L", lines.get(1));
        assertEquals("Platelet count decreased,60,10^9/L,150,400,,2,grade 2: <75.0 - 50.0 x 10e9 /L", lines.get(2));

        java.nio.file.Files.writeString(in, "ctcae_term,value,unit,lln,uln,baseline\nAnemia,low,g/dL,,,\n");
        Run bad = run("labs", "grade", in.toString(), "--out", out.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("row 1, column value, value 'low'"), bad.err());
        assertEquals(3, java.nio.file.Files.readAllLines(out).size(), "the earlier output is left as it was");
    }

    @Test
    void saeListShowsTheDutiesAndSaeCiomsWritesTheBlindedForm() throws Exception {
        String db = initWithAdministrator("sae.db");
        assertEquals(0, run("accounts", "add", "inv", "--role", "INVESTIGATOR", "--sites", "101", "--db", db, "--user", "admin").exit());
        long id;
        try (org.aecapture.service.AeCapture app = org.aecapture.service.AeCapture.open(Path.of(db), () -> "inv", StoreTestSupport.CLOCK)) {
            app.signIn("inv", "inv password".toCharArray());
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            id = app.adverseEvents().record(StoreTestSupport.pneumonitisSae("101-001"),
                    StoreTestSupport.saeDetails(java.time.OffsetDateTime.parse("2021-09-02T07:00Z"), "admitted")).id();
        }
        Run list = run("sae", "list", "--db", db, "--user", "inv");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains("101-001") && list.out().contains("Pneumonitis") && list.out().contains("INITIAL DUE")
                && list.out().contains("OVERDUE by "), list.out());
        assertTrue(list.out().contains("1 serious adverse event."), list.out());
        Run overdue = run("sae", "list", "--overdue", "--db", db, "--user", "inv");
        assertTrue(overdue.out().contains("1 serious adverse event overdue."), overdue.out());

        Path pdf = dir.resolve("cioms.pdf");
        Run cioms = run("sae", "cioms", "--ae", Long.toString(id), "--out", pdf.toString(), "--db", db, "--user", "inv");
        assertEquals(0, cioms.exit(), cioms.err());
        assertTrue(cioms.out().contains("(INITIAL, blinded)"), cioms.out());
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertTrue(text.contains("Pneumonitis") && text.contains("ALPN-101 / placebo (blinded)"), text);
        }
        Run unblind = run("sae", "cioms", "--ae", Long.toString(id), "--out", dir.resolve("u.pdf").toString(), "--unblind", "--db", db,
                "--user", "inv");
        assertEquals(1, unblind.exit());
        assertTrue(unblind.err().contains("Only the unblinded statistician"), unblind.err());
    }

    @Test
    void checkSaysWhenAFilesArmsAreSealedTheOldLeakingWay() throws Exception {
        String db = dir.resolve("check-arms.db").toString();
        try (var app = org.aecapture.service.AeCapture.openOrInit(java.nio.file.Path.of(db), () -> "os", java.time.Clock.systemUTC())) {
            app.loadDemo(20, 2, 4);
        }
        Run clean = run("check", "--db", db);
        assertEquals(0, clean.exit(), clean.err());
        try (var app = org.aecapture.service.AeCapture.open(java.nio.file.Path.of(db), () -> "os", java.time.Clock.systemUTC())) {
            var key = app.database().read(org.aecapture.store.ArmKeys::provisionalKey).orElseThrow();
            org.aecapture.store.LeakingArms.sealTheOldWay(app, key); // read by check as it is, not opened (which would re-seal it)
        }
        long randomized = org.aecapture.store.StoreTestSupport.count(java.nio.file.Path.of(db), "SELECT count(*) FROM randomization");
        org.aecapture.store.Backups.now(java.nio.file.Path.of(db), java.time.Clock.systemUTC()); // a backup of the leaking file
        Run leaking = run("check", "--db", db);
        assertEquals(1, leaking.exit(), leaking.out());
        assertTrue(leaking.err().contains("BLINDING") && leaking.err().contains(randomized + " subjects"), leaking.err());
        assertTrue(leaking.err().contains("1 backup(s)"), leaking.err());
        // opened with the provisional key still there (a demo), the file itself is re-sealed; the backup is still said
        org.aecapture.service.AeCapture.open(java.nio.file.Path.of(db), () -> "os", java.time.Clock.systemUTC()).close();
        Run resealed = run("check", "--db", db);
        assertEquals(1, resealed.exit());
        assertTrue(!resealed.err().contains("subjects are sealed") && resealed.err().contains("1 backup(s)"), resealed.err());
    }
    @Test
    void theBenchsFirstSavesInANewJvmRecordEachAeAndWriteOneTimeASave() throws Exception {
        Path db = dir.resolve("first-saves.db");
        Path times = dir.resolve("first-saves.times");
        Run first = run("bench", "--first-saves", db.toString(), "--times", times.toString());
        assertEquals(0, first.exit(), first.err());
        java.util.List<String> lines = java.nio.file.Files.readAllLines(times);
        assertEquals(200, lines.size()); // the 20 before them warm up and are not timed
        assertTrue(lines.stream().mapToLong(Long::parseLong).allMatch(t -> t > 0), lines.toString());
        assertEquals(220, org.aecapture.store.StoreTestSupport.count(db, "SELECT count(*) FROM adverse_event"));
        assertEquals(1, org.aecapture.store.StoreTestSupport.count(db, "SELECT count(DISTINCT subject_ref) FROM adverse_event"));
    }
}
