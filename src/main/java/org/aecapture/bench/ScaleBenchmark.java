package org.aecapture.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Role;
import org.aecapture.domain.Subject;
import org.aecapture.review.ReviewFilter;
import org.aecapture.review.ReviewRow;
import org.aecapture.service.AeCapture;
import org.aecapture.service.DemoTrial;
import org.aecapture.study.StudyDefinitions;

/**
 * {@code bench --scale}: builds trials of growing size (10k, 100k and 1M AEs by default, 40 AEs a subject) through the
 * import, and with {@code --subjects N} one of N subjects with 3 AEs each, the other shape a trial has; prints for each
 * how every cost grows: file size, open time (in the process and as a whole command), a single AE save, the review
 * screen's load and filter change, the whole {@code export summary} command in a JVM of 512 MB, as the safety reviewer
 * (pooled) and as the unblinded statistician (by arm), and its peak heap.
 */
public final class ScaleBenchmark {

    private final String version;

    private static final String PASSWORD = "bench scale password";
    private static final int CHUNK = 100_000;
    private static final int EXPORT_RUNS = 3;

    private final PrintWriter out;
    private final Path workDir;
    private final List<Shape> shapes = new ArrayList<>();

    /** A trial's shape: how many subjects, and about how many AEs in all. */
    record Shape(int subjects, int aes) {
        /** The usual shape: 40 AEs a subject, in at most 5,000 subjects (six demo sites of at most 999 subjects each). */
        static Shape ofAes(int aes) {
            return new Shape(Math.max(100, Math.min(5_000, aes / 40)), aes);
        }

        /** Many subjects with few AEs: 3 each. */
        static Shape ofSubjects(int subjects) {
            return new Shape(subjects, subjects * 3);
        }
    }

    /**
     * @param sizes         the trials of the usual shape, by their AEs
     * @param manySubjects  the trials of many subjects with 3 AEs each, by their subjects
     */
    public ScaleBenchmark(PrintWriter out, String version, Path workDir, List<Integer> sizes, List<Integer> manySubjects) {
        this.version = version;
        this.out = out;
        this.workDir = workDir;
        sizes.forEach(size -> shapes.add(Shape.ofAes(size)));
        manySubjects.forEach(n -> shapes.add(Shape.ofSubjects(n)));
    }

    private record Row(Shape shape, double buildSeconds, double importSeconds, long bytes, double openMs, double commandSeconds,
                       double jvmSeconds, double saveP50, double saveP95, double reviewLoad, double filterMs, Command reviewerExport,
                       Command statisticianExport) { }

