package org.aecapture.service;

import org.aecapture.domain.AuditEntry;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.aecapture.domain.Eligibility;
import org.aecapture.domain.EligibilityChecklist;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectRules;
import org.aecapture.domain.SubjectStatus;
import org.aecapture.domain.ValidationException;
import org.aecapture.domain.Violation;
import org.aecapture.store.AuditTrail;
import org.aecapture.store.SubjectRepository;
import org.aecapture.store.Tx;

/** Enrolment with the eligibility checklist, and changes of subjects. */
public final class SubjectService {

    /** The field name of the eligibility checklist in violations. */
    public static final String ELIGIBILITY = "eligibility";

    /** A subject as the subject list shows it. */
    public record SubjectSummary(Subject subject, int adverseEvents) { }

    private final AeCapture app;

    SubjectService(AeCapture app) {
        this.app = app;
    }

    /** Enrols a subject without a checklist: the imports' way, for subjects screened elsewhere. */
    public Subject enrol(Subject s) {
        Subject withStatus = withDerivedStatus(s);
        ValidationException.throwIfAny(app.subjectRules().validate(withStatus, app.today()));
        return app.database().inTransaction(tx -> insertNew(tx, withStatus));
    }

    /**
     * Enrols a subject through the study's eligibility checklist: eligible (status Screening until Day 1)
     * or a screen failure with its failed criteria. The subject and the decision are stored together.
     */
    public Subject enrol(Subject s, EligibilityChecklist checklist) {
        EligibilityChecklist.Outcome outcome = requireOutcome(checklist);
        Subject screened = s.withStatus(outcome == EligibilityChecklist.Outcome.ELIGIBLE ? SubjectStatus.SCREENING
                : SubjectStatus.SCREEN_FAILURE);
        ValidationException.throwIfAny(app.subjectRules().validate(screened, app.today()));
        return app.database().inTransaction(tx -> {
            Subject stored = insertNew(tx, screened);
            app.eligibilityRepository().insert(tx, decision(tx, stored.subjectNumber(), checklist, null));
            return stored;
        });
    }

    /**
     * Corrects a subject's enrolment data and eligibility decision together, with one reason. A subject
     * that has received study drug cannot be turned into a screen failure.
     */
    public Subject correct(Subject edited, EligibilityChecklist checklist, String reason) {
        EligibilityChecklist.Outcome outcome = requireOutcome(checklist);
        if (outcome == EligibilityChecklist.Outcome.SCREEN_FAILURE && edited.isDosed()) {
            throw new ValidationException(List.of(Violation.of(ELIGIBILITY, "eligibility.dosed", edited.subjectNumber())));
        }
        Subject withStatus = outcome == EligibilityChecklist.Outcome.SCREEN_FAILURE ? edited.withStatus(SubjectStatus.SCREEN_FAILURE)
                : withDerivedStatus(edited.status() == SubjectStatus.SCREEN_FAILURE ? edited.withStatus(SubjectStatus.SCREENING) : edited);
        ValidationException.throwIfAny(app.subjectRules().validate(withStatus, app.today()));
        return app.database().inTransaction(tx -> {
            requireChangeAllowed(tx, withStatus);
            Subject stored = app.subjectRepository().update(tx, withStatus, reason);
            Optional<Eligibility> before = app.eligibilityRepository().findBySubject(tx, stored.subjectNumber());
            if (before.isEmpty()) {
                app.eligibilityRepository().insert(tx, decision(tx, stored.subjectNumber(), checklist, null));
            } else if (!before.get().answers().equals(checklist.answersCode())) {
                app.eligibilityRepository().update(tx, decision(tx, stored.subjectNumber(), checklist, before.get()), reason);
            }
            app.queries().afterSave(tx, stored.subjectNumber()); // the consent date, End of Study: what the AEs are checked against
            return stored;
        });
    }

    public Subject update(Subject s, String reason) {
        Subject withStatus = withDerivedStatus(s);
        ValidationException.throwIfAny(app.subjectRules().validate(withStatus, app.today()));
        return app.database().inTransaction(tx -> {
            requireChangeAllowed(tx, withStatus);
            Subject stored = app.subjectRepository().update(tx, withStatus, reason);
            app.queries().afterSave(tx, stored.subjectNumber());
            return stored;
        });
    }

