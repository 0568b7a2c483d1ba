package org.aecapture.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.aecapture.ctcae.CodingEvaluation;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.AeFields;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectRules;
import org.aecapture.service.AeCapture;
import org.aecapture.report.SummaryModel;
import org.aecapture.report.SummaryWorkbookWriter;
import org.aecapture.review.ReviewFilter;
import org.aecapture.review.ReviewRow;
import org.aecapture.review.ToxicityBySoc;
import org.aecapture.service.DemoTrial;
import org.aecapture.study.StudyDefinitions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The {@code bench} command: wall-clock figures on real temporary SQLite files. */
public final class Benchmark {

    /** The application's version, named in the output. */
    private final String version;

    private static final String[] QUERIES = {"anaemia", "neutro", "rash", "headache", "plat decr", "nausea", "infection",
        "pain", "hypertension", "haedache", "alanine", "x", "low neutrophils", "URTI", "N/V", "loose stools", "raised ALT",
        "pain in left knee", "throwing up", "hives", "joint pain", "chest infection"};
    private static final int IMPORT_AES = 10_000;

    private final PrintWriter out;
    private final Path workDir;
    private final boolean export;
    private final boolean review;
    private final boolean termsOnly;

    private boolean queries;

    /** Also measure the edit checks over the large trial and the Queries screen's load and filters. */
    public Benchmark withQueries(boolean measure) {
        this.queries = measure;
        return this;
    }

    public Benchmark(PrintWriter out, String version, Path workDir, boolean export, boolean review, boolean termsOnly) {
        this.version = version;
        this.out = out;
        this.workDir = workDir;
        this.export = export;
        this.review = review;
        this.termsOnly = termsOnly;
    }

