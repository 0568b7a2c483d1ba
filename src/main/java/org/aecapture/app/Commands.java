package org.aecapture.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.Set;
import java.util.TreeSet;
import org.aecapture.ctcae.CodingHistory;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.ctcae.CtcaeMap;
import org.aecapture.ctcae.CtcaeTerm;
import org.aecapture.ctcae.TermSuggestion;
import org.aecapture.domain.Account;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.service.CsvImports;
import org.aecapture.service.DemoTrial;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.ServerRoles;
import org.aecapture.store.SiteTransfer;
import org.aecapture.service.SiteTransfers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The subcommands: thin shells over the services. */
final class Commands {

    private Commands() {
    }

    abstract static class Base {
        @Mixin
        Main.DbOption db = new Main.DbOption();

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "init", description = "Create the database with the bundled study, or the one --study names (does nothing to a"
            + " database that has it; refuses one that holds another study).")
    static final class Init extends Base implements Callable<Integer> {
        @Option(names = "--study", paramLabel = "FILE", description = "a study definition (YAML with the fields of the bundled one,"
                + " src/main/resources/org/aecapture/study/nct04835441.yaml) instead of the bundled ALPN-101 study; checked before"
                + " anything is created")
        Path study;

        @Option(names = "--admin", paramLabel = "NAME", description = "create the first administrator account (password from"
                + " AECAPTURE_PASSWORD or a prompt); from then on everyone signs in")
        String admin;

        @Option(names = "--admin-full-name", paramLabel = "NAME", description = "the administrator's full name (default: the user name)")
        String adminFullName;

        @Override
        public Integer call() {
            boolean existed = !(db.db instanceof DatabaseLocation.SqliteFile f) || f.file().toFile().exists();
            String definition = null;
            if (study != null) {
                try {
                    definition = Files.readString(study, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalArgumentException("--study " + study + " cannot be read: " + e.getMessage() + ". Nothing was done.", e);
                }
            }
            try (AeCapture app = db.openOrInit(definition)) {
                out().printf("%s %s: study %s (%s), %s%n", existed ? "Database ready" : "Database created", app.database().location().display(),
                        app.study().studyId(), app.study().protocol(), app.study().shortTitle());
                if (db.db instanceof DatabaseLocation.PostgresServer) {
                    // a central database: the server enforces the roles from the first account on
                    var provisioned = app.provisionServer();
                    out().println("Server roles, grants and row-level security in place (see 'provision --sql').");
                    printRecoveryCode(out(), provisioned);
                }
                if (admin != null) {
                    app.accounts().createFirstAdministrator(admin, adminFullName == null ? admin : adminFullName, Main.passwords.apply(admin));
                    out().printf("First administrator %s created: from now on everyone signs in (--user NAME).%n", admin);
                }
            }
            return 0;
        }
    }

    /** The statistician's recovery code, the first time a server is provisioned: shown once, for the sponsor's safe. */
    static void printRecoveryCode(PrintWriter out, AeCapture.Provisioned provisioned) {
        provisioned.statisticianRecoveryCode().ifPresent(code -> out.printf("Unblinded statistician's recovery code (print it and keep it"
                + " in the sponsor's safe, apart from the administrators; an administrator needs it to make, reset or promote an unblinded"
                + " statistician's login, and it is shown only now):%n  %s%n", code));
    }

    @Command(name = "provision", description = "On a PostgreSQL database, as its owner: create the group roles, grants and"
            + " row-level security that make the server enforce sites and blinding (init does this too; running it again changes"
            + " nothing that is right).")
    static final class Provision extends Base implements Callable<Integer> {
        @Option(names = "--sql", description = "print the SQL instead of running it (for the server's administrator to read or run)")
        boolean sql;

        @Override
        public Integer call() {
            if (!(db.db instanceof DatabaseLocation.PostgresServer server)) {
                throw new IllegalArgumentException("provision is for a PostgreSQL database (--db jdbc:postgresql://...); an SQLite"
                        + " file has no server roles. Nothing was done.");
            }
            if (sql) {
                String database = server.databaseName();
                for (String group : ServerRoles.groupNames(database)) {
                    out().printf("CREATE ROLE \"%s\" NOLOGIN;%n", group);
                }
                ServerRoles.provisionSql(database).forEach(statement -> out().println(statement + ";"));
                return 0;
            }
            try (AeCapture app = db.openOrInit()) {
                var provisioned = app.provisionServer();
                List<String> withoutLogin = provisioned.withoutLogin();
                out().printf("Server roles, grants and row-level security in place on %s.%n", server.display());
                printRecoveryCode(out(), provisioned);
                if (!withoutLogin.isEmpty()) {
                    out().printf("These accounts have no login role yet: an administrator resets their passwords to give them one: %s%n",
                            String.join(", ", withoutLogin));
                }
            }
            return 0;
        }
    }

    @Command(name = "transfer", description = "Copy a site's SQLite database into the central PostgreSQL database, as its owner:"
            + " subjects, eligibility, visits, AEs, signatures, accounts and their audit trail. All or nothing; a subject or account"
            + " that differs between the two is listed as a conflict and nothing is written.")
    static final class Transfer implements Callable<Integer> {
        @Option(names = "--from", paramLabel = "SITE.db", required = true, description = "the site's SQLite database")
        Path from;

