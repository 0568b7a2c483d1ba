package org.aecapture.service;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.aecapture.checks.EditChecks;
import org.aecapture.checks.Finding;
import org.aecapture.domain.Account;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.DataQuery;
import org.aecapture.domain.QueryRow;
import org.aecapture.domain.QueryStep;
import org.aecapture.domain.QueryWorkflow;
import org.aecapture.domain.Role;
import org.aecapture.domain.SdvMark;
import org.aecapture.review.QueryMetrics;
import org.aecapture.domain.Subject;
import org.aecapture.sae.SaeDetails;
import org.aecapture.store.AuditTrail;
import org.aecapture.store.Tx;

/**
 * The monitor's loop: data queries raised by monitors, safety reviewers and the study's edit checks, answered by the site
 * (with a correction in the same step when the data were wrong), closed by the one who raised them; source data
 * verification marks. Each step is one transaction, with its audit rows; who may take it is checked inside it.
 */
public final class DataQueryService {

    /** A query's thread: the query as it stands and every step, oldest first. */
    public record Thread(DataQuery query, List<QueryStep> steps) { }

    /** What a run of the edit checks did: queries opened, and edit-check queries closed because the data changed. */
    public record CheckRun(int subjects, int opened, int resolved, Duration took) { }

    /** Where one AE (or a subject's enrolment data) stands against its source. */
    public record SdvRow(String site, String subjectNumber, DataQuery.Target target, long recordId, String label, SdvMark.Status status,
                         SdvMark mark) { }

    private final AeCapture app;

    DataQueryService(AeCapture app) {
        this.app = app;
    }

    private Instant now() {
        return app.clock().instant();
    }

    /** A monitor or safety reviewer raises a query on a record, or on one of its fields ({@code field} null: the record). */
    public DataQuery raise(DataQuery.Target target, long recordId, String field, String text) {
        return app.database().inTransaction(tx -> {
            app.access().requireUnlocked(tx);
            Account a = app.access().actor(tx);
            String subject = recordOf(tx, target, recordId).subjectNumber();
            requireReadable(tx, subject);
            if (a != null && !QueryWorkflow.raises(a.role())) {
                throw Access.refused(a, "raise a query", "only a monitor or a safety reviewer raises queries");
            }
            AuditTrail.requireReason(text, "raise a query");
            DataQuery q = app.dataQueryRepository().insert(tx, new DataQuery(null, subject, target, recordId, field, null,
                    DataQuery.State.OPEN, actorName(a), now(), text, 0));
            step(tx, q, QueryStep.Action.RAISE, actorName(a), text, 0);
            return q;
        });
    }

    /** The site answers an open query in words, without changing the data. */
    public DataQuery answer(long queryId, String text) {
        return app.database().inTransaction(tx -> take(tx, queryId, QueryStep.Action.ANSWER, text, 0));
    }

    /**
     * The site answers an open query on an AE and corrects the AE in the same step (with its SAE details, null: none): the
     * correction goes through the usual path, its audit rows giving the query as the reason.
     */
    public AdverseEvent answerWithCorrection(long queryId, String text, AdverseEvent corrected, SaeDetails saeDetails) {
        return app.database().inTransaction(tx -> {
            DataQuery q = load(tx, queryId);
            if (q.target() != DataQuery.Target.ADVERSE_EVENT || q.recordId() != corrected.id()) {
                throw new IllegalArgumentException("Query " + queryId + " is not on adverse event " + corrected.id() + ": nothing was changed.");
            }
            AuditTrail.requireReason(text, "answer a query");
            // the answer first: the correction may settle an edit check's query, which then closes itself by the data
            take(tx, queryId, QueryStep.Action.ANSWER, text, corrected.version() + 1);
            return app.adverseEvents().correct(tx, corrected, saeDetails, "Query " + queryId + ": " + text.strip());
        });
    }

    /** The one who raised the query (any monitor or reviewer, for an edit check's) closes it. */
    public DataQuery close(long queryId, String text) {
        return app.database().inTransaction(tx -> take(tx, queryId, QueryStep.Action.CLOSE, text, 0));
    }