    /** A change at the subject's site as stored and, when the site changes, at the new one too. */
    private void requireChangeAllowed(Tx tx, Subject edited) throws SQLException {
        Access access = app.access();
        if (edited.id() != null) {
            Optional<Subject> stored = app.subjectRepository().findByNumber(tx, edited.subjectNumber());
            if (stored.isPresent()) {
                access.requireClinicalChange(tx, stored.get().site());
            }
        }
        access.requireClinicalChange(tx, edited.site());
    }

    /** The subject, when the signed-in account may read its site. */
    public Optional<Subject> byNumber(String subjectNumber) {
        return app.database().inTransaction(tx -> {
            Predicate<String> readable = app.access().readableSites(tx);
            return app.subjectRepository().findByNumber(tx, subjectNumber).filter(s -> readable.test(s.site()));
        });
    }

    /** The subjects of the sites the signed-in account may read. */
    public List<Subject> all() {
        return app.database().read(tx -> app.access().readableSubjects(tx));
    }

    /** Every subject with its number of adverse events (deleted ones not counted), in subject number order. */
    public List<SubjectSummary> overview() {
        return app.database().read(tx -> {
            Map<String, Integer> counts = app.adverseEventRepository().countsBySubject(tx);
            return app.access().readableSubjects(tx).stream()
                    .map(s -> new SubjectSummary(s, counts.getOrDefault(s.subjectNumber(), 0))).toList();
        });
    }

    public Optional<Eligibility> eligibility(String subjectNumber) {
        return app.database().inTransaction(tx -> app.eligibilityRepository().findBySubject(tx, subjectNumber));
    }

    /** The study's checklist with a subject's stored answers, or blank when none are stored. */
    public EligibilityChecklist checklist(Optional<Eligibility> stored) {
        var criteria = app.study().eligibility();
        return stored.map(e -> EligibilityChecklist.fromCode(criteria.inclusion(), criteria.exclusion(), e.answers()))
                .orElseGet(() -> EligibilityChecklist.blank(criteria.inclusion(), criteria.exclusion()));
    }

    public List<AuditEntry> history(long id) {
        return app.database().inTransaction(tx -> AuditTrail.history(tx, SubjectRepository.ENTITY, id));
    }

    private Subject insertNew(Tx tx, Subject s) throws SQLException {
        app.access().requireClinicalChange(tx, s.site());
        if (app.subjectRepository().findByNumber(tx, s.subjectNumber()).isPresent()) {
            throw new ValidationException(List.of(Violation.of(SubjectRules.SUBJECT_ID, "subject.exists", s.subjectNumber())));
        }
        return app.subjectRepository().insert(tx, s, null);
    }

    private static EligibilityChecklist.Outcome requireOutcome(EligibilityChecklist checklist) {
        return checklist.outcome().orElseThrow(() -> new ValidationException(
                List.of(Violation.of(ELIGIBILITY, "eligibility.incomplete", checklist.unanswered()))));
    }

    /** The decision as stored: who decided it and when come from the transaction (the user and the clock). */
    private static Eligibility decision(Tx tx, String subjectNumber, EligibilityChecklist checklist, Eligibility before) {
        return Eligibility.decided(before == null ? null : before.id(), subjectNumber, checklist, tx.user(), tx.now().toString(),
                before == null ? 0 : before.version());
    }

    /**
     * The status the dates imply. A screen failure stays one (decided by the checklist, not by dates), and
     * so does an ended subject's Completed or Discontinued, which the visit that ended the study decided.
     */
    Subject withDerivedStatus(Subject s) {
        if (s.status() == SubjectStatus.SCREEN_FAILURE) {
            return s;
        }
        if (s.endOfStudyDate() != null && (s.status() == SubjectStatus.COMPLETED || s.status() == SubjectStatus.DISCONTINUED)) {
            return s;
        }
        return s.withStatus(Subject.derivedStatus(s.firstDoseDate(), s.endOfStudyDate(), app.study().completedFromStudyDay()));
    }
}
