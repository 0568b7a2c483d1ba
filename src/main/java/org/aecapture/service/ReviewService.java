package org.aecapture.service;

import org.aecapture.domain.AuditEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.ctcae.CtcaeMap;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.CodedValue;
import org.aecapture.domain.Subject;
import org.aecapture.report.ListingWorkbookWriter;
import org.aecapture.review.ReviewFilter;
import org.aecapture.review.ReviewRow;
import org.aecapture.store.AdverseEventRepository;
import org.aecapture.store.AuditTrail;

/**
 * The safety reviewer's read-only, blinded view of every AE in the study: it never reads the
 * randomization, and it writes nothing to the study database.
 */
public final class ReviewService {

    private static final ResourceBundle TEXT = ResourceBundle.getBundle("org.aecapture.report.ReportText", Locale.ENGLISH);

    private final AeCapture app;

    ReviewService(AeCapture app) {
        this.app = app;
    }

    /** Every AE, deleted ones included (the filter hides them unless asked), each with its subject's site and Day 1. */
    /** How many queries wait on someone, by AE: the review's "Queries" column. */
    public java.util.Map<Long, Integer> outstandingQueries() {
        return app.queries().outstandingByAdverseEvent();
    }

    public List<ReviewRow> rows() {
        record Snapshot(List<Subject> subjects, List<AdverseEvent> aes) { }
        Snapshot data = app.database().read(tx -> new Snapshot(app.access().readableSubjects(tx),
                app.adverseEventRepository().findAll(tx, true)));
        Map<String, Subject> bySubject = data.subjects().stream().collect(Collectors.toMap(Subject::subjectNumber, Function.identity()));
        AdverseEventService aes = app.adverseEvents();
        List<ReviewRow> rows = new ArrayList<>(data.aes().size());
        for (AdverseEvent ae : data.aes()) {
            Subject s = bySubject.get(ae.subjectNumber());
            if (s == null) {
                continue; // a site the signed-in account does not read
            }
            rows.add(new ReviewRow(ae, s.site(), s.firstDoseDate(), aes.isTreatmentEmergent(ae, s)));
        }
        return rows;
    }

    public List<AuditEntry> history(long adverseEventId) {
        return app.database().read(tx -> AuditTrail.history(tx, AdverseEventRepository.ENTITY, adverseEventId));
    }

    /** Whether the subject's AE data are signed, and unchanged since. */
    public SignatureService.Status signature(String subjectNumber) {
        return app.signatures().status(subjectNumber);
    }

    /** The text of a term's grade in the study's CTCAE version. */
    public Optional<String> gradeDescription(String meddraCode, int grade) {
        return app.catalog().byMeddraCode(meddraCode).flatMap(t -> t.gradeDescription(grade));
    }

    /**
     * For an AE of a study graded by CTCAE v5.0: what NCI's map says its term and grade are in v6.0, for a sponsor pooling
     * trials of both versions (the map pairs NCI's items; it does not regrade the AE). Empty in a v6.0 study.
     */
    public Optional<CtcaeMap.Entry> inCtcaeV6(AdverseEvent ae) {
        if (!CtcaeCatalog.V5.equals(app.study().ctcae()) || ae.meddraCode() == null || ae.grade() == null) {
            return Optional.empty();
        }
        return CtcaeMap.bundled().forGrade(ae.meddraCode(), ae.grade());
    }

    /** What the AE's laboratory value makes of its grade by CTCAE; empty for an AE not graded from a value. */
    public Optional<org.aecapture.lab.LabGrade> labGrade(AdverseEvent ae) {
        return app.adverseEventRules().labGrade(ae);
    }

    /** Writes the rows of the current view as an .xlsx listing with the filter at the top; whole or not at all. */
    public void exportView(Path out, List<ReviewRow> rows, ReviewFilter filter, IntConsumer progress) {
        long subjects = rows.stream().map(r -> r.ae().subjectNumber()).distinct().count();
        List<String> title = List.of(
                MessageFormat.format(TEXT.getString("review.title"), app.study().studyId(), app.study().protocol(), app.study().ctcae()),
                MessageFormat.format(TEXT.getString("review.filter"), filter.describe()),
                MessageFormat.format(TEXT.getString("review.counts"), rows.size(), subjects, app.database().clock().instant(),
                        app.database().currentUser()));
        List<List<String>> cells = rows.stream().map(ReviewService::cells).toList();
        try {
            ListingWorkbookWriter.write(out, TEXT.getString("review.sheet"), title, List.of(TEXT.getString("review.columns").split("\\|")),
                    cells, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("The view could not be written to " + out + ": " + e.getMessage()
                    + ". No file was left half-written.", e);
        }
    }

    private static List<String> cells(ReviewRow r) {
        AdverseEvent ae = r.ae();
        List<String> c = new ArrayList<>();
        c.add(ae.subjectNumber());
        c.add(r.site());
        c.add(ae.reportedAtVisit());
        c.add(ae.verbatimTerm());
        c.add(ae.ctcaeTerm() + (ae.otherSpecify() == null ? "" : ": " + ae.otherSpecify()));
        c.add(ae.soc());
        c.add(ae.meddraCode());
        c.add(String.valueOf(ae.grade()));
        c.add(ae.onsetDate() == null ? "UNK" : ae.onsetDate().toIso());
        c.add(r.onsetStudyDay().map(String::valueOf).orElse(null));
        c.add(ae.endDate() == null ? null : ae.endDate().toIso());
        c.add(r.endStudyDay().map(String::valueOf).orElse(null));
        c.add(r.durationDays().map(String::valueOf).orElse(null));
        c.add(yn(ae.ongoing()));
        c.add(yn(ae.serious()));
        c.add(ae.seriousCriteria().stream().map(CodedValue::code).collect(Collectors.joining(", ")));
        c.add(ae.relationship().code());
        c.add(ae.actionTaken().code());
        c.add(ae.outcome().code());
        c.add(yn(r.treatmentEmergent()));
        c.add(yn(ae.deleted()));
        return c;
    }

    private static String yn(boolean b) {
        return b ? "Y" : "N";
    }

}