    /** The one who raised the query re-opens it, saying why the answer does not settle it. */
    public DataQuery reopen(long queryId, String reason) {
        return app.database().inTransaction(tx -> take(tx, queryId, QueryStep.Action.REOPEN, reason, 0));
    }

    /** The one who raised the query withdraws it, saying why. */
    public DataQuery cancel(long queryId, String reason) {
        return app.database().inTransaction(tx -> take(tx, queryId, QueryStep.Action.CANCEL, reason, 0));
    }

    private DataQuery take(Tx tx, long queryId, QueryStep.Action action, String text, int correctedVersion) throws SQLException {
        app.access().requireUnlocked(tx); // a locked study takes no query step (the server's and the file's triggers hold it too)
        DataQuery q = load(tx, queryId);
        Account a = app.access().actor(tx);
        if (a != null) {
            String why = QueryWorkflow.refusal(q, action, a.userName(), a.role());
            if (why != null) {
                throw Access.refused(a, verb(action) + " query " + queryId, why);
            }
            if (action == QueryStep.Action.ANSWER && !a.sites().contains(siteOf(tx, q.subjectNumber()))) {
                throw new AccessRefused(a.userName() + " does not work at the site of subject " + q.subjectNumber() + ": nothing was changed.");
            }
        } else if (QueryWorkflow.after(action) == q.state() || !q.state().isOutstanding() && action != QueryStep.Action.REOPEN) {
            throw new IllegalStateException("Query " + queryId + " is " + q.state().name().toLowerCase(java.util.Locale.ROOT) + ": nothing was changed.");
        }
        if (QueryWorkflow.needsText(action)) {
            AuditTrail.requireReason(text, verb(action) + " a query");
        }
        String words = text == null || text.isBlank() ? null : text.strip();
        DataQuery moved = app.dataQueryRepository().update(tx, q.withState(QueryWorkflow.after(action)),
                verb(action) + (words == null ? "" : ": " + words));
        step(tx, moved, action, actorName(a), words, correctedVersion);
        return moved;
    }

    private void step(Tx tx, DataQuery q, QueryStep.Action action, String by, String text, int correctedVersion) throws SQLException {
        app.dataQueryRepository().insertStep(tx, new QueryStep(null, q.id(), q.subjectNumber(), action, by, now(), text,
                QueryWorkflow.after(action), correctedVersion, 0));
    }

    private static String verb(QueryStep.Action action) {
        return switch (action) {
            case RAISE -> "raise";
            case ANSWER -> "answer";
            case CLOSE -> "close";
            case REOPEN -> "re-open";
            case CANCEL -> "cancel";
            case RESOLVED_BY_DATA -> "resolved by the data";
        };
    }

    private DataQuery load(Tx tx, long queryId) throws SQLException {
        DataQuery q = app.dataQueryRepository().findById(tx, queryId)
                .orElseThrow(() -> new IllegalArgumentException("There is no query " + queryId + "."));
        requireReadable(tx, q.subjectNumber());
        return q;
    }

    /** A query with its thread; empty when there is none the signed-in account may read. */
    public Optional<Thread> thread(long queryId) {
        return app.database().read(tx -> {
            Optional<DataQuery> q = app.dataQueryRepository().findById(tx, queryId);
            if (q.isEmpty() || !readable(tx, q.get().subjectNumber())) {
                return Optional.empty();
            }
            return Optional.of(new Thread(q.get(), app.dataQueryRepository().steps(tx, queryId)));
        });
    }

    /** Every query of the sites the signed-in account reads, oldest first. */
    public List<QueryRow> list() {
        return app.database().read(tx -> {
            Predicate<String> sites = app.access().readableSites(tx);
            return app.dataQueryRepository().findAll(tx).stream().filter(r -> sites.test(r.site())).toList();
        });
    }

    /** The queries on one record, for its thread on the form. */
    public List<DataQuery> forRecord(DataQuery.Target target, long recordId) {
        return app.database().read(tx -> {
            List<DataQuery> all = app.dataQueryRepository().forRecord(tx, target, recordId);
            return all.isEmpty() || readable(tx, all.get(0).subjectNumber()) ? all : List.of();
        });
    }

