package org.aecapture.service;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectStatus;
import org.aecapture.domain.ValidationException;
import org.aecapture.domain.Violation;
import org.aecapture.domain.Visit;
import org.aecapture.store.StoreException;
import org.aecapture.store.Tx;
import org.aecapture.study.VisitDefinition;
import org.aecapture.study.VisitDefinition.Kind;

/**
 * Day 1, the visit schedule laid out from it, the visits that took place, and End of Study: the Week 28
 * visit (completed) or Early Termination (discontinued) sets the subject's End of Study date and status.
 * Study days and treatment emergence are never stored: they follow from these dates wherever shown.
 */
public final class VisitService {

    public static final String FIRST_DOSE_DATE = "first_dose_date";
    public static final String VISIT_CODE = "visit_code";
    public static final String VISIT_DATE = "visit_date";
    public static final String NOTE = "note";

    /**
     * One line of a subject's visits: a scheduled visit with its window once Day 1 is known (and its
     * date once it took place), or an Unscheduled or Early Termination visit that took place.
     */
    public record VisitLine(VisitDefinition definition, VisitDefinition.DateWindow window, Visit visit) {
        /** A visit that took place outside its window. */
        public boolean outsideWindow() {
            return window != null && visit != null && !window.contains(visit.visitDate());
        }
    }

    private final AeCapture app;

    VisitService(AeCapture app) {
        this.app = app;
    }

    /** The subject's scheduled visits in schedule order with the unscheduled ones placed by date. */
    public List<VisitLine> visits(String subjectNumber) {
        return app.database().inTransaction(tx -> {
            Subject subject = subject(tx, subjectNumber);
            if (!app.access().readableSites(tx).test(subject.site())) {
                throw new AccessRefused("Subject " + subjectNumber + " belongs to site " + subject.site() + ", not to yours.");
            }
            List<Visit> taken = app.visitRepository().findBySubject(tx, subjectNumber);
            List<VisitLine> lines = new ArrayList<>();
            for (VisitDefinition def : app.study().scheduledVisits()) {
                VisitDefinition.DateWindow window = subject.day1().map(def::window).orElse(null);
                Visit visit = taken.stream().filter(v -> v.visitCode().equals(def.code())).findFirst().orElse(null);
                lines.add(new VisitLine(def, window, visit));
            }
            for (Visit v : taken) {
                VisitDefinition def = definition(v.visitCode());
                if (!def.isScheduled()) {
                    lines.add(new VisitLine(def, null, v));
                }
            }
            // a stable sort: before Day 1 is known the schedule keeps its order
            lines.sort(Comparator.comparing(VisitService::when, Comparator.nullsLast(Comparator.naturalOrder())));
            return lines;
        });
    }

    /** Scheduled visits stay in schedule order (by target date, even when one took place late); the others go by their date. */
    private static LocalDate when(VisitLine line) {
        return line.window() != null ? line.window().target() : line.visit() != null ? line.visit().visitDate() : null;
    }

    /**
     * Records or changes Day 1 (the first dose date). The first entry needs no reason; a change does,
     * and it moves every study day, window and treatment-emergence decision of the subject with it.
     */
    public Subject setDay1(String subjectNumber, LocalDate day1, int subjectVersion, String reason) {
        return app.database().inTransaction(tx -> {
            Subject s = subject(tx, subjectNumber);
            app.access().requireClinicalChange(tx, s.site());
            if (s.version() != subjectVersion) {
                throw new StoreException("Not saved: subject " + subjectNumber + " was changed after you opened it. Reload it, then"
                        + " enter Day 1 again.");
            }
            List<Violation> v = new ArrayList<>();
            if (day1 == null) {
                v.add(Violation.of(FIRST_DOSE_DATE, "required"));
            } else if (s.status() == SubjectStatus.SCREEN_FAILURE) {
                v.add(Violation.of(FIRST_DOSE_DATE, "day1.screenFailure", subjectNumber));
            }
            ValidationException.throwIfAny(v);
            if (day1.equals(s.firstDoseDate())) {
                return s;
            }
            Subject dosed = app.subjects().withDerivedStatus(s.withStudyDates(day1, s.endOfStudyDate(), s.status()));
            ValidationException.throwIfAny(app.subjectRules().validate(dosed, app.today()));
            return app.subjectRepository().update(tx, dosed, s.isDosed() ? reason : "first dose date (Day 1) entered");
        });
    }

    /** Records a visit that took place; Week 28 or Early Termination also ends the subject's study. */
    public Visit record(String subjectNumber, String visitCode, LocalDate date, String note) {
        return app.database().inTransaction(tx -> {
            Subject subject = subject(tx, subjectNumber);
            app.access().requireClinicalChange(tx, subject.site());
            Visit visit = new Visit(null, subjectNumber, visitCode, date, note, 0);
            requireValid(tx, subject, visit);
            Visit stored = app.visitRepository().insert(tx, visit);
            endStudyIfItEnds(tx, subject, stored, "End of Study from the " + definition(visitCode).name() + " visit");
            app.queries().afterSave(tx, subjectNumber); // an End of Study makes ongoing AEs' outcomes a question
            return stored;
        });
    }

    /** Corrects the date or note of a recorded visit, with a reason; an ending visit moves End of Study with it. */
    public Visit correct(Visit edited, String reason) {
        return app.database().inTransaction(tx -> {
            Subject subject = subject(tx, edited.subjectNumber());
            app.access().requireClinicalChange(tx, subject.site());
            requireValid(tx, subject, edited);
            Visit stored = app.visitRepository().update(tx, edited, reason);
            endStudyIfItEnds(tx, subject, stored, reason);
            app.queries().afterSave(tx, edited.subjectNumber());
            return stored;
        });
    }

