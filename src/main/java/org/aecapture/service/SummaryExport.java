package org.aecapture.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.DatabaseLock;
import org.aecapture.domain.Subject;
import org.aecapture.report.SafetyInput;
import org.aecapture.report.SafetySummary;
import org.aecapture.report.SummaryModel;
import org.aecapture.report.SummaryWorkbookWriter;
import org.aecapture.store.RandomizationRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The primary-outcome summary: reads the study's data, computes the tables, writes the workbook. */
public final class SummaryExport {

    private static final Logger LOG = LoggerFactory.getLogger(SummaryExport.class);

    private final AeCapture app;
    private final String applicationVersion;

    SummaryExport(AeCapture app, String applicationVersion) {
        this.app = app;
        this.applicationVersion = applicationVersion;
    }

    /** Whether a randomization list is loaded (the output is by arm unless forced blinded). */
    public boolean isRandomizationLoaded() {
        return app.database().inTransaction(tx -> app.randomizationRepository().isLoaded(tx));
    }

    /**
     * The tables as they would be exported now. With {@code forceBlinded} the arms are not even read.
     *
     * @param cutoff AEs with a later onset are left out; null for all data as at now
     */
    public SummaryModel compute(boolean forceBlinded, LocalDate cutoff) {
        // nobody but the unblinded statistician sees an arm: for every other role the output is pooled
        boolean blinded = app.exportIsBlinded("export the safety summary", forceBlinded);
        long start = System.nanoTime();
        record Read(SafetyInput input, SafetySummary.Tally tally, CompletableFuture<Map<String, String>> arms) { }
        Read read = app.database().read(tx -> {
            boolean loaded = app.randomizationRepository().isLoaded(tx);
            // the arms are opened on a thread of their own (the statistician's key may itself still be opening since the
            // sign-in) while the AEs are read and counted: the counting needs no arm
            CompletableFuture<Map<String, String>> arms = CompletableFuture.completedFuture(Map.of());
            if (loaded && !blinded) {
                RandomizationRepository.StoredArms stored = app.randomizationRepository().storedArms(tx);
                arms = app.armKeyOpening(tx).thenApplyAsync(stored::open, Threads.daemon("summary-arms"));
            }
            String lock = app.databaseLockRepository().current(tx).filter(DatabaseLock::locked)
                    .map(l -> "LOCKED since " + l.changedAt() + " UTC by " + l.changedBy() + ": " + l.reason()).orElse(null);
            List<Subject> subjects = app.subjectRepository().findAll(tx);
            String loadedBy = app.randomizationRepository().loadedBy(tx).orElse(null);
            SafetyInput in = new SafetyInput(app.study(), subjects, List.of(), Map.of(), loaded, blinded, cutoff,
                    app.database().clock().instant(), app.database().currentUser(), applicationVersion, app.study().ctcae(), loadedBy, lock);
            SafetySummary.Tally tally = SafetySummary.tally(in);
            // the AEs are counted on another thread while the driver reads the next ones
            try (OnItsOwnThread<AdverseEvent> counter = new OnItsOwnThread<>("summary-count", tally::add)) {
                app.adverseEventRepository().forEachForSummary(tx, counter);
                counter.finish();
            }
            return new Read(in, tally, arms);
        });
        long counted = System.nanoTime();
        SummaryModel model = SafetySummary.model(read.input().withArms(Threads.awaited(read.arms())), read.tally());
        LOG.debug("Summary: read and counted in {} ms, tables and listings laid out in {} ms", (counted - start) / 1_000_000,
                (System.nanoTime() - counted) / 1_000_000);
        return model;
    }

    public SummaryModel export(Path out, boolean forceBlinded, LocalDate cutoff) {
        SummaryModel model = compute(forceBlinded, cutoff);
        long written = System.nanoTime();
        write(model, out);
        LOG.debug("Summary written in {} ms", (System.nanoTime() - written) / 1_000_000);
        return model;
    }

    /** Writes computed tables; {@code out} appears only when complete. */
    public void write(SummaryModel model, Path out) {
        try {
            SummaryWorkbookWriter.write(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException("The summary could not be written to " + out + ": " + e.getMessage()
                    + ". No file was left half-written.", e);
        }
    }
}