    /** How many queries of the sites the signed-in account reads wait on someone: the navigation's count. */
    public int outstandingCount() {
        return app.database().read(tx -> {
            Predicate<String> sites = app.access().readableSites(tx);
            return app.dataQueryRepository().outstandingBySite(tx).entrySet().stream().filter(e -> sites.test(e.getKey()))
                    .mapToInt(Map.Entry::getValue).sum();
        });
    }

    /** How many queries wait on someone, by AE: the AE list's and the review's column. */
    public Map<Long, Integer> outstandingByAdverseEvent() {
        return app.database().read(tx -> app.dataQueryRepository().outstandingByRecord(tx, DataQuery.Target.ADVERSE_EVENT));
    }

    /**
     * Writes the queries (as listed, filtered or not), their metrics per site and the source data verification of the
     * readable sites to an .xlsx workbook, through the application's one spreadsheet writer.
     */
    public java.nio.file.Path export(java.nio.file.Path out, List<QueryRow> rows, String shown) throws java.io.IOException {
        Instant now = now();
        List<List<String>> queryRows = new ArrayList<>();
        for (QueryRow r : rows) {
            DataQuery q = r.query();
            queryRows.add(List.of(String.valueOf(q.id()), r.site(), q.subjectNumber(), q.target().code().replace('_', ' ') + " " + q.recordId(),
                    q.field() == null ? "" : q.field(), q.raisedBy(), q.raisedAt().toString(), q.state().name(),
                    String.valueOf(q.daysOpen(r.lastActivity(), now)), r.lastActivity().toString(), q.checkId() == null ? "" : q.checkId(), q.text()));
        }
        List<List<String>> metricRows = new ArrayList<>();
        for (QueryMetrics m : QueryMetrics.bySite(rows, now)) {
            metricRows.add(List.of(m.site(), String.valueOf(m.open()), String.valueOf(m.answered()), String.valueOf(m.closed()),
                    String.valueOf(m.cancelled()), String.format(java.util.Locale.ROOT, "%.1f", m.medianDaysOpen())));
        }
        List<List<String>> sdvRows = new ArrayList<>();
        for (SdvRow r : sdvStatus()) {
            sdvRows.add(List.of(r.site(), r.subjectNumber(), r.target().code().replace('_', ' ') + " " + r.recordId(), r.label() == null ? "" : r.label(),
                    r.status().name(), r.mark() == null ? "" : r.mark().verifiedBy(), r.mark() == null ? "" : r.mark().verifiedAt().toString()));
        }
        String title = app.study().studyId() + " data queries, " + shown + ", as of " + now + " UTC";
        org.aecapture.report.ListingWorkbookWriter.write(out, List.of(
                new org.aecapture.report.ListingWorkbookWriter.Sheet("Queries", List.of(title), List.of("Query", "Site", "Subject", "Record",
                        "Field", "Raised by", "Raised at (UTC)", "State", "Days open", "Last activity (UTC)", "Edit check", "Text"), queryRows),
                new org.aecapture.report.ListingWorkbookWriter.Sheet("Metrics", List.of(title), List.of("Site", "Open", "Answered", "Closed",
                        "Cancelled", "Median days open (outstanding)"), metricRows),
                new org.aecapture.report.ListingWorkbookWriter.Sheet("SDV", List.of(app.study().studyId() + " source data verification, as of "
                        + now + " UTC"), List.of("Site", "Subject", "Record", "What", "Status", "Verified by", "Verified at (UTC)"), sdvRows)),
                n -> { });
        return out;
    }

    // ---- edit checks ----

    private EditChecks editChecks() {
        return app.editChecks();
    }

