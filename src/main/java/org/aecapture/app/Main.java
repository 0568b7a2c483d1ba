package org.aecapture.app;

import java.io.Console;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.domain.ValidationException;
import org.aecapture.service.AccessRefused;
import org.aecapture.service.AccountService;
import org.aecapture.service.AeCapture;
import org.aecapture.service.ImportException;
import org.aecapture.security.PasswordHasher;
import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.ServerRoles;
import org.aecapture.store.StoreException;
import org.aecapture.study.StudyDefinition;
import org.aecapture.study.StudyDefinitions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point. With no subcommand it opens the GUI; with one it runs the command line and never
 * touches JavaFX, so it works with no display. Deliberately not a JavaFX Application subclass, so that
 * a plain class-path or fat-jar launch works.
 */
@Command(name = "aecapture", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "AE Capture: record adverse events, grade them with CTCAE v5.0 and report the primary safety outcome.")
public final class Main implements Callable<Integer> {

    /** The top-level commands, in the order the help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(Commands.Init.class, Commands.Accounts.class, Commands.Demo.class,
            Commands.Import.class, Commands.Export.class, Commands.Terms.class, Commands.Provision.class, Commands.Transfer.class, Commands.Sync.class,
            Commands.Bench.class, Commands.Check.class, Commands.Backup.class, Commands.Restore.class, Commands.Labs.class,
            Commands.Sae.class, Commands.Queries.class, Commands.Lock.class, Commands.Unlock.class);

    /** Where a command's password comes from: AECAPTURE_PASSWORD, else a prompt on the terminal (tests put their own). */
    static Function<String, char[]> passwords = user -> environmentOrTerminal("AECAPTURE_PASSWORD", "the password of " + user,
            console -> console.readPassword("Password for %s: ", user));

    /**
     * Where a new account's password comes from: AECAPTURE_NEW_PASSWORD, else typed twice on the terminal
     * (tests put their own).
     */
    static Function<String, char[]> newPasswords = user -> environmentOrTerminal("AECAPTURE_NEW_PASSWORD",
            "the password of the new account " + user, console -> {
                char[] typed = console.readPassword("New password for %s: ", user);
                char[] again = console.readPassword("The same password again: ");
                if (!java.util.Arrays.equals(typed, again)) {
                    throw new IllegalArgumentException("The two passwords differ: nothing was done.");
                }
                return typed;
            });

    /**
     * Where the unblinded statistician's recovery code comes from (accounts recover-arms; on a server, a statistician's new
     * login): AECAPTURE_RECOVERY_CODE, else asked on the terminal (tests put their own).
     */
    static java.util.function.Supplier<String> recoveryCode = () -> new String(environmentOrTerminal("AECAPTURE_RECOVERY_CODE",
            "recovery code", console -> console.readLine("Recovery code: ").toCharArray()));

    /** A secret from an environment variable, else asked on the terminal; with neither, a clear refusal. */
    private static char[] environmentOrTerminal(String variable, String what, Function<Console, char[]> ask) {
        String fromEnvironment = System.getenv(variable);
        if (fromEnvironment != null) {
            return fromEnvironment.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalStateException("No " + what + ": set " + variable + " or run the command in a terminal.");
        }
        return ask.apply(console);
    }

    /** The database and account options every command shares. */
    static final class DbOption {
        @Option(names = "--db", paramLabel = "FILE|URL", converter = LocationConverter.class, description = "the study database: an"
                + " SQLite file or a PostgreSQL server's jdbc:postgresql://host:5432/NAME (default: ${DEFAULT-VALUE})")
        DatabaseLocation db = new DatabaseLocation.SqliteFile(DataPaths.defaultDatabase());

        @Option(names = "--user", paramLabel = "NAME", description = "sign in as this account, with the password from"
                + " AECAPTURE_PASSWORD or a prompt; needed once the database has accounts")
        String user;

        /**
         * Opens the database signed in as --user. A database without accounts is refused: its first start
         * (here {@code init --admin}, or the window) makes the first administrator before anything else.
         */
        AeCapture open() {
            char[] password = user != null && db instanceof DatabaseLocation.PostgresServer ? passwords.apply(user) : null;
            AeCapture app;
            try {
                // on a server each person connects as their own login role, with the password they sign in with
                app = AeCapture.open(db, password == null ? Credentials.NONE : new Credentials(ServerRoles.loginRole(user), password.clone()),
                        DataPaths::operatingSystemUser, Clock.systemDefaultZone());
            } catch (RuntimeException e) {
                PasswordHasher.wipe(password);
                throw e;
            }
            try {
                if (!app.accounts().hasAccounts()) {
                    throw new IllegalStateException("The database " + db + " has no accounts yet: create its first administrator with"
                            + " 'init --db " + db + " --admin NAME' (or open it in the window). Nothing was done.");
                }
                if (user == null) {
                    throw new IllegalStateException("The database " + db + " has accounts: sign in with --user NAME (the password is read"
                            + " from AECAPTURE_PASSWORD or asked for). Nothing was done.");
                }
            } catch (RuntimeException e) {
                app.close();
                PasswordHasher.wipe(password);
                throw e;
            }
            return signedIn(app, password);
        }