    public void run() throws Exception {
        Path dir = workDir == null ? Files.createTempDirectory("aecapture-bench") : Files.createDirectories(workDir);
        try {
            out.printf("AE Capture %s bench on %s, %d cores, Java %s%n", version, System.getProperty("os.name"),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            termSearch();
            if (termsOnly) {
                return;
            }
            singleSave(dir.resolve("save.db"));
            importTenThousand(dir);
            if (export) {
                exportLargeTrial(dir);
            }
            if (review) {
                reviewLargeTrial(dir);
            }
            if (queries) {
                queriesLargeTrial(dir);
            }
        } finally {
            if (workDir == null) {
                deleteTree(dir);
            }
        }
        out.flush();
    }

    private void termSearch() {
        long t0 = System.nanoTime();
        CtcaeCatalog catalog = CtcaeCatalog.bundled();
        out.printf("catalog load: %.1f ms (%d terms)%n", (System.nanoTime() - t0) / 1e6, catalog.size());
        for (int i = 0; i < 300; i++) {
            for (String q : QUERIES) {
                catalog.search(q, 20);
            }
        }
        int runs = 500;
        long[] all = new long[runs * QUERIES.length];
        int n = 0;
        out.println("term search (limit 20), per query: mean / p99 in microseconds");
        for (String q : QUERIES) {
            long[] times = new long[runs];
            for (int i = 0; i < runs; i++) {
                long s = System.nanoTime();
                catalog.search(q, 20);
                times[i] = System.nanoTime() - s;
                all[n++] = times[i];
            }
            out.printf("  %-14s %8.1f / %8.1f%n", "'" + q + "'", mean(times) / 1e3, percentile(times, 99) / 1e3);
        }
        out.printf("  %-14s %8.1f / %8.1f%n", "all queries", mean(all) / 1e3, percentile(all, 99) / 1e3);
        codingQuality(catalog);
        codingQuality(CtcaeCatalog.bundled(CtcaeCatalog.V6));
    }

    /** Where the project's evaluation set lies in a checkout; the bench runs from the repository root. */
    static final Path CODING_SET = Path.of("src/test/resources/coding/verbatim-evaluation.csv");

    /** Top-1 and top-5 on the evaluation set, every miss, and the slowest of its verbatims. */
    private void codingQuality(CtcaeCatalog catalog) {
        if (!Files.isRegularFile(CODING_SET)) {
            out.println("coding quality: no evaluation set at " + CODING_SET.toAbsolutePath() + " (run bench from the repository root)");
            return;
        }
        List<CodingEvaluation.Pair> pairs;
        try (var in = Files.newBufferedReader(CODING_SET)) {
            pairs = CodingEvaluation.read(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        pairs = CodingEvaluation.inVersion(pairs, catalog, org.aecapture.ctcae.CtcaeMap.bundled());
        CodingEvaluation.Result r = CodingEvaluation.evaluate(catalog, pairs);
        out.printf("coding quality in CTCAE v%s on %d verbatims (%s%s): top-1 %.1f%% (%d), top-5 %.1f%% (%d)%n", catalog.version(), r.total(),
                CODING_SET, CtcaeCatalog.V5.equals(catalog.version()) ? "" : ", expected terms through NCI's v5.0 to v6.0 map",
                100 * r.top1Rate(), r.top1(), 100 * r.top5Rate(), r.top5());
        for (CodingEvaluation.Miss m : r.misses()) {
            out.printf("  miss: '%s' expected %s, %s: %s%n", m.pair().verbatim(), m.pair().expected(),
                    m.rank() < 0 ? "not in the first five" : "rank " + (m.rank() + 1), m.suggested());
        }
        long[] times = new long[pairs.size() * 20];
        int n = 0;
        for (int round = 0; round < 20; round++) {
            for (CodingEvaluation.Pair p : pairs) {
                long s = System.nanoTime();
                catalog.suggest(p.verbatim(), org.aecapture.ctcae.CodingHistory.NONE, 20);
                times[n++] = System.nanoTime() - s;
            }
        }
        out.printf("term search over the evaluation set's verbatims: mean / p99 / max %.1f / %.1f / %.1f microseconds%n",
                mean(times) / 1e3, percentile(times, 99) / 1e3, java.util.Arrays.stream(times).max().orElse(0) / 1e3);
    }

    /**
     * Sets up an investigator at {@code site} and signs in; with {@code measure}, seven sign-ins are timed and printed
     * (PBKDF2-HMAC-SHA256, 600,000 iterations, by design the slow part). The saves after it pay the role and site checks too.
     */
    private void signIn(AeCapture app, String site, boolean measure) {
        app.accounts().createFirstAdministrator("bench-admin", "Bench Administrator", "bench administrator".toCharArray());
        app.accounts().create("bench-admin", "bench-inv", "Bench Investigator", org.aecapture.domain.Role.INVESTIGATOR, java.util.Set.of(site),
                "bench investigator".toCharArray());
        if (!measure) {
            app.signIn("bench-inv", "bench investigator".toCharArray());
            return;
        }
        int runs = 7;
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            app.signIn("bench-inv", "bench investigator".toCharArray());
            times[i] = System.nanoTime() - s;
        }
        out.printf("sign-in (PBKDF2-HMAC-SHA256, %,d iterations), %d sign-ins: median %.0f ms, max %.0f ms%n",
                org.aecapture.security.PasswordHasher.ITERATIONS, runs, percentile(times, 50) / 1e6, percentile(times, 100) / 1e6);
    }

    /** How many new JVMs the first saves are measured in: one JVM's 200 give a p95 that varies by a millisecond from run to run. */
    private static final int COLD_JVMS = 5;

    /**
     * The single AE save, on new files of the same shape: first in new JVMs whose store code has not run yet (what a site's
     * first saves of the day meet), then in this one once that code is compiled, then without edit checks; and a bare SQLite
     * commit of one row on the same disk, the part of a save that no code of ours can shorten.
     */
    private void singleSave(Path file) throws IOException, InterruptedException {
        long[] cold = new long[0];
        long[] p95s = new long[COLD_JVMS];
        for (int jvm = 0; jvm < COLD_JVMS; jvm++) {
            long[] one = firstSavesInNewJvm(file.resolveSibling("save-first-" + jvm + ".db"));
            p95s[jvm] = percentile(one, 95);
            cold = java.util.stream.LongStream.concat(Arrays.stream(cold), Arrays.stream(one)).toArray();
        }
        out.printf("single AE save, signed in as the site's investigator (role and site checks, validation, insert, audit rows, the"
                + " study's edit checks over the subject, commit with synchronous=FULL), %d saves in %d new JVMs whose store code had not"
                + " run yet: median %.2f ms, p95 %.2f ms (each JVM's own p95 %.2f to %.2f ms)%n", cold.length, COLD_JVMS,
                percentile(cold, 50) / 1e6, percentile(cold, 95) / 1e6, Arrays.stream(p95s).min().orElse(0) / 1e6,
                Arrays.stream(p95s).max().orElse(0) / 1e6);
        saves(file, true, false); // this JVM's own first saves, so that the next are measured compiled
        long[] warm = saves(file.resolveSibling("save-again.db"), true, true);
        out.printf("  the same saves on a new file, the store's code now compiled: median %.2f ms, p95 %.2f ms%n", percentile(warm, 50) / 1e6,
                percentile(warm, 95) / 1e6);
        long[] without = saves(file.resolveSibling("save-without-checks.db"), false, false);
        out.printf("  the same saves with no edit check in the study definition: median %.2f ms, p95 %.2f ms%n", percentile(without, 50) / 1e6,
                percentile(without, 95) / 1e6);
        long[] bare = bareCommits(file.resolveSibling("bare-commits.db"));
        out.printf("  a bare SQLite commit of one row on the same disk (WAL, synchronous=FULL): median %.2f ms, p95 %.2f ms%n",
                percentile(bare, 50) / 1e6, percentile(bare, 95) / 1e6);
    }

    /** An SQLite file with its WAL and shared-memory files. */
    private static void deleteDatabase(Path file) {
        try {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** 200 commits of one inserted row each (after 20), on a plain connection: the disk's own part of a save. */
    private static long[] bareCommits(Path file) {
        deleteDatabase(file);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("CREATE TABLE IF NOT EXISTS t (x TEXT)");
            c.setAutoCommit(false);
            long[] times = new long[200];
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                for (int i = -20; i < times.length; i++) {
                    long s = System.nanoTime();
                    ps.setString(1, "x".repeat(1000));
                    ps.executeUpdate();
                    c.commit();
                    if (i >= 0) {
                        times[i] = System.nanoTime() - s;
                    }
                }
            }
            return times;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The bench's first saves, in a JVM of their own started for them ({@code bench --first-saves}), as a site's first
     * saves of the day run: nothing but the start, the file's set-up and one sign-in has run before them.
     */
    private static long[] firstSavesInNewJvm(Path file) throws IOException, InterruptedException {
        Path times = file.resolveSibling(file.getFileName() + ".times");
        Path log = file.resolveSibling(file.getFileName() + ".out");
        int exit = AppProcess.run(List.of(), Map.of(), log, 5, "bench", "--first-saves", file.toString(), "--times", times.toString());
        if (exit != 0) {
            throw new IllegalStateException("the first saves in a new JVM failed (exit " + exit + "): " + Files.readString(log));
        }
        long[] v = Files.readAllLines(times).stream().mapToLong(Long::parseLong).toArray();
        Files.delete(times);
        Files.delete(log);
        deleteDatabase(file);
        return v;
    }

    /** {@code bench --first-saves}: the first saves of this JVM on a new file, their times in nanoseconds a line each into {@code times}. */
    public void firstSaves(Path file, Path times) throws IOException {
        long[] v = saves(file, true, false);
        Files.write(times, Arrays.stream(v).mapToObj(Long::toString).toList());
    }

    /**
     * 200 saves (after 20 to warm up) of one subject's AEs, each a new record (the subject ends with 220 AEs, so every
     * repeated term trips the duplicate check): with the bundled study's edit checks, or with its definition stripped of them;
     * with {@code measureSignIn}, the sign-in is measured and printed first.
     */
    private long[] saves(Path file, boolean editChecks, boolean measureSignIn) {
        deleteDatabase(file); // a work folder used before holds the last run's file, with its accounts
        if (!editChecks) {
            try (AeCapture app = AeCapture.openOrInit(file, () -> "bench", Clock.systemDefaultZone())) {
                app.study(); // created with the bundled definition, which the next lines strip of its checks
            }
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                 java.sql.PreparedStatement ps = c.prepareStatement("UPDATE study SET definition_yaml = ? WHERE id = 1")) {
                String yaml = StudyDefinitions.bundledYaml();
                ps.setString(1, yaml.substring(0, yaml.indexOf("\neditChecks:")) + "\n");
                ps.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        try (AeCapture app = AeCapture.openOrInit(file, () -> "bench", Clock.systemDefaultZone())) {
            DemoTrial.Data data = new DemoTrial(app.catalog(), app.study()).generate(40, 40, 7, app.today());
            Subject subject = data.subjects().stream().filter(Subject::isDosed).findFirst().orElseThrow();
            app.subjects().enrol(subject);
            signIn(app, subject.site(), measureSignIn);
            List<AdverseEvent> aes = data.adverseEvents().stream().filter(a -> a.subjectNumber().equals(subject.subjectNumber())).toList();
            int warmup = 20;
            int runs = 200;
            long[] times = new long[runs];
            for (int i = 0; i < warmup + runs; i++) {
                AdverseEvent ae = aes.get(i % aes.size()); // the same AE may be recorded twice: each save is a new record
                long s = System.nanoTime();
                app.adverseEvents().record(ae);
                if (i >= warmup) {
                    times[i - warmup] = System.nanoTime() - s;
                }
            }
            return times;
        }
    }

    private void importTenThousand(Path dir) throws IOException {
        Path subjectsCsv = dir.resolve("subjects.csv");
        Path aesCsv = dir.resolve("aes.csv");
        DemoTrial.Data data = new DemoTrial(CtcaeCatalog.bundled(), StudyDefinitions.bundled())
                .generate(300, 40, 11, java.time.LocalDate.now());
        List<AdverseEvent> aes = data.adverseEvents().subList(0, Math.min(IMPORT_AES, data.adverseEvents().size()));
        writeSubjects(subjectsCsv, data.subjects());
        writeAes(aesCsv, aes);
        long[] times = new long[3];
        for (int run = 0; run < times.length; run++) {
            Path file = dir.resolve("import-" + run + ".db");
            deleteDatabase(file);
            try (AeCapture app = AeCapture.openOrInit(file, () -> "bench", Clock.systemDefaultZone())) {
                app.imports().importSubjects(subjectsCsv);
                long s = System.nanoTime();
                int rows = app.imports().importAdverseEvents(aesCsv).rows();
                times[run] = System.nanoTime() - s;
                if (rows != aes.size()) {
                    throw new IllegalStateException("imported " + rows + " of " + aes.size());
                }
            }
        }
        out.printf("import of %,d AEs (parse, validate, insert with audit rows, one transaction): %s s, median %.2f s%n", aes.size(),
                seconds(times), percentile(times, 50) / 1e9);
    }

    /** A 2,000-subject trial of about 100,000 AEs, made once per run of the bench. */
    private Path largeTrial(Path dir) {
        Path file = dir.resolve("large.db");
        if (Files.exists(file)) {
            return file;
        }
        try (AeCapture app = AeCapture.openOrInit(file, () -> "bench", Clock.systemDefaultZone())) {
            long s = System.nanoTime();
            DemoTrial.Data data = app.loadDemo(2_000, 55, 2);
            out.printf("large trial stored: %,d subjects, %,d AEs in %.1f s%n", data.subjects().size(), data.adverseEvents().size(),
                    (System.nanoTime() - s) / 1e9);
        }
        return file;
    }

    /**
     * The safety review screen's work on the large trial: loading every AE (off the FX thread in the
     * screen), then what one filter change computes on the FX thread: the filter over all rows, the
     * status counts and the chart's toxicity by SOC.
     */
    private void reviewLargeTrial(Path dir) {
        Path file = largeTrial(dir);
        Runtime rt = Runtime.getRuntime();
        try (AeCapture app = AeCapture.open(file, () -> "bench", Clock.systemDefaultZone())) {
            long[] loads = new long[3];
            List<ReviewRow> rows = List.of();
            for (int run = 0; run < loads.length; run++) {
                rows = List.of();
                System.gc();
                long s = System.nanoTime();
                rows = app.review().rows();
                loads[run] = System.nanoTime() - s;
            }
            System.gc();
            out.printf("review load of %,d AEs: %s s; heap in use after load %d MB%n", rows.size(), seconds(loads),
                    (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
            String soc = rows.get(0).ae().soc();
            Map<String, ReviewFilter> filters = new LinkedHashMap<>();
            filters.put("none", ReviewFilter.NONE);
            filters.put("grade >= 3", ReviewFilter.NONE.withGrades(Set.of(3, 4, 5)));
            filters.put("SOC + serious only", ReviewFilter.fromLine("SOC=" + soc + "\tSerious only=yes"));
            filters.put("text 'pain' + related", ReviewFilter.fromLine("Text=pain\tRelated only=yes"));
            filters.put("onset range + site", ReviewFilter.fromLine("Site=101\tOnset from=2022-01-01\tOnset to=2022-06-30"));
            out.println("review filter change (filter all rows, count subjects, toxicity by SOC), 30 runs: median / max in ms");
            for (int warm = 0; warm < 20; warm++) {
                for (ReviewFilter f : filters.values()) {
                    filterChange(rows, f);
                }
            }
            for (var e : filters.entrySet()) {
                long[] times = new long[30];
                int kept = 0;
                for (int i = 0; i < times.length; i++) {
                    long s = System.nanoTime();
                    kept = filterChange(rows, e.getValue());
                    times[i] = System.nanoTime() - s;
                }
                out.printf("  %-24s %7d rows kept  %6.1f / %6.1f%n", e.getKey(), kept, percentile(times, 50) / 1e6,
                        Arrays.stream(times).max().orElse(0) / 1e6);
            }
        }
    }

    /**
     * The monitor's loop on the large trial: every edit check over every subject (the first run opens the queries, the next
     * ones find them open), the Queries screen's load of every query, and its filter changes over them.
     */
    private void queriesLargeTrial(Path dir) {
        Path file = largeTrial(dir);
        try (AeCapture app = AeCapture.open(file, () -> "bench", Clock.systemDefaultZone())) {
            for (int run = 0; run < 3; run++) {
                var r = app.queries().runChecks();
                out.printf("edit checks over %,d subjects (run %d): %.2f s, %,d queries opened, %,d closed by the data%n", r.subjects(), run + 1,
                        r.took().toNanos() / 1e9, r.opened(), r.resolved());
            }
            long[] loads = new long[3];
            List<org.aecapture.domain.QueryRow> rows = List.of();
            for (int run = 0; run < loads.length; run++) {
                long s = System.nanoTime();
                rows = app.queries().list();
                loads[run] = System.nanoTime() - s;
            }
            out.printf("queries screen load of %,d queries: %s s%n", rows.size(), seconds(loads));
            java.time.Instant now = java.time.Instant.now();
            Map<String, org.aecapture.review.QueryFilter> filters = new LinkedHashMap<>();
            filters.put("outstanding", org.aecapture.review.QueryFilter.OUTSTANDING);
            filters.put("site 101, open", new org.aecapture.review.QueryFilter(org.aecapture.domain.DataQuery.State.OPEN, false, "101", "",
                    null, 0));
            filters.put("subject 103-0, system", new org.aecapture.review.QueryFilter(null, false, null, "103-0", "system", 0));
            filters.put("open >= 1 day", new org.aecapture.review.QueryFilter(null, true, null, "", null, 1));
            for (int warm = 0; warm < 20; warm++) {
                for (var f : filters.values()) {
                    sink += f.apply(rows, now).size();
                }
            }
            out.println("queries filter change (filter, then metrics per site), 30 runs: median / max in ms");
            for (var e : filters.entrySet()) {
                long[] times = new long[30];
                int kept = 0;
                for (int i = 0; i < times.length; i++) {
                    long s = System.nanoTime();
                    List<org.aecapture.domain.QueryRow> shown = e.getValue().apply(rows, now);
                    sink += org.aecapture.review.QueryMetrics.bySite(shown, now).size();
                    kept = shown.size();
                    times[i] = System.nanoTime() - s;
                }
                out.printf("  %-24s %7d queries kept  %6.2f / %6.2f%n", e.getKey(), kept, percentile(times, 50) / 1e6,
                        Arrays.stream(times).max().orElse(0) / 1e6);
            }
        }
    }

    /** Where the bench's results go, so that the JIT cannot drop the work that made them. */
    private static volatile long sink;

    static int filterChange(List<ReviewRow> rows, ReviewFilter filter) {
        List<ReviewRow> kept = filter.apply(rows);
        ToxicityBySoc chart = ToxicityBySoc.of(kept, true); // with the distinct subjects of the status line
        sink = chart.subjects() + chart.countsByGrade().size();
        return kept.size();
    }

    /** The summary workbook of 2,000 subjects and about 100,000 AEs: read, compute and write, three times. */
    private void exportLargeTrial(Path dir) throws IOException {
        Path file = largeTrial(dir);
        Runtime rt = Runtime.getRuntime();
        try (AeCapture app = AeCapture.open(file, () -> "bench", Clock.systemDefaultZone())) {
            long[] times = new long[3];
            long[] computing = new long[3];
            long peak = 0;
            for (int run = 0; run < times.length; run++) {
                Path xlsx = dir.resolve("summary-" + run + ".xlsx");
                System.gc();
                long s = System.nanoTime();
                SummaryModel model = app.summaryExport(version).compute(false, null);
                computing[run] = System.nanoTime() - s;
                SummaryWorkbookWriter.write(model, xlsx);
                times[run] = System.nanoTime() - s;
                peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
            }
            out.printf("summary export, max heap %d MB: total (read, compute, write .xlsx) %s s, median %.2f s; of which read and"
                    + " compute %s s; heap in use up to %d MB%n", rt.maxMemory() / (1024 * 1024), seconds(times),
                    percentile(times, 50) / 1e9, seconds(computing), peak / (1024 * 1024));
        }
    }

    private static String seconds(long[] nanos) {
        return String.join(" / ", Arrays.stream(nanos).mapToObj(t -> String.format("%.2f", t / 1e9)).toList());
    }

    public static void writeSubjects(Path file, List<Subject> subjects) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(SubjectRules.CSV_COLUMNS.toArray(String[]::new)).build())) {
            for (Subject s : subjects) {
                csv.printRecord(s.subjectNumber(), s.site(), s.sex().code(), s.birthDate().toIso(), s.consentDate(),
                        orEmpty(s.firstDoseDate()), orEmpty(s.endOfStudyDate()));
            }
        }
    }

    /** The randomization list as the statistician loads it: {@code subject_id,arm}. */
    static void writeRandomization(Path file, Map<String, String> armBySubject) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder()
                     .setHeader(org.aecapture.service.CsvImports.RANDOMIZATION_COLUMNS.toArray(String[]::new)).build())) {
            for (Map.Entry<String, String> e : armBySubject.entrySet()) {
                csv.printRecord(e.getKey(), e.getValue());
            }
        }
    }

    public static void writeAes(Path file, List<AdverseEvent> aes) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(AeFields.CSV_COLUMNS.toArray(String[]::new)).build())) {
            for (AdverseEvent a : aes) {
                List<Object> row = new ArrayList<>(List.of(a.subjectNumber(), a.verbatimTerm(), a.meddraCode(),
                        a.otherSpecify() == null ? "" : a.otherSpecify(), a.grade(), a.onset().map(PartialDate::toIso).orElse(""),
                        a.end().map(PartialDate::toIso).orElse(""), yn(a.ongoing()), yn(a.serious())));
                for (SeriousCriterion c : SeriousCriterion.values()) {
                    row.add(yn(a.seriousCriteria().contains(c)));
                }
                row.addAll(List.of(a.relationship().code(), a.actionTaken().code(), a.outcome().code()));
                csv.printRecord(row);
            }
        }
    }

    private static String yn(boolean b) {
        return b ? "Y" : "N";
    }

    private static String orEmpty(Object o) {
        return o == null ? "" : o.toString();
    }

    private static double mean(long[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    /** The p-th percentile (100: the maximum) of the values, 0 when there are none. */
    static long percentile(long[] v, int p) {
        if (v.length == 0) {
            return 0;
        }
        long[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
