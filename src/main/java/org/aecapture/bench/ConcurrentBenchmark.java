package org.aecapture.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.Role;
import org.aecapture.domain.Subject;
import org.aecapture.service.AeCapture;
import org.aecapture.service.DemoTrial;
import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.ServerRoles;
import org.aecapture.store.StoreException;

/**
 * Many people at once on one database: each client has its own connection and its own investigator account
 * (on a server, its own login role), and enters AEs and corrects each one for a fixed time. Prints saves per
 * second, the latency of a save (p50, p95, max) and a final count that proves nothing was lost or doubled.
 */
public final class ConcurrentBenchmark {

    private static final String PASSWORD_SUFFIX = " bench password";
    private final PrintWriter out;
    private final int clients;
    private final Duration duration;

    public ConcurrentBenchmark(PrintWriter out, int clients, Duration duration) {
        this.out = out;
        this.clients = clients;
        this.duration = duration;
    }

    /** On a new SQLite file (WAL) in {@code dir}. */
    public void runOnSqlite(Path dir) throws Exception {
        run(new DatabaseLocation.SqliteFile(Files.createDirectories(dir).resolve("concurrent-" + System.nanoTime() + ".db")),
                Credentials.NONE, "SQLite (WAL, synchronous=FULL)");
    }

    /** On an empty server database, set up by its owner ({@code owner}); each client then connects as its own login role. */
    public void run(DatabaseLocation where, Credentials owner, String label) throws Exception {
        Clock clock = Clock.systemDefaultZone();
        List<Subject> subjects;
        String prefix = "c" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        try (AeCapture setup = AeCapture.openOrInit(where, owner, () -> "bench-setup", clock)) {
            if (setup.accounts().hasAccounts()) {
                throw new IllegalStateException("The concurrent bench needs an empty database, and " + where.display() + " has accounts.");
            }
            if (where instanceof DatabaseLocation.PostgresServer) {
                setup.provisionServer();
            }
            DemoTrial.Data data = new DemoTrial(setup.catalog(), setup.study()).generate(clients * 3, 0, 11, setup.today());
            // subjects still on study, so that AEs can be entered today
            subjects = data.subjects().stream().filter(Subject::isDosed).limit(clients)
                    .map(s -> s.withStudyDates(s.firstDoseDate(), null, org.aecapture.domain.SubjectStatus.ON_STUDY)).toList();
            if (subjects.size() < clients) {
                throw new IllegalStateException("the demo trial gave " + subjects.size() + " subjects on treatment, not " + clients);
            }
            for (Subject s : subjects) {
                setup.subjects().enrol(s);
            }
            String admin = prefix + "_admin";
            setup.accounts().createFirstAdministrator(admin, "Bench Administrator", (admin + PASSWORD_SUFFIX).toCharArray());
            setup.signIn(admin, (admin + PASSWORD_SUFFIX).toCharArray());
            for (int i = 0; i < clients; i++) {
                String user = prefix + "_inv" + i;
                setup.accounts().create(admin, user, "Bench Investigator " + i, Role.INVESTIGATOR, Set.of(subjects.get(i).site()),
                        (user + PASSWORD_SUFFIX).toCharArray());
            }
        }

        long retriesBefore = org.aecapture.store.Database.serializationRetries();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CyclicBarrier start = new CyclicBarrier(clients);
        List<Future<long[]>> results = new ArrayList<>();
        long[] saved = new long[clients];
        long[] corrected = new long[clients];
        long[] failed = new long[clients];
        for (int i = 0; i < clients; i++) {
            int client = i;
            Subject subject = subjects.get(i);
            String user = prefix + "_inv" + i;
            results.add(pool.submit(() -> {
                char[] password = (user + PASSWORD_SUFFIX).toCharArray();
                Credentials own = where instanceof DatabaseLocation.PostgresServer
                        ? new Credentials(ServerRoles.loginRole(user), password.clone()) : Credentials.NONE;
                try (AeCapture app = AeCapture.open(where, own, () -> user, clock)) {
                    app.signIn(user, password);
                    AdverseEvent template = headache(subject, app.today());
                    List<Long> latencies = new ArrayList<>();
                    start.await(5, TimeUnit.MINUTES);
                    long deadline = System.nanoTime() + duration.toNanos();
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        AdverseEvent ae;
                        try {
                            ae = app.adverseEvents().record(template);
                        } catch (StoreException e) {
                            failed[client]++; // a save refused (the database too busy): counted, and nothing was written
                            continue;
                        }
                        latencies.add(System.nanoTime() - t0);
                        saved[client]++;
                        long t1 = System.nanoTime();
                        try {
                            app.adverseEvents().correct(withGrade(ae, 3), "bench: grade corrected from the source document");
                            latencies.add(System.nanoTime() - t1);
                            corrected[client]++;
                        } catch (StoreException e) {
                            failed[client]++;
                        }
                    }
                    return latencies.stream().mapToLong(Long::longValue).toArray();
                }
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            all.add(f.get());
        }
        pool.shutdown();
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).toArray();
        long totalSaved = Arrays.stream(saved).sum();
        long totalCorrected = Arrays.stream(corrected).sum();
        long retries = org.aecapture.store.Database.serializationRetries() - retriesBefore;
        long[] counts = finalCounts(where, owner, clock);
        boolean consistent = counts[0] == totalSaved && counts[1] == totalCorrected && counts[2] == totalSaved && counts[3] == totalCorrected;
        out.printf("concurrent saves on %s: %d clients, each with its own connection and account, for %d s%n", label, clients,
                duration.toSeconds());
        out.printf("  %d saves (%d new AEs, %d corrections), %d refused: %.1f saves/s; latency of a save p50 %.1f ms, p95 %.1f ms,"
                + " max %.1f ms%n", latencies.length, totalSaved, totalCorrected, Arrays.stream(failed).sum(), latencies.length / (double) duration.toSeconds(),
                Benchmark.percentile(latencies, 50) / 1e6, Benchmark.percentile(latencies, 95) / 1e6,
                Benchmark.percentile(latencies, 100) / 1e6);
        out.printf("  final count: %d AEs stored (%d saved), %d at version 2 (%d corrected), %d AE insert and %d correction audit"
                + " records: %s%n", counts[0], totalSaved, counts[1], totalCorrected, counts[2], counts[3],
                consistent ? "nothing lost or doubled" : "MISMATCH");
        if (where instanceof DatabaseLocation.PostgresServer) {
            out.printf("  transactions run again after a serialization failure: %d%n", retries);
        }
        out.flush();
        if (!consistent) {
            throw new IllegalStateException("the final count does not match what the clients saved");
        }
    }

    /** AEs, AEs at version 2, AEs with insert audit rows, grade corrections audited: read as the owner. */
    private static long[] finalCounts(DatabaseLocation where, Credentials owner, Clock clock) {
        try (AeCapture check = AeCapture.open(where, owner, () -> "bench-check", clock)) {
            return check.database().inTransaction(tx -> new long[] {
                count(tx.connection(), "SELECT count(*) FROM adverse_event"),
                count(tx.connection(), "SELECT count(*) FROM adverse_event WHERE version = 2"),
                count(tx.connection(), "SELECT count(DISTINCT record_id) FROM audit_trail WHERE entity = 'adverse_event' AND action = 'INSERT'"),
                count(tx.connection(), "SELECT count(*) FROM audit_trail WHERE entity = 'adverse_event' AND action = 'UPDATE' AND field = 'grade'")
            });
        }
    }

    private static long count(java.sql.Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static AdverseEvent headache(Subject s, LocalDate today) {
        LocalDate onset = s.firstDoseDate().plusDays(1).isAfter(today) ? today : s.firstDoseDate().plusDays(1);
        return AdverseEvent.of(s.subjectNumber()).verbatimTerm("headache").meddraCode("10019211").grade(2)
                .onsetDate(PartialDate.of(onset)).ongoing(true).relationship(Relationship.UNLIKELY)
                .actionTaken(ActionTaken.DOSE_NOT_CHANGED).outcome(Outcome.NOT_RECOVERED).build();
    }

    private static AdverseEvent withGrade(AdverseEvent ae, int grade) {
        return AdverseEvent.of(ae.subjectNumber()).id(ae.id()).verbatimTerm(ae.verbatimTerm()).meddraCode(ae.meddraCode())
                .grade(grade).onsetDate(ae.onsetDate()).endDate(ae.endDate()).ongoing(ae.ongoing()).serious(ae.serious())
                .seriousCriteria(ae.seriousCriteria()).relationship(ae.relationship()).actionTaken(ae.actionTaken())
                .outcome(ae.outcome()).reportedAtVisit(ae.reportedAtVisit()).version(ae.version()).build();
    }
}
