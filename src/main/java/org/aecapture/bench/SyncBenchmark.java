package org.aecapture.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.service.DemoTrial;
import org.aecapture.service.SiteSyncs;
import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.study.StudyDefinitions;

/**
 * {@code bench --sync}: a site's file with 130 subjects and about 5,000 AEs synced with an empty central database, then
 * 1,000 AEs corrected and 200 new ones synced, then a sync with nothing to do; the time of each, what it carried, and
 * the counts on both sides at the end.
 */
public final class SyncBenchmark {

    private static final String PASSWORD = "bench sync password";
    private static final String INVESTIGATOR = "benchsync_inv";
    private static final String ADMIN = "benchsync_admin";

    private final PrintWriter out;
    private final int subjects;
    private final int aes;
    private final int corrected;
    private final int added;

    public SyncBenchmark(PrintWriter out, int subjects, int aes, int corrected, int added) {
        this.out = out;
        this.subjects = subjects;
        this.aes = aes;
        this.corrected = corrected;
        this.added = added;
    }

    /** Runs against {@code central}, an empty database on a PostgreSQL server, made ready here by its {@code owner}. */
    public void run(Path dir, DatabaseLocation central, Credentials owner) throws Exception {
        Clock clock = Clock.systemUTC();
        DemoTrial.Data data = new DemoTrial(CtcaeCatalog.bundled(), StudyDefinitions.bundled())
                .generate(subjects, aes * 1.35 / subjects, 11, LocalDate.now());
        List<AdverseEvent> all = data.adverseEvents();
        List<AdverseEvent> first = all.subList(0, Math.min(aes, all.size()));
        List<AdverseEvent> later = all.subList(first.size(), Math.min(first.size() + added, all.size()));
        Path subjectsCsv = dir.resolve("sync-subjects.csv");
        Path firstCsv = dir.resolve("sync-aes.csv");
        Path laterCsv = dir.resolve("sync-new-aes.csv");
        Benchmark.writeSubjects(subjectsCsv, data.subjects());
        Benchmark.writeAes(firstCsv, first);
        Benchmark.writeAes(laterCsv, later);
        Set<String> sites = new TreeSet<>();
        data.subjects().forEach(s -> sites.add(s.site()));

        try (AeCapture server = AeCapture.openOrInit(central, owner, () -> "bench", clock)) {
            server.provisionServer();
            server.accounts().createFirstAdministrator(ADMIN, "Bench Administrator", PASSWORD.toCharArray());
        }
        try (AeCapture admin = AeCapture.open(central, new Credentials(ADMIN, PASSWORD.toCharArray()), () -> ADMIN, clock)) {
            admin.signIn(ADMIN, PASSWORD.toCharArray());
            admin.accounts().create(ADMIN, INVESTIGATOR, "Bench Investigator", Role.INVESTIGATOR, sites, PASSWORD.toCharArray());
        }
        Path site = dir.resolve("site.db");
        Files.deleteIfExists(site);
        try (AeCapture app = AeCapture.openOrInit(site, () -> INVESTIGATOR, clock)) {
            // the site's data entered by its investigator, who holds an account centrally too: the server takes carried
            // audit rows only of a person with an account at the subject's site
            app.accounts().createFirstAdministrator("siteadmin", "Site Administrator", PASSWORD.toCharArray());
            app.signIn("siteadmin", PASSWORD.toCharArray());
            app.accounts().create("siteadmin", INVESTIGATOR, "Bench Investigator", Role.INVESTIGATOR, sites, PASSWORD.toCharArray());
            app.signIn(INVESTIGATOR, PASSWORD.toCharArray());
            app.imports().importSubjects(subjectsCsv);
            app.imports().importAdverseEvents(firstCsv);
        }
        out.printf("bench --sync: a site file of %d subjects and %d AEs, against %s%n", data.subjects().size(), first.size(), central.display());
        report("first sync", () -> sync(site, central, clock));

        long s = System.nanoTime();
        try (AeCapture app = AeCapture.open(site, () -> INVESTIGATOR, clock)) {
            app.signIn(INVESTIGATOR, PASSWORD.toCharArray());
            app.imports().importAdverseEvents(laterCsv);
            List<AdverseEvent> stored = new ArrayList<>();
            for (var subject : app.subjects().all()) {
                stored.addAll(app.adverseEvents().forSubject(subject.subjectNumber(), false));
                if (stored.size() >= corrected) {
                    break;
                }
            }
            for (AdverseEvent ae : stored.subList(0, Math.min(corrected, stored.size()))) {
                app.adverseEvents().correct(ae.withVerbatimTerm(ae.verbatimTerm() + " (as charted)"), "source document verification");
            }
        }
        out.printf("  offline at the site: %d AEs corrected and %d new, in %.1f s%n", corrected, later.size(), (System.nanoTime() - s) / 1e9);
        report("sync after the changes", () -> sync(site, central, clock));
        report("sync with nothing to do", () -> sync(site, central, clock));

        String aesOfSites = "SELECT count(*) FROM adverse_event";
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + site);
             var st = c.createStatement(); var rs = st.executeQuery(aesOfSites)) {
            rs.next();
            out.printf("  AEs at the site: %d%n", rs.getLong(1));
        }
        try (AeCapture online = AeCapture.open(central, new Credentials(INVESTIGATOR, PASSWORD.toCharArray()), () -> INVESTIGATOR, clock)) {
            online.signIn(INVESTIGATOR, PASSWORD.toCharArray());
            long centralAes = 0;
            for (var subject : online.subjects().all()) {
                centralAes += online.adverseEvents().forSubject(subject.subjectNumber(), true).size();
            }
            out.printf("  AEs centrally:   %d%n", centralAes);
        }
        out.flush();
    }

    private static org.aecapture.domain.SyncResult sync(Path site, DatabaseLocation central, Clock clock) {
        return SiteSyncs.run(site, central, INVESTIGATOR, PASSWORD.toCharArray(), PASSWORD.toCharArray(), clock);
    }

    private void report(String what, java.util.concurrent.Callable<org.aecapture.domain.SyncResult> sync) throws Exception {
        long s = System.nanoTime();
        org.aecapture.domain.SyncResult r = sync.call();
        double seconds = (System.nanoTime() - s) / 1e9;
        out.printf("  %-26s %6.2f s   sent %s; received %s; conflicts %d%n", what, seconds, r.sent(), r.received(), r.conflicts().size());
    }

}