    public void run() throws Exception {
        Path dir = workDir == null ? Files.createTempDirectory("aecapture-scale") : Files.createDirectories(workDir);
        out.printf("AE Capture %s bench --scale on %s, %d cores, Java %s, max heap %d MB; work folder %s%n", version,
                System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), dir);
        List<Row> rows = new ArrayList<>();
        for (Shape shape : shapes) {
            rows.add(measure(dir, shape));
            out.flush();
        }
        out.println();
        out.println("| subjects | AEs | build (import) s | file MB | open ms | command s (JVM alone s) | AE save p50 / p95 ms | review load s"
                + " | filter change ms | export summary s at -Xmx512m, reviewer / statistician | export peak heap MB |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            out.printf("| %,d | %,d | %.1f (%.1f) | %.0f | %.0f | %.2f (%.2f) | %.2f / %.2f | %.2f | %.0f | %.2f / %.2f | %d / %d |%n",
                    r.shape().subjects(), r.shape().aes(), r.buildSeconds(), r.importSeconds(), r.bytes() / 1e6, r.openMs(),
                    r.commandSeconds(), r.jvmSeconds(), r.saveP50(), r.saveP95(), r.reviewLoad(), r.filterMs(),
                    r.reviewerExport().seconds(), r.statisticianExport().seconds(), r.reviewerExport().peakMb(),
                    r.statisticianExport().peakMb());
        }
        out.flush();
    }

    private Row measure(Path dir, Shape shape) throws Exception {
        Path db = dir.resolve("scale-" + shape.subjects() + "-" + shape.aes() + ".db");
        Files.deleteIfExists(db);
        long t0 = System.nanoTime();
        double importSeconds = build(dir, db, shape);
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long bytes = Files.size(db);
        out.printf("%,d subjects, %,d AEs: built in %.1f s (import %.1f s), %,d bytes%n", shape.subjects(), shape.aes(), buildSeconds,
                importSeconds, bytes);

        // open: the database opened and the study read, signed in (PBKDF2 left out: it is by design and constant)
        long[] opens = new long[5];
        for (int i = 0; i < opens.length; i++) {
            long s = System.nanoTime();
            try (AeCapture app = AeCapture.open(db, () -> "bench", Clock.systemDefaultZone())) {
                app.study();
                opens[i] = System.nanoTime() - s;
            }
        }
        double openMs = Benchmark.percentile(opens, 50) / 1e6;
        double command = command(dir, db, "accounts", "list", "--db", db.toString(), "--user", "admin").seconds();
        double jvm = command(dir, db, "--version").seconds();
        out.printf("  open %.0f ms in the process; 'accounts list' %.2f s as a whole command, 'java -jar --version' %.2f s%n", openMs,
                command, jvm);

        long[] saves = new long[60];
        List<ReviewRow> reviewRows;
        double reviewLoad;
        long[] filters = new long[30];
        try (AeCapture app = AeCapture.open(db, () -> "bench", Clock.systemDefaultZone())) {
            app.signIn("inv", PASSWORD.toCharArray());
            Subject s = app.subjects().all().stream().filter(x -> x.isDosed() && x.endOfStudyDate() != null
                    && x.endOfStudyDate().isAfter(x.firstDoseDate().plusDays(3))).findFirst().orElseThrow();
            AdverseEvent template = app.adverseEvents().forSubject(s.subjectNumber(), false).stream().findFirst()
                    .orElseGet(() -> app.adverseEvents().all(false).get(0));
            for (int i = 0; i < saves.length; i++) {
                AdverseEvent ae = AdverseEvent.of(s.subjectNumber()).verbatimTerm("bench headache " + i)
                        .meddraCode("10019211").grade(1).onsetDate(PartialDate.of(s.firstDoseDate().plusDays(1)))
                        .endDate(PartialDate.of(s.firstDoseDate().plusDays(2))).relationship(template.relationship())
                        .actionTaken(template.actionTaken()).outcome(org.aecapture.domain.Outcome.RECOVERED).build();
                long st = System.nanoTime();
                app.adverseEvents().record(ae);
                saves[i] = System.nanoTime() - st;
            }
            long[] tail = java.util.Arrays.copyOfRange(saves, 10, saves.length); // after the first saves warm the caches
            saves = tail;
            app.signIn("rev", PASSWORD.toCharArray());
            System.gc();
            long st = System.nanoTime();
            reviewRows = app.review().rows();
            reviewLoad = (System.nanoTime() - st) / 1e9;
            ReviewFilter filter = ReviewFilter.NONE.withGrades(Set.of(3, 4, 5));
            for (int i = 0; i < 5; i++) {
                Benchmark.filterChange(reviewRows, filter);
            }
            for (int i = 0; i < filters.length; i++) {
                long f = System.nanoTime();
                Benchmark.filterChange(reviewRows, i % 2 == 0 ? filter : ReviewFilter.fromLine("Text=pain\tRelated only=yes"));
                filters[i] = System.nanoTime() - f;
            }
        }
        out.printf("  AE save p50 %.2f ms, p95 %.2f ms; review load of %,d AEs %.2f s, filter change median %.0f ms%n",
                Benchmark.percentile(saves, 50) / 1e6, Benchmark.percentile(saves, 95) / 1e6, reviewRows.size(), reviewLoad,
                Benchmark.percentile(filters, 50) / 1e6);
        reviewRows = null;

        Command asReviewer = export(dir, db, "rev", "the safety reviewer, pooled");
        Command asStatistician = export(dir, db, "stat", "the unblinded statistician, by arm");
        return new Row(shape, buildSeconds, importSeconds, bytes, openMs, command, jvm, Benchmark.percentile(saves, 50) / 1e6,
                Benchmark.percentile(saves, 95) / 1e6, reviewLoad, Benchmark.percentile(filters, 50) / 1e6, asReviewer, asStatistician);
    }

    /** The whole {@code export summary} command as {@code user}, three times: the median (one run may be a second slower on a shared machine). */
    private Command export(Path dir, Path db, String user, String who) throws IOException, InterruptedException {
        Path xlsx = dir.resolve("scale-summary-" + user + ".xlsx");
        List<Command> exports = new ArrayList<>();
        for (int i = 0; i < EXPORT_RUNS; i++) {
            exports.add(command(dir, db, "export", "summary", "--db", db.toString(), "--out", xlsx.toString(), "--user", user));
        }
        exports.sort(java.util.Comparator.comparingDouble(Command::seconds));
        Command export = exports.get(EXPORT_RUNS / 2);
        if (export.exit() != 0) {
            throw new IllegalStateException("export summary as " + user + " failed (exit " + export.exit() + "): see "
                    + dir.resolve("command.out"));
        }
        out.printf("  export summary as %s (the whole command, -Xmx512m): median %.2f s of %s, peak heap %d MB%n", who, export.seconds(),
                exports.stream().map(e -> String.format(java.util.Locale.ROOT, "%.2f", e.seconds())).toList(), export.peakMb());
        return export;
    }

    /**
     * Builds the trial through the import (subjects, then AEs in files of 100,000), then the accounts the bench uses, and
     * the randomization list loaded by the statistician.
     */
    private double build(Path dir, Path db, Shape shape) throws IOException {
        int size = shape.aes();
        double mean = size / (shape.subjects() * 0.75); // a fifth of the generated AEs fall after End of Study and are dropped
        LocalDate today = LocalDate.now();
        DemoTrial.Data data = new DemoTrial(CtcaeCatalog.bundled(), StudyDefinitions.bundled()).generate(shape.subjects(), mean, size, today);
        // named by the shape, and kept in a work folder of the caller's: another tool can be timed on the same files
        String csvPrefix = "scale-" + shape.subjects() + "-" + shape.aes() + "-";
        Path subjectsCsv = dir.resolve(csvPrefix + "subjects.csv");
        Benchmark.writeSubjects(subjectsCsv, data.subjects());
        Path randomizationCsv = dir.resolve(csvPrefix + "randomization.csv");
        Benchmark.writeRandomization(randomizationCsv, data.armBySubject());
        List<AdverseEvent> all = data.adverseEvents();
        List<Path> chunks = new ArrayList<>();
        for (int from = 0, n = 0; from < Math.min(size, all.size()); from += CHUNK, n++) {
            Path chunk = dir.resolve(csvPrefix + "aes-" + n + ".csv");
            Benchmark.writeAes(chunk, all.subList(from, Math.min(Math.min(size, all.size()), from + CHUNK)));
            chunks.add(chunk);
        }
        data = null;
        all = null;
        double importSeconds = 0;
        try (AeCapture app = AeCapture.openOrInit(db, () -> "bench", Clock.systemDefaultZone())) {
            app.imports().importSubjects(subjectsCsv);
            for (Path chunk : chunks) {
                long s = System.nanoTime();
                app.imports().importAdverseEvents(chunk);
                importSeconds += (System.nanoTime() - s) / 1e9;
                if (workDir == null) {
                    Files.delete(chunk);
                }
            }
            app.accounts().createFirstAdministrator("admin", "Bench Administrator", PASSWORD.toCharArray());
            Set<String> sites = new java.util.TreeSet<>();
            app.subjects().all().forEach(s -> sites.add(s.site()));
            app.accounts().create("admin", "inv", "Bench Investigator", Role.INVESTIGATOR, sites, PASSWORD.toCharArray());
            app.accounts().create("admin", "rev", "Bench Reviewer", Role.SAFETY_REVIEWER, Set.of(), PASSWORD.toCharArray());
            app.accounts().create("admin", "stat", "Bench Statistician", Role.UNBLINDED_STATISTICIAN, Set.of(), PASSWORD.toCharArray());
            app.signIn("stat", PASSWORD.toCharArray());
            app.imports().importRandomization(randomizationCsv);
        }
        if (workDir == null) {
            Files.delete(randomizationCsv);
            Files.delete(subjectsCsv);
        }
        return importSeconds;
    }

    private record Command(double seconds, long peakMb, int exit) { }

    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** Runs the application as a command in a JVM of its own, with a 512 MB heap: wall time, peak heap (from the GC log), exit. */
    private static Command command(Path dir, Path db, String... args) throws IOException, InterruptedException {
        Path gcLog = dir.resolve("gc-" + System.nanoTime() + ".log");
        long s = System.nanoTime();
        int exit = AppProcess.run(List.of("-Xmx512m", "-Xlog:gc:file=" + gcLog), Map.of("AECAPTURE_PASSWORD", PASSWORD),
                dir.resolve("command.out"), 30, args);
        double seconds = (System.nanoTime() - s) / 1e9;
        long peak = 0;
        if (Files.exists(gcLog)) {
            Matcher m = GC_HEAP.matcher(Files.readString(gcLog));
            while (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
            Files.delete(gcLog);
        }
        return new Command(seconds, peak, exit);
    }
}