    private void endStudyIfItEnds(Tx tx, Subject s, Visit visit, String reason) throws SQLException {
        Kind kind = definition(visit.visitCode()).kind();
        if (kind != Kind.END_OF_STUDY && kind != Kind.EARLY_TERMINATION) {
            return;
        }
        SubjectStatus status = kind == Kind.END_OF_STUDY ? SubjectStatus.COMPLETED : SubjectStatus.DISCONTINUED;
        if (visit.visitDate().equals(s.endOfStudyDate()) && status == s.status()) {
            return;
        }
        Subject ended = s.withStudyDates(s.firstDoseDate(), visit.visitDate(), status);
        ValidationException.throwIfAny(app.subjectRules().validate(ended, app.today()));
        app.subjectRepository().update(tx, ended, reason);
    }

    private void requireValid(Tx tx, Subject s, Visit visit) throws SQLException {
        VisitDefinition def = app.study().visit(visit.visitCode()).orElse(null);
        List<Violation> v = new ArrayList<>();
        if (def == null) {
            v.add(Violation.of(VISIT_CODE, "visit.unknown", visit.visitCode()));
            throw new ValidationException(v);
        }
        boolean screening = def.isScheduled() && def.latestDay() < 1;
        if (s.status() == SubjectStatus.SCREEN_FAILURE && !screening) {
            v.add(Violation.of(VISIT_CODE, "visit.screenFailure", s.subjectNumber())); // screened, but never in the study
        }
        LocalDate date = visit.visitDate();
        // Screening and Unscheduled visits may come before Day 1; every other visit follows it
        boolean afterDay1 = def.kind() != Kind.UNSCHEDULED && !(def.isScheduled() && def.latestDay() < 1);
        if (date == null) {
            v.add(Violation.of(VISIT_DATE, "required"));
        } else {
            if (date.isAfter(app.today())) {
                v.add(Violation.of(VISIT_DATE, "date.future", PartialDate.of(date).toCrf()));
            }
            if (date.isBefore(s.consentDate())) {
                v.add(Violation.of(VISIT_DATE, "visit.beforeConsent", PartialDate.of(date).toCrf(), PartialDate.of(s.consentDate()).toCrf()));
            }
            if (afterDay1 && s.firstDoseDate() == null) {
                v.add(Violation.of(VISIT_DATE, "visit.needsDay1", def.name()));
            } else if (afterDay1 && date.isBefore(s.firstDoseDate())) {
                v.add(Violation.of(VISIT_DATE, "visit.beforeDay1", def.name(), PartialDate.of(s.firstDoseDate()).toCrf()));
            }
        }
        boolean ends = def.kind() == Kind.END_OF_STUDY || def.kind() == Kind.EARLY_TERMINATION;
        List<Visit> others = app.visitRepository().findBySubject(tx, s.subjectNumber()).stream()
                .filter(o -> !Objects.equals(o.id(), visit.id())).toList();
        if (def.kind() != Kind.UNSCHEDULED && others.stream().anyMatch(o -> o.visitCode().equals(def.code()))) {
            v.add(Violation.of(VISIT_CODE, "visit.alreadyRecorded", def.name(), s.subjectNumber()));
        }
        Optional<Visit> otherEnd = others.stream().filter(o -> endsStudy(o.visitCode())).findFirst();
        if (ends && otherEnd.isPresent()) {
            v.add(Violation.of(VISIT_CODE, "visit.studyEnded", s.subjectNumber(), definition(otherEnd.get().visitCode()).name()));
        }
        if (def.kind() == Kind.EARLY_TERMINATION && (visit.note() == null || visit.note().isBlank())) {
            v.add(Violation.of(NOTE, "visit.terminationReason"));
        }
        if (date != null) {
            if (!ends && s.endOfStudyDate() != null && date.isAfter(s.endOfStudyDate())) {
                v.add(Violation.of(VISIT_DATE, "visit.afterEndOfStudy", PartialDate.of(date).toCrf(), PartialDate.of(s.endOfStudyDate()).toCrf()));
            }
            if (ends) {
                long later = app.adverseEventRepository().findBySubject(tx, s.subjectNumber(), false).stream()
                        .map(AdverseEvent::onsetDate).filter(onset -> onset != null && onset.isAfter(date)).count();
                if (later > 0) {
                    v.add(Violation.of(VISIT_DATE, "visit.aesAfterEnd", PartialDate.of(date).toCrf(), later));
                }
                long visitsAfter = others.stream().filter(o -> o.visitDate().isAfter(date)).count();
                if (visitsAfter > 0) {
                    v.add(Violation.of(VISIT_DATE, "visit.visitsAfterEnd", PartialDate.of(date).toCrf(), visitsAfter));
                }
            }
        }
        ValidationException.throwIfAny(v);
    }

    private boolean endsStudy(String visitCode) {
        Kind kind = definition(visitCode).kind();
        return kind == Kind.END_OF_STUDY || kind == Kind.EARLY_TERMINATION;
    }

    private VisitDefinition definition(String code) {
        return app.study().visit(code).orElseThrow(() -> new StoreException("Visit " + code + " is not in the study's schedule."));
    }

    private Subject subject(Tx tx, String subjectNumber) throws SQLException {
        return app.subjectRepository().findByNumber(tx, subjectNumber)
                .orElseThrow(() -> new ValidationException(List.of(Violation.of("subject_id", "subject.unknown", subjectNumber))));
    }
}