    /** Runs every edit check over every subject (an administrator's, monitor's or reviewer's "run the checks"). */
    public CheckRun runChecks() {
        long start = System.nanoTime();
        return app.database().inTransaction(tx -> {
            app.access().requireUnlocked(tx);
            Account a = app.access().actor(tx);
            if (a != null && a.role() != Role.ADMINISTRATOR && !QueryWorkflow.raises(a.role())) {
                throw Access.refused(a, "run the edit checks", "the edit checks are run by an administrator, a monitor or a safety reviewer");
            }
            EditChecks checks = editChecks();
            Map<String, List<AdverseEvent>> aes = new HashMap<>();
            for (AdverseEvent ae : app.adverseEventRepository().findAll(tx, false)) {
                aes.computeIfAbsent(ae.subjectNumber(), k -> new ArrayList<>()).add(ae);
            }
            Map<Long, SaeDetails> sae = new HashMap<>();
            app.saeRepository().findAll(tx).forEach(d -> sae.put(d.aeId(), d));
            Map<String, List<DataQuery>> open = new HashMap<>();
            for (DataQuery q : app.dataQueryRepository().outstandingSystemQueries(tx)) {
                open.computeIfAbsent(q.subjectNumber(), k -> new ArrayList<>()).add(q);
            }
            int[] counts = new int[2];
            List<Subject> subjects = app.access().readableSubjects(tx);
            for (Subject s : subjects) {
                List<Finding> found = checks.run(s, aes.getOrDefault(s.subjectNumber(), List.of()), sae);
                reconcile(tx, found, open.getOrDefault(s.subjectNumber(), List.of()), counts);
            }
            return new CheckRun(subjects.size(), counts[0], counts[1], Duration.ofNanos(System.nanoTime() - start));
        });
    }

    /**
     * After an AE's save (recorded, corrected or deleted), in its transaction: the study's checks over what that save can
     * change, the AE itself and the subject's AEs of its term (and of the term it had: duplicates), reconciling only their
     * queries. A subject with hundreds of AEs is not read whole at every save; the subject itself is the one the save read.
     * A new AE, the commonest save, needs less: see {@link #afterNewAe}.
     */
    void afterAeSave(Tx tx, AdverseEvent saved, Subject subject, String previousCode) throws SQLException {
        EditChecks checks = editChecks();
        if (checks.isEmpty() || subject == null) {
            return;
        }
        if (previousCode == null && !saved.deleted() && saved.version() == 1 && afterNewAe(tx, checks, saved, subject)) {
            return;
        }
        java.util.Set<String> codes = new java.util.HashSet<>();
        if (saved.meddraCode() != null) {
            codes.add(saved.meddraCode());
        }
        if (previousCode != null) {
            codes.add(previousCode);
        }
        List<AdverseEvent> related = app.adverseEventRepository().findBySubjectAndTerms(tx, saved.subjectNumber(), codes);
        java.util.Set<Long> ids = new java.util.HashSet<>();
        related.forEach(ae -> ids.add(ae.id()));
        ids.add(saved.id());
        reconcile(tx, checks.run(subject, related, saeDetailsOf(tx, related)), app.dataQueryRepository().outstandingSystemQueries(tx, ids),
                new int[2]);
    }

    /**
     * The SAE details of each serious AE among {@code aes}, by its id: each AE re-checked is checked with its own (with the
     * saved AE's alone, a term-mate whose details are complete was found without them: a false "SAE awareness missing").
     */
    private Map<Long, SaeDetails> saeDetailsOf(Tx tx, List<AdverseEvent> aes) throws SQLException {
        Map<Long, SaeDetails> sae = new HashMap<>();
        for (AdverseEvent ae : aes) {
            sae.putAll(saeDetailsOf(tx, ae));
        }
        return sae;
    }

    /**
     * A new AE: its own findings, each a new query (its key was never another's: AEs are never removed), checked against
     * the dates of its term's other AEs. False, nothing done, when one of those has a higher key (saved on the server at
     * the same moment): the whole reconciliation then runs.
     */
    private boolean afterNewAe(Tx tx, EditChecks checks, AdverseEvent saved, Subject subject) throws SQLException {
        List<EditChecks.TermSpan> others = saved.meddraCode() == null ? List.of()
                : app.adverseEventRepository().spansOfTerm(tx, saved.subjectNumber(), saved.meddraCode());
        if (others.stream().anyMatch(o -> o.id() > saved.id())) {
            return false;
        }
        reconcile(tx, checks.runOnNew(subject, saved, others, saeDetailsOf(tx, saved)), List.of(), new int[2]);
        return true;
    }