        @Option(names = "--to", paramLabel = "URL", required = true, converter = Main.LocationConverter.class,
                description = "the central database, jdbc:postgresql://host:5432/NAME (its owner's password from ~/.pgpass)")
        DatabaseLocation to;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (!(to instanceof DatabaseLocation.PostgresServer)) {
                throw new IllegalArgumentException("--to must be the central PostgreSQL database (jdbc:postgresql://...). Nothing was done.");
            }
            SiteTransfer.Result result = SiteTransfers.run(from, to);
            PrintWriter out = spec.commandLine().getOut();
            if (result.refused()) {
                PrintWriter err = spec.commandLine().getErr();
                err.printf("Nothing was transferred: %d conflict(s) between %s and %s:%n", result.conflicts().size(), from, to.display());
                result.conflicts().forEach(c -> err.println("  " + c));
                return 1;
            }
            out.printf("Transferred from %s to %s: %s.%n", from, to.display(), result.copied().isEmpty() ? "nothing new"
                    : String.join(", ", result.copied().entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()));
            if (!result.alreadyThere().isEmpty()) {
                out.printf("Already in the central database with the same data, left as they are: %s%n", String.join(", ", result.alreadyThere()));
            }
            if (!result.accountsWithoutLogin().isEmpty()) {
                out.printf("New accounts without a server login yet (an administrator resets their passwords to give them one): %s%n",
                        String.join(", ", result.accountsWithoutLogin()));
            }
            if (result.copied().containsKey("signature")) {
                out.println("Signatures are kept as history; the record keys changed on the way, so investigators sign their subjects again.");
            }
            if (!result.leftForSync().isEmpty()) {
                java.util.Map<String, String> named = java.util.Map.of("data_query", "data queries (with their steps)", "sdv_mark", "source data verification marks");
                out.printf("Not transferred; the site's first sync carries them: %s.%n", String.join(", ",
                        result.leftForSync().entrySet().stream().map(e -> e.getValue() + " " + named.getOrDefault(e.getKey(), e.getKey())).toList()));
            }
            return 0;
        }
    }

    @Command(name = "sync", description = "Keep a site's file and the central PostgreSQL database in step: send every record made or"
            + " changed at the site since the last sync, with its audit trail, and bring back what was changed centrally for the site's"
            + " subjects. Run by an investigator or coordinator signed in with --user, as their own server login (the same password,"
            + " or AECAPTURE_SERVER_PASSWORD). A record changed on both sides is listed as a conflict and left as it is on each side;"
            + " running it again is always safe. 'sync conflicts' lists the conflicts the last sync left, 'sync resolve' resolves one.",
            subcommands = {SyncConflicts.class, SyncResolve.class})
    static final class Sync implements Callable<Integer> {
        // not required here, so that 'sync conflicts' and 'sync resolve' need only their own; a sync checks them itself
        @Option(names = "--db", paramLabel = "SITE.db", description = "the site's SQLite file (required)")
        Path site;

        @Option(names = "--with", paramLabel = "URL", converter = Main.LocationConverter.class,
                description = "the central database, jdbc:postgresql://host:5432/NAME (required)")
        DatabaseLocation central;

        @Option(names = "--user", paramLabel = "NAME", description = "the site person who syncs (required)")
        String user;

