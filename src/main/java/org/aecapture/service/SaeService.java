package org.aecapture.service;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.Role;
import org.aecapture.domain.Subject;
import org.aecapture.domain.ValidationException;
import org.aecapture.sae.Expectedness;
import org.aecapture.sae.SaeContent;
import org.aecapture.sae.SaeDetails;
import org.aecapture.sae.SaeReport;
import org.aecapture.sae.SaeRules;
import org.aecapture.sae.SaeStatus;
import org.aecapture.sae.SponsorAssessment;
import org.aecapture.store.Tx;

/**
 * The SAE reporting duty: the site's reports to the sponsor (initial, then numbered follow-ups), the sponsor's own
 * causality and expectedness, the SUSAR clock, and the list of every SAE with where it stands.
 */
public final class SaeService {

    /** Reports due within this are "soon": the investigator is told at sign-in. */
    public static final Duration SOON = Duration.ofHours(4);

    private final AeCapture app;

    SaeService(AeCapture app) {
        this.app = app;
    }

    /** One serious AE with everything its reporting needs, and where it stands. */
    public record SaeRow(AdverseEvent ae, Subject subject, SaeDetails details, SponsorAssessment sponsor, List<SaeReport> reports,
                         SaeStatus status) {
        public String site() {
            return subject.site();
        }
    }

    /** Stores an SAE's details with its AE (inside the AE's transaction): a first time as new, later as a correction. */
    void save(Tx tx, AdverseEvent ae, SaeDetails details, String reason) throws SQLException {
        SaeDetails d = details.forAe(ae.id(), ae.subjectNumber());
        ValidationException.throwIfAny(SaeRules.validate(ae, d, tx.now()));
        Optional<SaeDetails> stored = app.saeRepository().findByAe(tx, ae.id());
        if (stored.isEmpty()) {
            app.saeRepository().insert(tx, new SaeDetails(null, d.aeId(), d.subjectNumber(), d.awareAt(), d.admissionDate(), d.dischargeDate(),
                    d.deathDate(), d.causeOfDeath(), d.autopsy(), d.narrative(), d.medicalHistory(), d.concomitantMedications(),
                    d.dechallenge(), d.rechallenge(), 0), reason);
        } else {
            SaeDetails s = stored.get();
            app.saeRepository().update(tx, new SaeDetails(s.id(), d.aeId(), d.subjectNumber(), d.awareAt(), d.admissionDate(),
                    d.dischargeDate(), d.deathDate(), d.causeOfDeath(), d.autopsy(), d.narrative(), d.medicalHistory(),
                    d.concomitantMedications(), d.dechallenge(), d.rechallenge(), s.version()), reason == null ? "SAE details added" : reason);
        }
    }

    public Optional<SaeDetails> details(long aeId) {
        return app.database().read(tx -> readable(tx, aeId) ? app.saeRepository().findByAe(tx, aeId) : Optional.empty());
    }

