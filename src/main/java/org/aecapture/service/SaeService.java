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
            app.saeRepository().insert(tx, d, reason);
        } else {
            // the version the user started from: another user's change since is refused, never overwritten
            app.saeRepository().update(tx, d.withKey(stored.get().id(), d.version()), reason == null ? "SAE details added" : reason);
        }
    }

    public Optional<SaeDetails> details(long aeId) {
        return app.database().read(tx -> readable(tx, aeId) ? app.saeRepository().findByAe(tx, aeId) : Optional.empty());
    }

    /** The time the clocks are read against: the database's clock. */
    public Instant now() {
        return app.database().clock().instant();
    }

    /** Every serious AE (not deleted) of the sites the account reads: overdue first, then awareness missing, then by due time. */
    public List<SaeRow> list(boolean overdueOnly) {
        Instant now = app.database().clock().instant();
        List<SaeRow> rows = app.database().read(this::rows);
        return rows.stream().filter(r -> !overdueOnly || r.status().overdue(now))
                // overdue first, then those whose clock cannot run for want of the awareness time, then by due time
                .sorted(Comparator.<SaeRow, Boolean>comparing(r -> !r.status().overdue(now))
                        .thenComparing(r -> r.status().state() != SaeStatus.State.AWARENESS_MISSING)
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
        for (AdverseEvent ae : app.adverseEventRepository().findSerious(tx)) {
            Subject s = subjects.get(ae.subjectNumber());
            if (s == null || !sites.test(s.site())) {
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
            if (SaeReport.isCurrent(sent, sha)) {
                throw new IllegalStateException("Nothing changed since the " + sent.get(sent.size() - 1).label().toLowerCase(java.util.Locale.ROOT)
                        + " of adverse event " + aeId + ": no report is due.");
            }
            int number = SaeReport.nextNumber(sent);
            return app.saeReportRepository().insert(tx, new SaeReport(null, aeId, ae.subjectNumber(),
                    number == 0 ? SaeReport.Type.INITIAL : SaeReport.Type.FOLLOW_UP, number, tx.now(), tx.user(), content, sha));
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
        // a report made offline and not yet synced is named whenever it is due: only a sync delivers it
        return list(false).stream().filter(r -> r.status().state() == org.aecapture.sae.SaeStatus.State.AWAITING_SYNC
                || r.status().siteReportDue() && (r.status().due() == null || r.status().due().isBefore(now.plus(SOON)))).toList();
    }

    private static final java.time.format.DateTimeFormatter FORM_DATE = java.time.format.DateTimeFormatter.ofPattern("dd MMM yyyy",
            java.util.Locale.ENGLISH);

    /**
     * The CIOMS I form of an SAE as its data stand: the latest report's type and date when nothing changed since it was
     * sent, else those of the report the data make next (initial, or follow-up N, dated today). Blinded ("ALPN-101 /
     * placebo (blinded)") unless {@code unblind}, which only the unblinded statistician may ask, for a SUSAR, once the
     * randomization is loaded.
     */
    public org.aecapture.report.CiomsForm ciomsForm(long aeId, boolean unblind) {
        return app.database().read(tx -> {
            app.access().requireRole(tx, "produce a CIOMS I form", Role.INVESTIGATOR, Role.COORDINATOR, Role.SAFETY_REVIEWER,
                    Role.UNBLINDED_STATISTICIAN);
            if (!readable(tx, aeId)) {
                throw new IllegalArgumentException("There is no adverse event " + aeId + " that you may read.");
            }
            AdverseEvent ae = app.adverseEventRepository().findById(tx, aeId).orElseThrow();
            if (!ae.serious()) {
                throw new IllegalArgumentException("Adverse event " + aeId + " is not serious: a CIOMS I form reports a serious adverse event.");
            }
            Subject subject = app.subjectRepository().findByNumber(tx, ae.subjectNumber()).orElseThrow();
            SaeDetails d = app.saeRepository().findByAe(tx, aeId).orElse(null);
            SponsorAssessment sponsor = app.saeAssessmentRepository().findByAe(tx, aeId).orElse(null);
            List<SaeReport> reports = app.saeReportRepository().findByAe(tx, aeId);
            String arm = null;
            if (unblind) {
                if (!app.access().mayUnblind(tx) || app.signedIn().map(a -> a.role() != Role.UNBLINDED_STATISTICIAN).orElse(true)) {
                    throw new AccessRefused("Only the unblinded statistician may unblind a CIOMS I form: nothing was written.");
                }
                if (!SaeStatus.isSusar(ae, sponsor, app.study().safety())) {
                    throw new IllegalArgumentException("Adverse event " + aeId + " is not a SUSAR: its CIOMS I form stays blinded.");
                }
                if (!app.randomizationRepository().isLoaded(tx)) {
                    throw new IllegalStateException("The randomization list is not loaded: there is no arm to unblind.");
                }
                arm = app.randomizationRepository().armsBySubjectNumber(tx, app.armKey(tx)).get(ae.subjectNumber());
            }
            return form(ae, subject, d, sponsor, reports, arm, tx.now());
        });
    }

    /** Writes the CIOMS I form as PDF, whole or not at all. */
    public org.aecapture.report.CiomsForm cioms(long aeId, Path out, boolean unblind) {
        org.aecapture.report.CiomsForm form = ciomsForm(aeId, unblind);
        try {
            org.aecapture.report.CiomsPdfWriter.write(form, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot write " + out + ": " + e.getMessage(), e);
        }
        return form;
    }

    private org.aecapture.report.CiomsForm form(AdverseEvent ae, Subject subject, SaeDetails d, SponsorAssessment sponsor,
                                                List<SaeReport> reports, String arm, Instant now) {
        var study = app.study();
        var drug = study.safety().suspectDrug();
        java.util.Set<org.aecapture.report.CiomsForm.Seriousness> boxes = java.util.EnumSet.noneOf(org.aecapture.report.CiomsForm.Seriousness.class);
        for (var c : ae.seriousCriteria()) {
            boxes.add(switch (c) {
                case RESULTS_IN_DEATH -> org.aecapture.report.CiomsForm.Seriousness.PATIENT_DIED;
                case HOSPITALIZATION -> org.aecapture.report.CiomsForm.Seriousness.HOSPITALISATION;
                case PERSISTENT_DISABILITY -> org.aecapture.report.CiomsForm.Seriousness.DISABILITY;
                case LIFE_THREATENING -> org.aecapture.report.CiomsForm.Seriousness.LIFE_THREATENING;
                case CONGENITAL_ANOMALY -> org.aecapture.report.CiomsForm.Seriousness.CONGENITAL_ANOMALY;
                case MEDICALLY_IMPORTANT -> org.aecapture.report.CiomsForm.Seriousness.MEDICALLY_IMPORTANT;
            });
        }
        StringBuilder reaction = new StringBuilder();
        String gradeText = app.catalog().byMeddraCode(ae.meddraCode()).flatMap(t -> t.gradeDescription(ae.grade())).orElse("");
        reaction.append(ae.ctcaeTerm()).append(ae.otherSpecify() == null ? "" : ": " + ae.otherSpecify()).append(" (MedDRA ")
                .append(ae.meddraCode()).append("), CTCAE v").append(app.catalog().version()).append(" grade ").append(ae.grade()).append(": ").append(gradeText).append('\n');
        reaction.append("Reported term: ").append(ae.verbatimTerm()).append(". Onset ").append(formDate(ae.onsetDate()))
                .append(ae.ongoing() ? ", ongoing" : ", ended " + formDate(ae.endDate())).append(". Outcome: ").append(ae.outcome().code())
                .append(". Action taken with study drug: ").append(ae.actionTaken().code()).append(".\n");
        if (ae.lab() != null) {
            reaction.append("Laboratory value: ").append(ae.lab().value().toPlainString()).append(' ').append(ae.lab().unit())
                    .append(ae.lab().lln() == null && ae.lab().uln() == null ? "" : " (normal " + plain(ae.lab().lln()) + " to " + plain(ae.lab().uln()) + ")")
                    .append(".\n");
        }
        if (d != null) {
            if (d.admissionDate() != null) {
                reaction.append("Hospitalised ").append(formDate(d.admissionDate()))
                        .append(d.dischargeDate() == null ? ", not yet discharged" : " to " + formDate(d.dischargeDate()))
                        .append(".\n");
            }
            if (d.deathDate() != null) {
                reaction.append("Died ").append(formDate(d.deathDate())).append("; cause: ")
                        .append(d.causeOfDeath()).append("; autopsy: ").append(d.autopsy() == null ? "UNKNOWN" : d.autopsy()).append(".\n");
            }
            if (d.narrative() != null) {
                reaction.append("Narrative: ").append(d.narrative()).append('\n');
            }
        }
        reaction.append("Causality: investigator ").append(ae.relationship().code());
        if (sponsor != null && sponsor.causality() != null) {
            reaction.append(", sponsor ").append(sponsor.causality().code());
        }
        reaction.append(". Expectedness: ").append(SaeStatus.isUnexpected(ae, sponsor, study.safety()) ? "unexpected" : "expected").append(" (")
                .append(SaeStatus.sponsorAssessedExpectedness(sponsor) ? "sponsor's assessment" : "reference safety information: "
                        + study.safety().referenceSafetyInformation().document()).append(").");
        SaeReport latest = reports.isEmpty() ? null : reports.get(reports.size() - 1);
        SaeReport initial = reports.isEmpty() ? null : reports.get(0);
        // the data as they stand: the latest report when nothing changed since, else the report they make next
        boolean changedSince = !SaeReport.isCurrent(reports, SaeContent.sha256(SaeContent.of(ae, d)));
        int number = changedSince ? SaeReport.nextNumber(reports) : latest.followUpNumber();
        String reportType = number == 0 ? "INITIAL" : "FOLLOWUP " + number;
        Instant reportDate = changedSince ? now : latest.sentAt();
        String therapy = (subject.firstDoseDate() == null ? "UNK" : formDate(subject.firstDoseDate()))
                + " to " + (subject.endOfStudyDate() == null ? "ongoing" : formDate(subject.endOfStudyDate()));
        String duration = subject.firstDoseDate() == null ? "" : (java.time.temporal.ChronoUnit.DAYS.between(subject.firstDoseDate(),
                subject.endOfStudyDate() == null ? ae.onsetDate() != null && ae.onsetDate().isComplete() ? ae.onsetDate().toLocalDate().orElseThrow()
                        : LocalDate.ofInstant(now, java.time.ZoneOffset.UTC) : subject.endOfStudyDate()) + 1) + " days"
                + (subject.endOfStudyDate() == null ? " to onset" : "");
        String age = ae.onsetDate() == null || subject.birthDate() == null ? "" : ageAt(subject, ae);
        return new org.aecapture.report.CiomsForm(subject.subjectNumber(),
                study.countryOf(subject.site()) == null ? "" : study.countryOf(subject.site()),
                formDate(subject.birthDate()), age, subject.sex() == null ? "" : subject.sex().name(), formDate(ae.onsetDate()), boxes,
                reaction.toString(), arm == null ? drug.blindedName() : arm + " (UNBLINDED for SUSAR reporting)", drug.dailyDose(), drug.route(),
                drug.indication(), therapy, duration, answer(d == null ? null : d.dechallenge()), answer(d == null ? null : d.rechallenge()),
                d == null || d.concomitantMedications() == null ? "" : d.concomitantMedications(),
                d == null || d.medicalHistory() == null ? "" : d.medicalHistory(), study.sponsor(),
                study.sdtmStudyId() + "-" + ae.subjectNumber() + "-AE" + ae.id(),
                initial == null ? "" : formDate(LocalDate.ofInstant(initial.sentAt(), java.time.ZoneOffset.UTC)),
                "STUDY", formDate(LocalDate.ofInstant(reportDate, java.time.ZoneOffset.UTC)),
                reportType, arm != null);
    }

    private static String plain(java.math.BigDecimal d) {
        return d == null ? "?" : d.toPlainString();
    }

    /** Age in whole years at onset; with a partial birth date or onset, the youngest it can be. */
    private static String ageAt(Subject s, AdverseEvent ae) {
        return Integer.toString(org.aecapture.domain.SubjectRules.possibleAges(s.birthDate(), ae.onsetDate().earliest())[0]);
    }

    private static org.aecapture.report.CiomsForm.Answer answer(org.aecapture.sae.ChallengeResult r) {
        return r == null ? org.aecapture.report.CiomsForm.Answer.UNKNOWN : org.aecapture.report.CiomsForm.Answer.valueOf(r.name());
    }

    /** "15 SEP 2021": a date as the CIOMS form writes it. */
    private static String formDate(LocalDate date) {
        return FORM_DATE.format(date).toUpperCase(java.util.Locale.ROOT);
    }

    /** "15 SEP 2021", "UNK SEP 2021", "UNK UNK 2021". */
    private static String formDate(org.aecapture.domain.PartialDate p) {
        if (p == null) {
            return "UNK";
        }
        String day = p.day().map(dd -> String.format("%02d", dd)).orElse("UNK");
        String month = p.month().map(m -> java.time.Month.of(m).getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH)
                .toUpperCase(java.util.Locale.ROOT)).orElse("UNK");
        return day + " " + month + " " + p.year();
    }
}