        @Option(names = "--relink", description = "the file's central database has a new address (a renamed host, TLS settings): sync"
                + " with it there, once the server at --with is found to be the same study database")
        boolean relink;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (site == null || central == null || user == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "sync needs --db SITE.db, --with URL and --user NAME");
            }
            char[] password = Main.passwords.apply(user);
            String server = System.getenv("AECAPTURE_SERVER_PASSWORD");
            var result = org.aecapture.service.SiteSyncs.run(site, central, user, password,
                    server != null ? server.toCharArray() : password.clone(), java.time.Clock.systemUTC(), relink);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            result.refused().forEach(r -> err.println("Not synced: " + r));
            result.notes().forEach(n -> err.println("Note: " + n));
            if (result.refusedAll()) {
                return 1;
            }
            out.printf("Synced %s with %s: sent %s; received %s.%n", site, central.display(), counted(result.sent()), counted(result.received()));
            if (!result.conflicts().isEmpty()) {
                err.printf("%d conflict(s): changed on both sides since the last sync, each side's version kept as it is:%n",
                        result.conflicts().size());
                result.conflicts().forEach(c -> err.println("  " + c));
                return 2;
            }
            return result.refused().isEmpty() ? 0 : 1;
        }

        private static String counted(java.util.Map<String, Integer> counts) {
            return counts.isEmpty() ? "nothing" : String.join(", ", counts.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey().replace('_', ' ')).toList());
        }
    }

    @Command(name = "conflicts", description = "List the conflicts the last sync of a site's file left, numbered for 'sync resolve'.")
    static final class SyncConflicts extends Base implements Callable<Integer> {
        @Override
        public Integer call() {
            try (AeCapture app = db.open()) {
                var conflicts = org.aecapture.service.SiteSyncs.conflicts(app);
                if (conflicts.isEmpty()) {
                    out().println("No conflicts: the last sync left none.");
                }
                for (int i = 0; i < conflicts.size(); i++) {
                    out().printf("%d  %s%n", i + 1, conflicts.get(i).description());
                }
            }
            return 0;
        }
    }

    @Command(name = "resolve", description = "Resolve a conflict of the last sync (its number in 'sync conflicts'), with a reason kept in the"
            + " audit trail: --keep site (sent at the next sync), central (taken into the file now) or both (a subject whose number the"
            + " centre holds gets a new number).")
    static final class SyncResolve extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "the conflict's number in 'sync conflicts'")
        int id;

        @Option(names = "--keep", required = true, paramLabel = "site|central|both", description = "which version to keep")
        String keep;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (kept in the audit trail)")
        String reason;

        @Override
        public Integer call() {
            try (AeCapture app = db.open()) {
                var conflicts = org.aecapture.service.SiteSyncs.conflicts(app);
                if (id < 1 || id > conflicts.size()) {
                    throw new IllegalArgumentException("There is no conflict " + id + ": 'sync conflicts' lists " + conflicts.size() + ".");
                }
                var conflict = conflicts.get(id - 1);
                switch (keep) {
                    case "site", "central" -> {
                        org.aecapture.service.SiteSyncs.resolve(app, conflict, keep.equals("site"), reason);
                        out().printf("Resolved: the %s version kept of %s.%n", keep, conflict.description());
                    }
                    case "both" -> out().printf("Resolved: both kept; the site's subject is now %s and is sent at the next sync.%n",
                            org.aecapture.service.SiteSyncs.keepBoth(app, conflict, reason));
                    default -> throw new IllegalArgumentException("--keep is site, central or both, not " + keep + ".");
                }
            }
            return 0;
        }
    }

    @Command(name = "accounts", description = "Manage accounts (an administrator, signed in with --user).",
            subcommands = {AccountsAdd.class, AccountsList.class, AccountsRecoverArms.class})
    static final class Accounts {
    }

    @Command(name = "add", description = "Add an account; its password from AECAPTURE_NEW_PASSWORD or typed twice. On a server, an"
            + " unblinded statistician's needs the recovery code printed at provision (AECAPTURE_RECOVERY_CODE, else asked).")
    static final class AccountsAdd extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "the new account's user name")
        String userName;

        @Option(names = "--role", required = true, description = "one of: ${COMPLETION-CANDIDATES}")
        Role role;

        @Option(names = "--sites", split = ",", paramLabel = "SITE", description = "the sites of an investigator, coordinator or monitor, e.g. 101,102")
        Set<String> sites = new TreeSet<>();

        @Option(names = "--full-name", paramLabel = "TEXT", description = "the person's full name (default: the user name)")
        String fullName;

        @Override
        public Integer call() {
            try (AeCapture app = db.open()) {
                String administrator = app.signedIn().orElseThrow().userName();
                // on a server, a statistician's login needs the recovery code printed at provision (never on the command line)
                String recoveryCode = role == Role.UNBLINDED_STATISTICIAN && db.db instanceof DatabaseLocation.PostgresServer
                        ? Main.recoveryCode.get() : null;
                var created = app.accounts().createAccount(administrator, userName, fullName == null ? userName : fullName, role, sites,
                        Main.newPasswords.apply(userName), recoveryCode);
                Account a = created.account();
                out().printf("Account %s created: %s%s.%n", a.userName(), a.role(), a.sites().isEmpty() ? ""
                        : " at site(s) " + String.join(", ", new TreeSet<>(a.sites())));
                created.armKeyRecoveryCode().ifPresent(code -> out().printf("%s now holds the key to the sealed treatment arms. Recovery"
                        + " code (print it and keep it in the sponsor's safe; it opens the arms if that password is lost, and is shown"
                        + " only now):%n  %s%n", a.userName(), code));
            }
            return 0;
        }
    }

    @Command(name = "recover-arms", description = "An unblinded statistician lost their password (or a second statistician needs"
            + " the key): set a new password and restore the key of the sealed arms with the recovery code printed when the first"
            + " statistician was added (from AECAPTURE_RECOVERY_CODE, else asked); the new password from AECAPTURE_NEW_PASSWORD or"
            + " typed twice.")
    static final class AccountsRecoverArms extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "the unblinded statistician's user name")
        String userName;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (kept in the audit trail)")
        String reason;

        @Override
        public Integer call() {
            String code = Main.recoveryCode.get();
            try (AeCapture app = db.open()) {
                String administrator = app.signedIn().orElseThrow().userName();
                app.accounts().recoverArmKey(administrator, userName, code, Main.newPasswords.apply(userName), reason);
                out().printf("%s has a new password and holds the key of the sealed arms again; they change the password at their"
                        + " first sign-in.%n", userName);
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List the accounts: user name, role, sites, state, full name.")
    static final class AccountsList extends Base implements Callable<Integer> {
        @Override
        public Integer call() {
            try (AeCapture app = db.open()) {
                app.signedIn().filter(a -> a.role() == Role.ADMINISTRATOR)
                        .orElseThrow(() -> new IllegalStateException("Only an administrator lists the accounts."));
                for (Account a : app.accounts().all()) {
                    out().printf("%-20s %-24s %-12s %-7s %s%n", a.userName(), a.role(), String.join(",", new TreeSet<>(a.sites())),
                            a.locked() ? "LOCKED" : "active", a.fullName());
                }
            }
            return 0;
        }
    }

    @Command(name = "demo", description = "Fill an empty database with a synthetic trial (deterministic for a seed).")
    static final class Demo extends Base implements Callable<Integer> {
        @Option(names = "--subjects", description = "number of subjects (default: ${DEFAULT-VALUE})")
        int subjects = 130;

        @Option(names = "--seed", description = "random seed (default: ${DEFAULT-VALUE})")
        long seed = 1;

        @Option(names = "--aes-per-subject", description = "mean number of AEs per dosed subject (default: ${DEFAULT-VALUE})")
        double meanAes = 4;

        @Override
        public Integer call() {
            try (AeCapture app = db.open()) {
                DemoTrial.Data data = app.loadDemo(subjects, meanAes, seed);
                out().printf("Demo trial stored in %s: %d subjects (%d dosed), %d adverse events, randomization stored (blinded).%n",
                        app.database().location().display(), data.subjects().size(), data.armBySubject().size(), data.adverseEvents().size());
            }
            return 0;
        }
    }

    @Command(name = "import", description = "Import a CSV file, all or nothing.",
            subcommands = {ImportSubjects.class, ImportAes.class, ImportRandomization.class})
    static final class Import {
    }

    /** One CSV import: open the database, run the import, say how many rows went in. */
    abstract static class ImportFile extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.csv")
        Path file;

        abstract CsvImports.ImportResult importFrom(CsvImports imports, Path csv);

        /** What was done, with the row count and the file as arguments 1 and 2. */
        abstract String done();

        @Override
        public Integer call() {
            try (AeCapture app = db.open()) {
                CsvImports.ImportResult r = importFrom(app.imports(), file);
                out().println(String.format(done(), r.rows(), file));
            }
            return 0;
        }
    }

    @Command(name = "subjects", description = "Import subjects: subject_id,site,sex,birth_date,consent_date,first_dose_date,eos_date")
    static final class ImportSubjects extends ImportFile {
        @Override
        CsvImports.ImportResult importFrom(CsvImports imports, Path csv) {
            return imports.importSubjects(csv);
        }

        @Override
        String done() {
            return "Imported %d subjects from %s.";
        }
    }

    @Command(name = "aes", description = "Import adverse events (see README for the columns).")
    static final class ImportAes extends ImportFile {
        @Override
        CsvImports.ImportResult importFrom(CsvImports imports, Path csv) {
            return imports.importAdverseEvents(csv);
        }

        @Override
        String done() {
            return "Imported %d adverse events from %s.";
        }
    }

    @Command(name = "randomization", description = "Load the randomization list (unblinds the summary): subject_id,arm")
    static final class ImportRandomization extends ImportFile {
        @Override
        CsvImports.ImportResult importFrom(CsvImports imports, Path csv) {
            return imports.importRandomization(csv);
        }

        @Override
        String done() {
            return "Loaded the randomization of %d subjects from %s.";
        }
    }

    @Command(name = "export", description = "Export a report.", subcommands = {ExportSummary.class, ExportSdtm.class})
    static final class Export {
    }

    @Command(name = "summary", description = "Write the primary-outcome summary workbook (.xlsx): TEAE incidence by SOC, term"
            + " and highest CTCAE grade; by arm once the randomization is loaded.")
    static final class ExportSummary extends Base implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "FILE.xlsx", required = true, description = "the workbook to write")
        Path out;

        @Option(names = "--blinded", description = "pooled output (Total only) even when the randomization is loaded")
        boolean blinded;

        @Option(names = "--cutoff", paramLabel = "YYYY-MM-DD", description = "data cut-off: AEs with a later onset are left out")
        java.time.LocalDate cutoff;

        @Override
        public Integer call() {
            if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx")) {
                throw new IllegalArgumentException("--out must name an .xlsx file, not " + out);
            }
            try (AeCapture app = db.open()) {
                var model = app.summaryExport(AppInfo.version()).export(out, blinded, cutoff);
                out().printf("Summary written to %s (%s; %s).%n", out,
                        model.groups().size() > 1 ? "by arm" : "blinded, Total only",
                        String.join(", ", model.groups().stream().map(g -> g.header()).toList()));
            }
            return 0;
        }
    }

    @Command(name = "sdtm", description = "Write the CDISC SDTM datasets DM, AE and SUPPAE as SAS transport v5 (.xpt) and"
            + " Dataset-JSON 1.1 (.json), with define.csv listing their variables; arms only in the unblinded statistician's"
            + " output.")
    static final class ExportSdtm extends Base implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "the folder to write the files into")
        Path out;

        @Option(names = "--blinded", description = "no arm in the output even when the randomization is loaded")
        boolean blinded;

        @Option(names = "--cutoff", paramLabel = "YYYY-MM-DD", description = "data cut-off: AEs with a later onset and subjects"
                + " consented later are left out")
        java.time.LocalDate cutoff;

        @Override
        public Integer call() {
            if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out must name a folder, and " + out + " is a file");
            }
            try (AeCapture app = db.open()) {
                var result = app.sdtmExport(AppInfo.version()).export(out, blinded, cutoff);
                out().printf("SDTM datasets written to %s (%s): %s.%n", out, result.blinded() ? "blinded, no arm" : "unblinded, with arms",
                        String.join(", ", result.recordsByDataset().entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue() + " records").toList()));
                result.files().forEach(f -> out().println("  " + f.getFileName()));
            }
            return 0;
        }
    }

    @Command(name = "queries", description = "Data queries, edit checks and source data verification.",
            subcommands = {QueriesList.class, QueriesCheck.class})
    static final class Queries {
    }

    @Command(name = "list", description = "The queries of the sites you read (outstanding ones by default), with metrics per site; with --sdv"
            + " where every AE and subject stands against the source; --out writes all of it to an .xlsx workbook.")
    static final class QueriesList extends Base implements Callable<Integer> {
        @Option(names = "--state", paramLabel = "STATE", description = "open, answered, closed, cancelled, outstanding (open or answered,"
                + " the default) or all")
        String state = "outstanding";

        @Option(names = "--site", paramLabel = "SITE", description = "only this site's queries")
        String site;

        @Option(names = "--sdv", description = "also list the source data verification of every AE and subject, and the progress per site")
        boolean sdv;

        @Option(names = "--out", paramLabel = "FILE.xlsx", description = "write the listed queries, the metrics and the SDV status to a workbook")
        Path outFile;

        @Override
        public Integer call() throws Exception {
            String s = state.strip().toUpperCase(java.util.Locale.ROOT);
            if (!java.util.Set.of("OPEN", "ANSWERED", "CLOSED", "CANCELLED", "OUTSTANDING", "ALL").contains(s)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--state must be open, answered, closed, cancelled,"
                        + " outstanding or all, not " + state);
            }
            try (AeCapture app = db.open()) {
                java.time.Instant now = app.clock().instant();
                var rows = app.queries().list().stream()
                        .filter(r -> s.equals("ALL") || (s.equals("OUTSTANDING") ? r.query().state().isOutstanding() : r.query().state().name().equals(s)))
                        .filter(r -> site == null || site.equals(r.site())).toList();
                out().printf("%-7s %-5s %-9s %-30s %-10s %-14s %-5s %s%n", "QUERY", "SITE", "SUBJECT", "ON", "STATE", "RAISED BY", "DAYS", "TEXT");
                for (var r : rows) {
                    var q = r.query();
                    out().printf("%-7d %-5s %-9s %-30s %-10s %-14s %-5d %s%n", q.id(), r.site(), q.subjectNumber(),
                            q.target().code() + " " + q.recordId() + (q.field() == null ? "" : " " + q.field()), q.state().name(), q.raisedBy(),
                            q.daysOpen(r.lastActivity(), now), q.text());
                }
                out().printf("%d quer%s (%s%s).%n", rows.size(), rows.size() == 1 ? "y" : "ies", s.toLowerCase(java.util.Locale.ROOT),
                        site == null ? "" : ", site " + site);
                for (var m : org.aecapture.review.QueryMetrics.bySite(rows, now)) {
                    out().printf("Site %s: %d open, %d answered, %d closed, %d cancelled, median %.1f days open%n", m.site(), m.open(), m.answered(),
                            m.closed(), m.cancelled(), m.medianDaysOpen());
                }
                if (sdv) {
                    var status = app.queries().sdvStatus().stream().filter(r -> site == null || site.equals(r.site())).toList();
                    out().printf("%n%-5s %-9s %-20s %-30s %s%n", "SITE", "SUBJECT", "RECORD", "WHAT", "SDV");
                    for (var r : status) {
                        out().printf("%-5s %-9s %-20s %-30s %s%n", r.site(), r.subjectNumber(), r.target().code() + " " + r.recordId(),
                                r.label() == null ? "" : r.label(), r.status().name().replace('_', ' '));
                    }
                    java.util.Map<String, long[]> bySite = new java.util.TreeMap<>();
                    status.stream().filter(r -> r.target() == org.aecapture.domain.DataQuery.Target.ADVERSE_EVENT).forEach(r -> {
                        long[] n = bySite.computeIfAbsent(r.site(), x -> new long[2]);
                        n[0]++;
                        n[1] += r.status() == org.aecapture.domain.SdvMark.Status.VERIFIED ? 1 : 0;
                    });
                    bySite.forEach((st, n) -> out().printf("Site %s: %d of %d AEs verified%n", st, n[1], n[0]));
                }
                if (outFile != null) {
                    app.queries().export(outFile, rows, s.toLowerCase(java.util.Locale.ROOT) + " queries" + (site == null ? "" : ", site " + site));
                    out().println("Written: " + outFile);
                }
            }
            return 0;
        }
    }

    @Command(name = "check", description = "Run the study's edit checks over every subject of the sites you read: a finding opens a query"
            + " raised by the system; an edit-check query whose finding is gone closes itself (an administrator, monitor or safety reviewer).")
    static final class QueriesCheck extends Base implements Callable<Integer> {
        @Override
        public Integer call() {
            try (AeCapture app = db.open()) {
                var run = app.queries().runChecks();
                out().printf("Edit checks run over %d subjects in %.1f s: %d queries opened, %d closed because the data changed.%n", run.subjects(),
                        run.took().toMillis() / 1000.0, run.opened(), run.resolved());
            }
            return 0;
        }
    }

    @Command(name = "sae", description = "Serious adverse events: the reporting duty and the CIOMS I form.",
            subcommands = {SaeList.class, SaeCioms.class})
    static final class Sae {
    }

    @Command(name = "list", description = "Every SAE of the sites you read with where it stands (initial report due, sent, follow-up due,"
            + " SUSAR due, submitted), its due time and the time left; overdue first.")
    static final class SaeList extends Base implements Callable<Integer> {
        @Option(names = "--overdue", description = "only the SAEs whose report is overdue")
        boolean overdue;

        @Override
        public Integer call() {
            try (AeCapture app = db.open()) {
                java.time.Instant now = app.sae().now(); // the clock the states were read against
                var rows = app.sae().list(overdue);
                out().printf("%-8s %-9s %-5s %-36s %-5s %-20s %-22s %s%n", "AE", "SUBJECT", "SITE", "CTCAE TERM", "GRADE", "STATE", "DUE (UTC)",
                        "TIME LEFT");
                for (var r : rows) {
                    var st = r.status();
                    String state = st.state() == org.aecapture.sae.SaeStatus.State.FOLLOW_UP_DUE ? "FOLLOW-UP " + st.followUpNumber() + " DUE"
                            : st.state().name().replace('_', ' ');
                    out().printf("%-8d %-9s %-5s %-36s %-5d %-20s %-22s %s%s%n", r.ae().id(), r.ae().subjectNumber(), r.site(),
                            abbreviate(r.ae().ctcaeTerm(), 36), r.ae().grade(), state,
                            st.due() == null ? "-" : st.due().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString(), left(st.timeLeft(now)), st.susar() ? "  SUSAR" : "");
                }
                out().printf("%d serious adverse event%s%s.%n", rows.size(), rows.size() == 1 ? "" : "s", overdue ? " overdue" : "");
            }
            return 0;
        }

        private static String abbreviate(String s, int n) {
            return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026";
        }

        /** "5 h 20 min", "OVERDUE by 2 d 3 h". */
        static String left(java.time.Duration d) {
            if (d == null) {
                return "-";
            }
            java.time.Duration a = d.abs();
            String text = a.toDays() > 0 ? a.toDays() + " d " + a.toHoursPart() + " h" : a.toHours() + " h " + a.toMinutesPart() + " min";
            return d.isNegative() ? "OVERDUE by " + text : text;
        }
    }

    @Command(name = "cioms", description = "Write an SAE's CIOMS I form as PDF (blinded; --unblind: the unblinded statistician, for a SUSAR).")
    static final class SaeCioms extends Base implements Callable<Integer> {
        @Option(names = "--ae", paramLabel = "ID", required = true, description = "the adverse event's number (as sae list shows it)")
        long ae;

        @Option(names = "--out", paramLabel = "FILE.pdf", required = true, description = "the PDF to write")
        Path out;

        @Option(names = "--unblind", description = "name the subject's arm as the suspect drug (the unblinded statistician, SUSARs only)")
        boolean unblind;

        @Override
        public Integer call() {
            if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
                throw new IllegalArgumentException("--out must name a .pdf file, not " + out);
            }
            try (AeCapture app = db.open()) {
                var form = app.sae().cioms(ae, out, unblind);
                out().printf("CIOMS I form of adverse event %d (%s, %s) written to %s.%n", ae, form.reportType(),
                        form.unblinded() ? "UNBLINDED" : "blinded", out);
            }
            return 0;
        }
    }

    @Command(name = "labs", description = "Laboratory values and CTCAE v5.0.", subcommands = {LabsGrade.class})
    static final class Labs {
    }

    @Command(name = "grade", description = "Grade a CSV of laboratory values by CTCAE (v5.0, v6.0 with --ctcae 6.0, or the version"
            + " of the study --db names): columns ctcae_term,value,unit,lln,uln,baseline (empty: not known); written out again with"
            + " grade (0 to 5, empty when it cannot be graded) and reason. A bad row is reported with its row and column, and then"
            + " nothing is written. Writes nothing to any database.")
    static final class LabsGrade implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "IN.csv", description = "the values to grade")
        Path in;

        @Option(names = "--out", paramLabel = "OUT.csv", required = true, description = "the graded file to write")
        Path out;

        @Option(names = "--convention", paramLabel = "strict|worst-case", description = "what CTCAE leaves open: strict (a grade the"
                + " value alone cannot decide is left to a person; the default) or worst-case (the higher grade where only an unstated"
                + " clinical fact decides, Hemoglobin increased from ULN when the baseline is normal, absolute bounds whatever the ULN)")
        String convention = "strict";

        @Option(names = "--ctcae", paramLabel = "VERSION", description = "the CTCAE version graded by, 5.0 or 6.0 (default: the"
                + " study's with --db, else 5.0): each version's own laboratory criteria")
        String ctcae;

        @Mixin
        OptionalStudy study;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String version = ctcae == null ? CtcaeCatalog.V5 : ctcae.strip();
            if (study.given()) {
                try (AeCapture app = study.open()) {
                    version = studysVersion(app, ctcae, "Leave out --db to grade by v" + version + ". Nothing was written.");
                }
            }
            CtcaeCatalog catalog = CtcaeCatalog.bundled(version);
            org.aecapture.lab.LabCriteria criteria = org.aecapture.lab.LabCriteria.forVersion(catalog.version());
            var reading = switch (convention.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "strict" -> org.aecapture.lab.LabGrader.Convention.STRICT;
                case "worst-case", "worst_case" -> org.aecapture.lab.LabGrader.Convention.WORST_CASE;
                default -> throw new IllegalArgumentException("--convention is strict or worst-case, not " + convention + ". Nothing was done.");
            };
            var grader = new org.aecapture.lab.LabGrader(criteria, reading);
            var result = new org.aecapture.service.LabGradeFile(catalog, grader).grade(in, out);
            spec.commandLine().getOut().printf("%d rows graded into %s: %d with a grade, %d that the value alone cannot grade (see reason).%n",
                    result.rows(), out, result.graded(), result.notGraded());
            return 0;
        }
    }

    /**
     * A study database for a command that also works without one (terms, labs grade): its CTCAE version, and for terms its
     * coding history. Both options are optional, unlike {@link Main.DbOption}'s default database.
     */
    static final class OptionalStudy {
        @Option(names = "--db", paramLabel = "FILE|URL", converter = Main.LocationConverter.class, description = "a study database:"
                + " its CTCAE version is used, and terms puts its coding history first (signed in with --user when it has accounts)")
        DatabaseLocation db;

        @Option(names = "--user", paramLabel = "NAME", description = "with --db: sign in as this account")
        String user;

        boolean given() {
            return db != null;
        }

        /** The database, signed in as --user. */
        AeCapture open() {
            Main.DbOption option = new Main.DbOption();
            option.db = db;
            option.user = user;
            return option.open();
        }
    }

    /** The CTCAE version the study grades by; a different one asked for with --ctcae is refused, with what to do instead. */
    static String studysVersion(AeCapture app, String askedFor, String otherwise) {
        String studies = app.study().ctcae();
        if (askedFor != null && !askedFor.strip().equals(studies)) {
            throw new IllegalArgumentException("--ctcae " + askedFor.strip() + ": this study grades by CTCAE v" + studies + ". " + otherwise);
        }
        return studies;
    }

    @Command(name = "lock", description = "An administrator locks the database (no clinical change, query step or verification"
            + " afterwards, enforced by the database itself): refused while queries are outstanding or AEs unverified, unless --anyway.")
    static final class Lock extends Base implements Callable<Integer> {
        @Option(names = "--reason", required = true, description = "Why the database is locked (audited).")
        String reason;

        @Option(names = "--anyway", description = "Lock although queries are outstanding or AEs unverified (the audit keeps what was).")
        boolean anyway;

        @Override
        public Integer call() {
            try (AeCapture app = db.open()) {
                var lock = anyway ? app.databaseLock().lockAnyway(reason) : app.databaseLock().lock(reason);
                out().printf("The database is locked (%s UTC, by %s): %s%n", lock.changedAt(), lock.changedBy(), lock.reason());
            }
            return 0;
        }
    }

    @Command(name = "unlock", description = "An administrator unlocks the database, with the reason (audited).")
    static final class Unlock extends Base implements Callable<Integer> {
        @Option(names = "--reason", required = true, description = "Why the database is unlocked (audited).")
        String reason;

        @Override
        public Integer call() {
            try (AeCapture app = db.open()) {
                var lock = app.databaseLock().unlock(reason);
                out().printf("The database is unlocked (%s UTC, by %s): %s%n", lock.changedAt(), lock.changedBy(), lock.reason());
            }
            return 0;
        }
    }

    @Command(name = "check", description = "Check the SQLite database in full (PRAGMA integrity_check: every page, index and"
            + " constraint) and that its treatment arms are sealed at one fixed length, reading only; exit status 1 when it is damaged or its"
            + " arms are in the old, leaking format.")
    static final class Check implements Callable<Integer> {
        private static boolean leaks(Path backup) {
            try {
                return org.aecapture.store.ArmKeys.leakingArms(backup) > 0;
            } catch (org.aecapture.store.StoreException unreadable) {
                return false; // not a study file: the backup command's own check says so
            }
        }

        @Mixin
        Main.DbOption db = new Main.DbOption();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (!(db.db instanceof DatabaseLocation.SqliteFile f)) {
                out.println("A PostgreSQL database's integrity is kept by its server (checksums, amcheck); nothing to check here.");
                return 0;
            }
            if (!java.nio.file.Files.isRegularFile(f.file())) {
                throw new IllegalArgumentException("There is no database at " + f.file() + ".");
            }
            var report = org.aecapture.store.Database.checkIntegrity(f.file());
            if (report.ok()) {
                out.printf("%s is intact (integrity check in %.1f s).%n", f.file(), report.took().toMillis() / 1000.0);
                List<String> disagreeing = org.aecapture.store.Database.queriesDisagreeingWithSteps(f.file());
                if (!disagreeing.isEmpty()) {
                    // a query's state follows from its steps: a state written past them (outside the application) is reported
                    spec.commandLine().getErr().printf("QUERIES: %d queries hold a state their steps do not leave: %s%n", disagreeing.size(),
                            String.join("; ", disagreeing));
                    return 1;
                }
                int leaking = org.aecapture.store.ArmKeys.leakingArms(f.file());
                if (leaking > 0) {
                    spec.commandLine().getErr().printf("BLINDING: the treatment arms of %d subjects are sealed in the first format (or"
                            + " stored in the clear), whose length tells the arms apart. They are re-sealed at one fixed length when the"
                            + " unblinded statistician next signs in, or with accounts recover-arms.%n", leaking);
                }
                // a backup taken before the re-seal still holds the old values: said, not deleted (it is still a backup)
                List<Path> leakingBackups = org.aecapture.store.Backups.list(f.file()).stream()
                        .filter(Check::leaks).toList();
                if (!leakingBackups.isEmpty()) {
                    spec.commandLine().getErr().printf("BLINDING: %d backup(s) hold arms sealed the old, leaking way; keep them where"
                            + " only the unblinded statistician can read them, or replace them with a new backup: %s%n", leakingBackups.size(),
                            String.join(", ", leakingBackups.stream().map(Path::toString).toList()));
                }
                return leaking > 0 || !leakingBackups.isEmpty() ? 1 : 0;
            }
            spec.commandLine().getErr().printf("%s is DAMAGED: %s%nRestore it from a backup (restore --from FILE).%n", f.file(),
                    report.problemsText());
            return 1;
        }
    }

    @Command(name = "backup", description = "An administrator copies the SQLite database, also while it is in use, to a file:"
            + " checked with integrity_check before it appears, written whole or not at all.")
    static final class Backup extends Base implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "FILE", required = true, description = "the backup file to write")
        Path out;

        @Override
        public Integer call() {
            try (AeCapture app = db.open()) {
                Path written = app.backup(out);
                out().printf("Backup written to %s and checked: intact (%,d bytes).%n", written, sizeOf(written));
            }
            return 0;
        }
    }

    @Command(name = "restore", description = "Replace the SQLite database with a backup, only after the backup passes the full"
            + " integrity check; the replaced file is kept aside as NAME.replaced-STAMP. Signed in as an administrator of the"
            + " database replaced (unless it is too damaged to open). Nobody may have it open.")
    static final class Restore extends Base implements Callable<Integer> {
        @Option(names = "--from", paramLabel = "FILE", required = true, description = "the backup to restore")
        Path from;

        @Override
        public Integer call() {
            if (!(db.db instanceof DatabaseLocation.SqliteFile f)) {
                throw new IllegalArgumentException("restore works on SQLite files; a PostgreSQL database is restored by its server (pg_restore).");
            }
            if (java.nio.file.Files.exists(f.file())) {
                AeCapture app;
                try {
                    app = db.open();
                } catch (org.aecapture.store.StoreException e) {
                    // a database too damaged to open: whoever may write the file may replace it
                    out().println("The database cannot be opened to check for an administrator (" + e.getMessage() + "); restoring on file access.");
                    app = null;
                }
                if (app != null) {
                    try (AeCapture opened = app) {
                        opened.requireAdministrator("restore the database");
                    }
                }
            }
            var aside = org.aecapture.store.Backups.restore(from, f.file(), java.time.Clock.systemDefaultZone());
            out().printf("Restored %s from %s (checked: intact).%s%n", f.file(), from,
                    aside.map(p -> " The replaced database is kept as " + p + ".").orElse(""));
            return 0;
        }
    }

    static long sizeOf(Path p) {
        try {
            return java.nio.file.Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Command(name = "terms", description = "Search the CTCAE terms for a verbatim: best matches with MedDRA code, SOC and why"
            + " each is suggested (lexicon, the term's words, near spelling); with --db also the study's own coding history."
            + " With --map: what CTCAE v6.0 says of a v5.0 term, grade by grade (NCI's mapping).")
    static final class Terms implements Callable<Integer> {
        @Parameters(paramLabel = "QUERY", arity = "1..*")
        List<String> words;

        @Option(names = "--limit", description = "how many matches (default: ${DEFAULT-VALUE})")
        int limit = 10;

        @Option(names = "--ctcae", paramLabel = "VERSION", description = "the CTCAE version searched, 5.0 or 6.0 (default: the study's"
                + " with --db, else 5.0)")
        String ctcae;

        @Option(names = "--map", description = "QUERY is a CTCAE v5.0 term or its MedDRA code: print NCI's v6.0 term and text for each"
                + " of its grades, its definition and its navigational note")
        boolean map;

        @Mixin
        OptionalStudy study;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String verbatim = String.join(" ", words);
            PrintWriter out = spec.commandLine().getOut();
            if (map) {
                return printMap(verbatim, out);
            }
            List<TermSuggestion> hits;
            if (!study.given()) {
                hits = CtcaeCatalog.bundled(ctcae == null ? CtcaeCatalog.V5 : ctcae.strip()).suggest(verbatim, CodingHistory.NONE, limit);
            } else {
                try (AeCapture app = study.open()) {
                    studysVersion(app, ctcae, "Its coding history is in that version: leave out --db to search v" + ctcae + ".");
                    hits = app.catalog().suggest(verbatim, app.adverseEvents().codingHistory(), limit);
                }
            }
            if (hits.isEmpty()) {
                out.println("No CTCAE term matches '" + verbatim + "'.");
                return 1;
            }
            for (TermSuggestion s : hits) {
                CtcaeTerm t = s.term();
                out.printf("%-10s %-45s %-40s %s%n", t.meddraCode(), t.term(), s.reason(), t.soc());
            }
            return 0;
        }

        private static int printMap(String v5Term, PrintWriter out) {
            List<CtcaeMap.Entry> rows = CtcaeMap.bundled().forTerm(v5Term);
            if (rows.isEmpty()) {
                out.println("'" + v5Term + "' is not a CTCAE v5.0 term or MedDRA code.");
                return 1;
            }
            CtcaeMap.Entry first = rows.get(0);
            out.printf("CTCAE v5.0 %s (%s) in CTCAE v6.0, as NCI maps it:%n", first.v5Term(), first.v5Code());
            for (CtcaeMap.Entry e : rows) {
                out.printf("  %-17s %s%n", e.v5Item(), e.v5Text());
                String specify = e.otherSpecify().isBlank() || e.otherSpecify().equals("N/A") ? "" : "; specify: " + e.otherSpecify();
                out.printf("  %-17s -> %s (%s) %s [%s%s]: %s%n", "", e.v6Term(), e.v6Code(), e.v6Item(), e.change(), specify, e.v6Text());
            }
            return 0;
        }
    }

    @Command(name = "bench", description = "Measure term search (and coding quality), a single AE save and a 10,000-AE import on"
            + " temporary databases.")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--work-dir", description = "folder for the temporary databases (default: the system temp folder); with --scale,"
                + " the CSVs each trial was imported from stay there")
        Path workDir;

        @Option(names = "--export", description = "also export the summary of a 2,000-subject, ~100,000-AE trial"
                + " (run with -Xmx512m to check the memory bound)")
        boolean export;

        @Option(names = "--queries", description = "also measure the edit checks over that trial, and the Queries screen's load and"
                + " filter changes")
        boolean queries;

        @Option(names = "--review", description = "also measure the safety review screen's load and filter changes on that trial")
        boolean review;

        @Option(names = "--scale", description = "instead: build trials of 10,000, 100,000 and 1,000,000 AEs through the import and"
                + " print how each cost grows (file size, open, AE save, review load and filter, the whole export summary command at"
                + " -Xmx512m and its peak heap); the 1M trial takes minutes")
        boolean scale;

        @Option(names = "--sizes", split = ",", description = "with --scale: the trial sizes in AEs (default: 10000,100000,1000000)")
        List<Integer> sizes = List.of(10_000, 100_000, 1_000_000);

        @Option(names = "--subjects", split = ",", description = "with --scale: also trials of this many subjects with 3 AEs each (e.g."
                + " 31000), the other shape a trial has")
        List<Integer> manySubjects = List.of();

        @Option(names = "--terms", description = "only the term search: speed per query and the coding quality on the evaluation set"
                + " (top-1, top-5 and every miss; run from the repository root)")
        boolean termsOnly;

        @Option(names = "--concurrent", description = "instead: many clients at once, each with its own connection and account,"
                + " entering and correcting AEs on a new SQLite file and, with --db, on that (empty) PostgreSQL database")
        boolean concurrent;

        @Option(names = "--sync", description = "instead: a site file of 130 subjects and 5,000 AEs synced with the (empty) PostgreSQL"
                + " database of --db, then 1,000 AEs corrected and 200 new ones synced, then a sync with nothing to do")
        boolean sync;

        @Option(names = "--db", paramLabel = "URL", converter = Main.LocationConverter.class, description = "with --concurrent or --sync:"
                + " an empty PostgreSQL database to measure (its owner's password from ~/.pgpass)")
        DatabaseLocation db;

        @Option(names = "--clients", description = "with --concurrent: how many clients (default: ${DEFAULT-VALUE})")
        int clients = 30;

        @Option(names = "--seconds", description = "with --concurrent: how long they work (default: ${DEFAULT-VALUE})")
        int seconds = 60;

        // the bench's own: it measures a site's first saves in JVMs it starts for them
        @Option(names = "--first-saves", hidden = true)
        Path firstSaves;

        @Option(names = "--times", hidden = true)
        Path times;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (firstSaves != null) {
                new org.aecapture.bench.Benchmark(spec.commandLine().getOut(), AppInfo.version(), null, false, false, false)
                        .firstSaves(firstSaves, times);
                return 0;
            }
            if (concurrent) {
                org.aecapture.bench.ConcurrentBenchmark bench = new org.aecapture.bench.ConcurrentBenchmark(spec.commandLine().getOut(), clients, java.time.Duration.ofSeconds(seconds));
                Path dir = workDir != null ? workDir : java.nio.file.Files.createTempDirectory("aecapture-concurrent");
                bench.runOnSqlite(dir);
                if (db != null) {
                    bench.run(db, org.aecapture.location.Credentials.NONE, "PostgreSQL " + db.display());
                }
                return 0;
            }
            if (sync) {
                if (!(db instanceof DatabaseLocation.PostgresServer)) {
                    throw new IllegalArgumentException("bench --sync needs --db jdbc:postgresql://HOST:5432/NAME, an empty database. Nothing"
                            + " was done.");
                }
                Path dir = workDir != null ? workDir : java.nio.file.Files.createTempDirectory("aecapture-sync");
                new org.aecapture.bench.SyncBenchmark(spec.commandLine().getOut(), 130, 5_000, 1_000, 200)
                        .run(dir, db, org.aecapture.location.Credentials.NONE);
                return 0;
            }
            if (scale) {
                new org.aecapture.bench.ScaleBenchmark(spec.commandLine().getOut(), AppInfo.version(), workDir, sizes, manySubjects).run();
                return 0;
            }
            new org.aecapture.bench.Benchmark(spec.commandLine().getOut(), AppInfo.version(), workDir, export, review, termsOnly)
                    .withQueries(queries).run();
            return 0;
        }
    }
}