    /** Every serious AE (not deleted) of the sites the account reads, overdue first, then by due time. */
    public List<SaeRow> list(boolean overdueOnly) {
        Instant now = app.database().clock().instant();
        List<SaeRow> rows = app.database().read(this::rows);
        return rows.stream().filter(r -> !overdueOnly || r.status().overdue(now))
                .sorted(Comparator.<SaeRow, Boolean>comparing(r -> !r.status().overdue(now))
                        .thenComparing(r -> r.status().due(), Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(r -> r.ae().subjectNumber()))
                .toList();
    }

    /** One SAE as it stands; empty when the AE is not serious or not readable. */
    public Optional<SaeRow> row(long aeId) {
        return list(false).stream().filter(r -> r.ae().id() == aeId).findFirst();
    }

    private List<SaeRow> rows(Tx tx) throws SQLException {
        Predicate<String> sites = app.access().readableSites(tx);
        Map<String, Subject> subjects = new HashMap<>();
        app.subjectRepository().findAll(tx).forEach(s -> subjects.put(s.subjectNumber(), s));
        Map<Long, SaeDetails> details = new HashMap<>();
        app.saeRepository().findAll(tx).forEach(d -> details.put(d.aeId(), d));
        Map<Long, SponsorAssessment> sponsor = new HashMap<>();
        app.saeAssessmentRepository().findAll(tx).forEach(a -> sponsor.put(a.aeId(), a));
        Map<Long, List<SaeReport>> reports = new HashMap<>();
        app.saeReportRepository().findAll(tx).forEach(r -> reports.computeIfAbsent(r.aeId(), k -> new ArrayList<>()).add(r));
        Map<Long, Instant> changed = app.saeReportRepository().lastChanges(tx);
        List<SaeRow> rows = new ArrayList<>();
        for (AdverseEvent ae : app.adverseEventRepository().findAll(tx, false)) {
            Subject s = subjects.get(ae.subjectNumber());
            if (!ae.serious() || s == null || !sites.test(s.site())) {
                continue;
            }
            SaeDetails d = details.get(ae.id());
            List<SaeReport> sent = reports.getOrDefault(ae.id(), List.of());
            SaeStatus status = SaeStatus.of(ae, d, sponsor.get(ae.id()), sent, SaeContent.sha256(SaeContent.of(ae, d)), changed.get(ae.id()),
                    app.study().safety());
            rows.add(new SaeRow(ae, s, d, sponsor.get(ae.id()), sent, status));
        }
        return rows;
    }

    /**
     * "Send SAE report": the site's initial report, or the next follow-up when the SAE's data changed since the last
     * one; kept as it was sent, with its SHA-256, by whom and when. Refused when nothing changed since the last.
     */
    public SaeReport sendReport(long aeId) {
        return app.database().inTransaction(tx -> {
            AdverseEvent ae = app.adverseEventRepository().findById(tx, aeId)
                    .orElseThrow(() -> new IllegalArgumentException("There is no adverse event " + aeId + "."));
            Subject s = app.subjectRepository().findByNumber(tx, ae.subjectNumber()).orElseThrow();
            app.access().requireClinicalChange(tx, s.site());
            if (!ae.serious() || ae.deleted()) {
                throw new IllegalArgumentException("Adverse event " + aeId + " is not a serious adverse event: there is no SAE report to send.");
            }
            SaeDetails d = app.saeRepository().findByAe(tx, aeId).orElse(null);
            if (d == null || d.awareAt() == null) {
                throw new ValidationException(List.of(org.aecapture.domain.Violation.of(SaeRules.AWARE_AT, "sae.awareRequired")));
            }
            ValidationException.throwIfAny(SaeRules.validate(ae, d, tx.now()));
            String content = SaeContent.of(ae, d);
            String sha = SaeContent.sha256(content);
            List<SaeReport> sent = app.saeReportRepository().findByAe(tx, aeId);
            if (!sent.isEmpty() && sent.get(sent.size() - 1).sha256().equals(sha)) {
                throw new IllegalStateException("Nothing changed since the " + sent.get(sent.size() - 1).label().toLowerCase(java.util.Locale.ROOT)
                        + " of adverse event " + aeId + ": no report is due.");
            }
            SaeReport report = sent.isEmpty()
                    ? new SaeReport(null, aeId, ae.subjectNumber(), SaeReport.Type.INITIAL, 0, tx.now(), tx.user(), content, sha)
                    : new SaeReport(null, aeId, ae.subjectNumber(), SaeReport.Type.FOLLOW_UP, sent.get(sent.size() - 1).followUpNumber() + 1,
                            tx.now(), tx.user(), content, sha);
            return app.saeReportRepository().insert(tx, report);
        });
    }

    /** An AE's reports as sent, oldest first. */
    public List<SaeReport> reports(long aeId) {
        return app.database().read(tx -> readable(tx, aeId) ? app.saeReportRepository().findByAe(tx, aeId) : List.of());
    }

    /** The safety reviewer records the sponsor's causality and expectedness (either may be null: not assessed). */
    public SponsorAssessment assess(long aeId, Relationship causality, Expectedness expectedness, String reason) {
        return changeAssessment(aeId, a -> new SponsorAssessment(a.id(), aeId, a.subjectNumber(), causality, expectedness, a.susarSubmittedOn(),
                a.version()), reason);
    }

    /** The safety reviewer records the date the SUSAR was submitted to the regulators. */
    public SponsorAssessment recordSusarSubmission(long aeId, LocalDate submittedOn, String reason) {
        return changeAssessment(aeId, a -> new SponsorAssessment(a.id(), aeId, a.subjectNumber(), a.causality(), a.expectedness(), submittedOn,
                a.version()), reason);
    }

    private SponsorAssessment changeAssessment(long aeId, java.util.function.UnaryOperator<SponsorAssessment> change, String reason) {
        return app.database().inTransaction(tx -> {
            app.access().requireRole(tx, "record the sponsor's assessment of an SAE", Role.SAFETY_REVIEWER);
            app.access().requireUnlocked(tx);
            AdverseEvent ae = app.adverseEventRepository().findById(tx, aeId)
                    .orElseThrow(() -> new IllegalArgumentException("There is no adverse event " + aeId + "."));
            if (!ae.serious()) {
                throw new IllegalArgumentException("Adverse event " + aeId + " is not serious: the sponsor assesses serious adverse events.");
            }
            Optional<SponsorAssessment> stored = app.saeAssessmentRepository().findByAe(tx, aeId);
            SponsorAssessment base = stored.orElse(new SponsorAssessment(null, aeId, ae.subjectNumber(), null, null, null, 0));
            SponsorAssessment changed = change.apply(base);
            if (changed.susarSubmittedOn() != null && changed.susarSubmittedOn().isAfter(LocalDate.ofInstant(tx.now(), java.time.ZoneOffset.UTC).plusDays(1))) {
                throw new ValidationException(List.of(org.aecapture.domain.Violation.of("susar_submitted_on", "date.future", changed.susarSubmittedOn())));
            }
            return stored.isEmpty() ? app.saeAssessmentRepository().insert(tx, changed, reason)
                    : app.saeAssessmentRepository().update(tx, changed, reason);
        });
    }

    private boolean readable(Tx tx, long aeId) throws SQLException {
        Optional<AdverseEvent> ae = app.adverseEventRepository().findById(tx, aeId);
        if (ae.isEmpty()) {
            return false;
        }
        Predicate<String> sites = app.access().readableSites(tx);
        return app.subjectRepository().findByNumber(tx, ae.get().subjectNumber()).map(Subject::site).filter(sites).isPresent();
    }

    /** The site's reports that are overdue or due within {@link #SOON}: what an investigator is told first at sign-in. */
    public List<SaeRow> siteReportsDueSoon() {
        Instant now = app.database().clock().instant();
        return list(false).stream().filter(r -> r.status().siteReportDue()
                && (r.status().due() == null || r.status().due().isBefore(now.plus(SOON)))).toList();
    }
}