    /** The saved AE's SAE details by its id, when it is serious and not deleted: what the awareness check looks at. */
    private Map<Long, SaeDetails> saeDetailsOf(Tx tx, AdverseEvent saved) throws SQLException {
        Map<Long, SaeDetails> sae = new HashMap<>();
        if (saved.serious() && !saved.deleted()) {
            app.saeRepository().findByAe(tx, saved.id()).ifPresent(d -> sae.put(saved.id(), d));
        }
        return sae;
    }

    /** After a save of a subject's own data or a visit (consent, End of Study), in its transaction: every check over the subject. */
    void afterSave(Tx tx, String subjectNumber) throws SQLException {
        EditChecks checks = editChecks();
        if (checks.isEmpty()) {
            return;
        }
        Optional<Subject> s = app.subjectRepository().findByNumber(tx, subjectNumber);
        if (s.isEmpty()) {
            return;
        }
        List<AdverseEvent> aes = app.adverseEventRepository().findBySubject(tx, subjectNumber, false);
        Map<Long, SaeDetails> sae = new HashMap<>();
        if (aes.stream().anyMatch(AdverseEvent::serious)) {
            app.saeRepository().findBySubject(tx, subjectNumber).forEach(d -> sae.put(d.aeId(), d));
        }
        reconcile(tx, checks.run(s.get(), aes, sae), app.dataQueryRepository().outstandingSystemQueries(tx, subjectNumber), new int[2]);
    }

    /** Opens a query for each new finding, and closes, audited, each open edit-check query whose finding is gone. */
    private void reconcile(Tx tx, List<Finding> found, List<DataQuery> open, int[] counts) throws SQLException {
        Map<String, DataQuery> openByPlace = new LinkedHashMap<>();
        for (DataQuery q : open) {
            openByPlace.put(new Finding(q.checkId(), q.subjectNumber(), q.target(), q.recordId(), q.field(), q.text()).place(), q);
        }
        for (Finding f : found) {
            if (openByPlace.remove(f.place()) == null) {
                DataQuery q = app.dataQueryRepository().insert(tx, new DataQuery(null, f.subjectNumber(), f.target(), f.recordId(), f.field(),
                        f.checkId(), DataQuery.State.OPEN, DataQuery.SYSTEM, now(), f.message(), 0));
                step(tx, q, QueryStep.Action.RAISE, DataQuery.SYSTEM, f.message(), 0);
                counts[0]++;
            }
        }
        for (DataQuery gone : openByPlace.values()) {
            String why = "edit check " + gone.checkId() + " no longer finds it in the data";
            DataQuery moved = app.dataQueryRepository().update(tx, gone.withState(DataQuery.State.CLOSED), why);
            step(tx, moved, QueryStep.Action.RESOLVED_BY_DATA, DataQuery.SYSTEM, why, 0);
            counts[1]++;
        }
    }

    // ---- source data verification ----

    /** A monitor marks an AE, or a subject's enrolment data, verified against the source at its version now. */
    public SdvMark verify(DataQuery.Target target, long recordId) {
        return app.database().inTransaction(tx -> {
            app.access().requireUnlocked(tx);
            Account a = app.access().actor(tx);
            if (a != null && a.role() != Role.MONITOR) {
                throw Access.refused(a, "mark source data verified", "only a monitor verifies against the source");
            }
            var record = recordOf(tx, target, recordId);
            String subject = record.subjectNumber();
            requireReadable(tx, subject);
            int version = record.version();
            // the content's digest decides later whether it still stands as verified, on both sides of a sync
            return app.sdvMarkRepository().mark(tx, new SdvMark(null, subject, target, recordId, version,
                    org.aecapture.domain.ContentHash.of(record), actorName(a), now(), 0), "verified against the source at version " + version);
        });
    }

