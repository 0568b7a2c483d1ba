package org.aecapture.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.aecapture.domain.Role;

/**
 * The demo trial a newcomer explores from the first screen: a file of its own beside the real database
 * ({@code NAME-demo.db}), never mixed with a study's data, filled with the synthetic trial and one account of each
 * working role, all with one published password.
 */
public final class DemoFile {

    /** The demo accounts' password, shown on the sign-in screen of the demo file: it guards nothing real. */
    public static final String PASSWORD = "explore the demo";
    /** The demo file's accounts, as the sign-in screen lists them. */
    public static final List<String> ACCOUNTS = List.of("demo-investigator", "demo-monitor", "demo-reviewer", "demo-statistician", "demo-admin");
    private static final String SUFFIX = "-demo.db";

    private DemoFile() {
    }

    /** The demo file beside a database file. */
    public static Path beside(Path database) {
        String name = database.getFileName().toString();
        String base = name.endsWith(".db") ? name.substring(0, name.length() - 3) : name;
        return database.resolveSibling(base + SUFFIX);
    }

    /** Whether a file is a demo file (its sign-in screen shows the demo accounts). */
    public static boolean isDemo(Path file) {
        return file.getFileName().toString().endsWith(SUFFIX);
    }

    /** The demo file beside {@code database}, made and filled the first time; returns its path. */
    public static Path openOrCreate(Path database, Clock clock) {
        Path demo = beside(database);
        if (Files.isRegularFile(demo)) {
            return demo;
        }
        Path building = demo.resolveSibling(demo.getFileName() + ".building");
        try {
            Files.deleteIfExists(building);
            try (AeCapture app = AeCapture.openOrInit(building, () -> "demo", clock)) {
                app.accounts().createFirstAdministrator("demo-admin", "Demo Administrator", PASSWORD.toCharArray());
                app.signIn("demo-admin", PASSWORD.toCharArray());
                app.loadDemo(130, 3, 1);
                Set<String> sites = new java.util.TreeSet<>();
                app.subjects().all().forEach(s -> sites.add(s.site()));
                app.accounts().create("demo-admin", "demo-investigator", "Demo Investigator", Role.INVESTIGATOR, sites, PASSWORD.toCharArray());
                app.accounts().create("demo-admin", "demo-reviewer", "Demo Safety Reviewer", Role.SAFETY_REVIEWER, Set.of(), PASSWORD.toCharArray());
                app.accounts().create("demo-admin", "demo-monitor", "Demo Monitor (CRA)", Role.MONITOR, sites, PASSWORD.toCharArray());
                app.queries().runChecks(); // the study's edit checks over the synthetic data: the queries a monitor starts from
                app.accounts().createAccount("demo-admin", "demo-statistician", "Demo Statistician", Role.UNBLINDED_STATISTICIAN, Set.of(),
                        PASSWORD.toCharArray());
                app.signOut("demo trial made");
            }
            // whole or not at all: a demo half made (the window closed meanwhile) is made again next time
            Files.move(building, demo, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return demo;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("The demo trial could not be made beside " + database + ": " + e.getMessage(), e);
        }
    }
}