        /**
         * Opens (creating a file when new) the database as its owner: on a server, the role in the URL (its
         * password from ~/.pgpass), who creates the schema and the server roles.
         */
        AeCapture openOrInit() {
            return openOrInit(null);
        }

        /** Opens the database, creating it with this study definition (null: the bundled study) when it is new. */
        AeCapture openOrInit(String studyYaml) {
            return signedIn(AeCapture.openOrInit(db, Credentials.NONE, DataPaths::operatingSystemUser, Clock.systemDefaultZone(), studyYaml),
                    null);
        }

        private AeCapture signedIn(AeCapture app, char[] password) {
            app.database().accessWarning().ifPresent(System.err::println);
            if (user != null) {
                try {
                    app.signIn(user, password != null ? password : passwords.apply(user));
                } catch (RuntimeException e) {
                    app.close();
                    throw e;
                }
            }
            return app;
        }
    }

    @CommandLine.Mixin
    DbOption db = new DbOption();

    /** A --db value: a file path or a jdbc:postgresql URL. */
    static final class LocationConverter implements CommandLine.ITypeConverter<DatabaseLocation> {
        @Override
        public DatabaseLocation convert(String value) {
            return DatabaseLocation.parse(value);
        }
    }

    @Override
    public Integer call() {
        App.launchWith(db.db);
        return 0;
    }

    public static void main(String[] args) {
        Optional<DatabaseLocation> window = windowDatabase(args);
        if (window.isPresent()) { // a tenth of a second less before the first frame than through picocli
            App.launchWith(window.get());
            System.exit(0);
        }
        System.exit(commandLine(args).execute(args));
    }

    /** The database the window opens, when the arguments ask for the window and name a valid one (or none). */
    static Optional<DatabaseLocation> windowDatabase(String[] args) {
        if (!opensWindow(args)) {
            return Optional.empty();
        }
        String named = null;
        for (int i = 0; i < args.length; i++) {
            named = args[i].equals("--db") ? args[++i] : args[i].substring("--db=".length());
        }
        try {
            return Optional.of(named == null ? new DbOption().db : DatabaseLocation.parse(named));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // picocli says what is wrong with it, as for every other option
        }
    }

    /** Every command: for the help, and a name that is no command (its message lists them). */
    static CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    /**
     * Only the command named first in {@code args}, when one is, and none when the window is asked for: picocli reads
     * every command's annotations as it builds them, a third of a second for all, which every command paid before
     * doing anything, and the window a sixth of a second before its first frame.
     */
    static CommandLine commandLine(String[] args) {
        String asked = args.length > 0 ? args[0] : null;
        List<Class<?>> named = COMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(asked)).toList();
        return commandLine(!named.isEmpty() ? named : opensWindow(args) ? List.of() : COMMANDS);
    }

    /**
     * Whether these arguments open the window: nothing, or only the database ({@code --db FILE|URL}). Anything else
     * (a help, a version, a word that is no command) gets every command, so that the help and the messages list them.
     */
    static boolean opensWindow(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--db") && i + 1 < args.length && !args[i + 1].startsWith("-")) { // an option there: picocli says so
                i++;
            } else if (!args[i].startsWith("--db=")) {
                return false;
            }
        }
        return true;
    }

    private static CommandLine commandLine(List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new Main());
        commands.forEach(cl::addSubcommand);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof StoreException || e instanceof ImportException || e instanceof ValidationException
                    || e instanceof AccessRefused || e instanceof AccountService.LoginRefused
                    || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println(e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            StudyDefinition study = StudyDefinitions.bundled();
            return new String[] {
                AppInfo.NAME + " " + AppInfo.version(),
                "CTCAE v" + String.join(" and v", CtcaeCatalog.VERSIONS) + " bundled",
                "Study " + study.studyId() + " (protocol " + study.protocol() + "), graded by CTCAE v" + study.ctcae()
            };
        }
    }
}