    /** Where every AE and every subject's enrolment data of the readable sites stand against the source. */
    public List<SdvRow> sdvStatus() {
        return app.database().read(tx -> {
            Map<Long, SdvMark> aeMarks = new HashMap<>();
            app.sdvMarkRepository().findAll(tx, DataQuery.Target.ADVERSE_EVENT).forEach(m -> aeMarks.put(m.recordId(), m));
            Map<Long, SdvMark> subjectMarks = new HashMap<>();
            app.sdvMarkRepository().findAll(tx, DataQuery.Target.SUBJECT).forEach(m -> subjectMarks.put(m.recordId(), m));
            List<SdvRow> rows = new ArrayList<>();
            Map<String, Subject> readable = new HashMap<>();
            for (Subject s : app.access().readableSubjects(tx)) {
                readable.put(s.subjectNumber(), s);
                SdvMark m = subjectMarks.get(s.id());
                rows.add(new SdvRow(s.site(), s.subjectNumber(), DataQuery.Target.SUBJECT, s.id(), "enrolment", SdvMark.status(m, s), m));
            }
            for (AdverseEvent ae : app.adverseEventRepository().findAll(tx, false)) {
                Subject s = readable.get(ae.subjectNumber());
                if (s != null) {
                    SdvMark m = aeMarks.get(ae.id());
                    rows.add(new SdvRow(s.site(), s.subjectNumber(), DataQuery.Target.ADVERSE_EVENT, ae.id(), ae.verbatimTerm(),
                            SdvMark.status(m, ae), m));
                }
            }
            return rows;
        });
    }

    /** Why the database may not be locked now (queries outstanding, AEs not verified as they stand), in words; empty: none. */
    Optional<String> lockBlockers(Tx tx) throws SQLException {
        Map<String, Integer> outstanding = app.dataQueryRepository().outstandingBySite(tx);
        Map<Long, SdvMark> marks = new HashMap<>();
        app.sdvMarkRepository().findAll(tx, DataQuery.Target.ADVERSE_EVENT).forEach(m -> marks.put(m.recordId(), m));
        Map<String, String> siteOf = new HashMap<>();
        app.subjectRepository().findAll(tx).forEach(s -> siteOf.put(s.subjectNumber(), s.site()));
        Map<String, Integer> unverified = new TreeMap<>();
        for (AdverseEvent ae : app.adverseEventRepository().findAll(tx, false)) {
            if (SdvMark.status(marks.get(ae.id()), ae) != SdvMark.Status.VERIFIED) {
                unverified.merge(siteOf.get(ae.subjectNumber()), 1, Integer::sum);
            }
        }
        List<String> said = new ArrayList<>();
        if (!outstanding.isEmpty()) {
            said.add(outstanding.values().stream().mapToInt(Integer::intValue).sum() + " queries open or answered and not closed ("
                    + bySite(outstanding) + ")");
        }
        if (!unverified.isEmpty()) {
            said.add(unverified.values().stream().mapToInt(Integer::intValue).sum() + " AEs not verified against the source as they stand ("
                    + bySite(unverified) + ")");
        }
        return said.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", said));
    }

    private static String bySite(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((site, n) -> parts.add("site " + site + ": " + n));
        return String.join(", ", parts);
    }

    // ---- helpers ----

    /** The record a query or a mark is about, as stored now (its subject and version), read once. */
    private org.aecapture.domain.StoredRecord<?> recordOf(Tx tx, DataQuery.Target target, long recordId) throws SQLException {
        Optional<? extends org.aecapture.domain.StoredRecord<?>> found = switch (target) {
            case ADVERSE_EVENT -> app.adverseEventRepository().findById(tx, recordId);
            case SUBJECT -> app.subjectRepository().findById(tx, recordId);
            case VISIT -> app.visitRepository().findById(tx, recordId);
        };
        return found.orElseThrow(() -> new IllegalArgumentException("There is no " + target.code().replace('_', ' ') + " " + recordId + "."));
    }

    private String siteOf(Tx tx, String subjectNumber) throws SQLException {
        return app.subjectRepository().findByNumber(tx, subjectNumber).map(Subject::site).orElse("");
    }

    private boolean readable(Tx tx, String subjectNumber) throws SQLException {
        return app.access().readableSites(tx).test(siteOf(tx, subjectNumber));
    }

    private void requireReadable(Tx tx, String subjectNumber) throws SQLException {
        if (!readable(tx, subjectNumber)) {
            throw new AccessRefused("Subject " + subjectNumber + " is not at a site of yours: nothing was changed.");
        }
    }

    private String actorName(Account a) {
        return a != null ? a.userName() : app.actingUser();
    }
}
