package org.aecapture.service;

import java.util.List;
import java.util.Optional;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectRules;
import org.aecapture.domain.ValidationException;
import org.aecapture.domain.Violation;
import org.aecapture.store.AuditTrail;
import org.aecapture.store.SubjectRepository;

/** Enrolment and changes of subjects. */
public final class SubjectService {

    private final AeCapture app;

    SubjectService(AeCapture app) {
        this.app = app;
    }

    public Subject enrol(Subject s) {
        Subject withStatus = withDerivedStatus(s);
        ValidationException.throwIfAny(app.subjectRules().validate(withStatus, app.today()));
        return app.database().inTransaction(tx -> {
            if (app.subjectRepository().findByNumber(tx, s.subjectNumber()).isPresent()) {
                throw new ValidationException(List.of(Violation.of(SubjectRules.SUBJECT_ID, "subject.exists", s.subjectNumber())));
            }
            return app.subjectRepository().insert(tx, withStatus, null);
        });
    }

    public Subject update(Subject s, String reason) {
        Subject withStatus = withDerivedStatus(s);
        ValidationException.throwIfAny(app.subjectRules().validate(withStatus, app.today()));
        return app.database().inTransaction(tx -> app.subjectRepository().update(tx, withStatus, reason));
    }

    public Optional<Subject> byNumber(String subjectNumber) {
        return app.database().inTransaction(tx -> app.subjectRepository().findByNumber(tx, subjectNumber));
    }

    public List<Subject> all() {
        return app.database().inTransaction(tx -> app.subjectRepository().findAll(tx));
    }

    public List<AuditTrail.Entry> history(long id) {
        return app.database().inTransaction(tx -> AuditTrail.history(tx, SubjectRepository.ENTITY, id));
    }

    /** The status the dates imply, unless the subject is a screen failure (decided at enrolment, not by dates). */
    Subject withDerivedStatus(Subject s) {
        if (s.status() == org.aecapture.domain.SubjectStatus.SCREEN_FAILURE) {
            return s;
        }
        var status = Subject.derivedStatus(s.firstDoseDate(), s.endOfStudyDate(), app.study().completedFromStudyDay());
        return new Subject(s.id(), s.subjectNumber(), s.site(), s.sex(), s.birthDate(), s.consentDate(), s.firstDoseDate(),
                s.endOfStudyDate(), status, s.version());
    }
}
