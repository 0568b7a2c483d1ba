package org.aecapture.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.ctcae.CtcaeTerm;
import org.aecapture.lab.LabCriteria;
import org.aecapture.lab.LabGrade;
import org.aecapture.lab.LabGrader;
import org.aecapture.lab.LabMeasurement;

/** The rules an adverse event must satisfy before it is stored; each broken rule names its field. */
public final class AdverseEventRules {

    public static final int MAX_TEXT_LENGTH = 200;

    private final CtcaeCatalog catalog;
    private final LabGrader labGrader;

    public AdverseEventRules(CtcaeCatalog catalog) {
        this(catalog, LabGrader.Convention.STRICT);
    }

    /** With the study's reading of what CTCAE leaves open in its laboratory criteria. */
    public AdverseEventRules(CtcaeCatalog catalog, LabGrader.Convention convention) {
        this.catalog = catalog;
        this.labGrader = new LabGrader(LabCriteria.forVersion(catalog.version()), convention);
    }

    /** The laboratory criteria the rules grade values by. */
    public LabCriteria labCriteria() {
        return labGrader.criteria();
    }

    /** What the AE's laboratory value makes of its grade; empty when the AE has no value or its term is not lab-defined. */
    public Optional<LabGrade> labGrade(AdverseEvent ae) {
        if (ae.lab() == null || ae.lab().value() == null || isBlank(ae.meddraCode()) || !labGrader.criteria().isLabDefined(ae.meddraCode())) {
            return Optional.empty();
        }
        return Optional.of(labGrader.grade(ae.meddraCode(), ae.lab()));
    }

    /** Every rule the AE breaks, in form order; empty when it may be saved. */
    public List<Violation> validate(AdverseEvent ae, Subject subject, LocalDate today) {
        List<Violation> v = new ArrayList<>();
        if (subject == null) {
            v.add(Violation.of(AeFields.SUBJECT_ID, "subject.unknown", ae.subjectNumber()));
            return v;
        }
        if (isBlank(ae.verbatimTerm())) {
            v.add(Violation.of(AeFields.VERBATIM_TERM, "required"));
        } else if (ae.verbatimTerm().length() > MAX_TEXT_LENGTH) {
            v.add(Violation.of(AeFields.VERBATIM_TERM, "text.tooLong", MAX_TEXT_LENGTH));
        }
        Optional<CtcaeTerm> term = checkTerm(ae, v);
        checkGrade(ae, term, v);
        checkLab(ae, term, v);
        checkDates(ae, subject, today, v);
        checkSeriousness(ae, v);
        if (ae.relationship() == null) {
            v.add(Violation.of(AeFields.RELATIONSHIP, "required"));
        }
        if (ae.actionTaken() == null) {
            v.add(Violation.of(AeFields.ACTION_TAKEN, "required"));
        }
        checkOutcome(ae, v);
        return v;
    }

    public void requireValid(AdverseEvent ae, Subject subject, LocalDate today) {
        ValidationException.throwIfAny(validate(ae, subject, today));
    }

    private Optional<CtcaeTerm> checkTerm(AdverseEvent ae, List<Violation> v) {
        if (isBlank(ae.meddraCode())) {
            v.add(Violation.of(AeFields.MEDDRA_CODE, "term.required"));
            return Optional.empty();
        }
        Optional<CtcaeTerm> term = catalog.byMeddraCode(ae.meddraCode());
        if (term.isEmpty()) {
            v.add(Violation.of(AeFields.MEDDRA_CODE, "term.unknown", ae.meddraCode(), catalog.version()));
            return term;
        }
        if (term.get().isOtherSpecify() && isBlank(ae.otherSpecify())) {
            v.add(Violation.of(AeFields.OTHER_SPECIFY, "otherSpecify.required", term.get().term()));
        } else if (!term.get().isOtherSpecify() && !isBlank(ae.otherSpecify())) {
            v.add(Violation.of(AeFields.OTHER_SPECIFY, "otherSpecify.notAllowed", term.get().term()));
        } else if (!isBlank(ae.otherSpecify()) && ae.otherSpecify().length() > MAX_TEXT_LENGTH) {
            v.add(Violation.of(AeFields.OTHER_SPECIFY, "text.tooLong", MAX_TEXT_LENGTH));
        }
        return term;
    }

    /**
     * A laboratory value belongs to a lab-defined term, has a unit of that term and a normal range that is one; a grade
     * other than the one the value gives needs the investigator's reason (it is kept in the audit trail).
     */
    private void checkLab(AdverseEvent ae, Optional<CtcaeTerm> term, List<Violation> v) {
        LabMeasurement lab = ae.lab();
        if (lab == null) {
            return;
        }
        int before = v.size();
        if (term.isPresent() && !labGrader.criteria().isLabDefined(term.get().meddraCode())) {
            v.add(Violation.of(AeFields.LAB_VALUE, "lab.notLabDefined", term.get().term(), catalog.version()));
            return;
        }
        if (lab.value() == null) {
            v.add(Violation.of(AeFields.LAB_VALUE, "lab.valueRequired"));
        }
        if (term.isPresent()) {
            List<String> units = labGrader.criteria().unitsFor(term.get().meddraCode());
            if (isBlank(lab.unit()) || !units.contains(lab.unit())) {
                v.add(Violation.of(AeFields.LAB_UNIT, "lab.unit", String.join(", ", units)));
            }
        }
        if (lab.lln() != null && lab.uln() != null && lab.lln().compareTo(lab.uln()) > 0) {
            v.add(Violation.of(AeFields.LAB_ULN, "lab.range", lab.lln().toPlainString(), lab.uln().toPlainString()));
        }
        if (v.size() > before || ae.grade() == null) {
            return;
        }
        labGrade(ae).filter(LabGrade::isGraded).filter(g -> !g.grade().equals(ae.grade())).ifPresent(g -> {
            if (isBlank(ae.gradeReason())) {
                v.add(Violation.of(AeFields.GRADE_REASON, "lab.gradeReason", ae.grade(), g.grade()));
            } else if (ae.gradeReason().length() > MAX_TEXT_LENGTH) {
                v.add(Violation.of(AeFields.GRADE_REASON, "text.tooLong", MAX_TEXT_LENGTH));
            }
        });
    }

    private void checkGrade(AdverseEvent ae, Optional<CtcaeTerm> term, List<Violation> v) {
        if (ae.grade() == null) {
            v.add(Violation.of(AeFields.GRADE, "required"));
        } else if (ae.grade() < CtcaeTerm.MIN_GRADE || ae.grade() > CtcaeTerm.MAX_GRADE) {
            v.add(Violation.of(AeFields.GRADE, "grade.range", ae.grade()));
        } else if (term.isPresent() && !term.get().isGradeDefined(ae.grade())) {
            String defined = term.get().definedGrades().stream().map(String::valueOf).collect(Collectors.joining(", "));
            v.add(Violation.of(AeFields.GRADE, "grade.undefined", ae.grade(), term.get().term(), catalog.version(), defined));
        }
    }

    private static void checkDates(AdverseEvent ae, Subject subject, LocalDate today, List<Violation> v) {
        PartialDate onset = ae.onsetDate();
        PartialDate end = ae.endDate();
        if (onset != null) {
            if (subject.consentDate() != null && onset.isBefore(subject.consentDate())) {
                v.add(Violation.of(AeFields.ONSET_DATE, "onset.beforeConsent", onset.toCrf(), PartialDate.of(subject.consentDate()).toCrf()));
            }
            if (onset.isAfter(today)) {
                v.add(Violation.of(AeFields.ONSET_DATE, "date.future", onset.toCrf()));
            }
            if (subject.endOfStudyDate() != null && onset.isAfter(subject.endOfStudyDate())) {
                v.add(Violation.of(AeFields.ONSET_DATE, "onset.afterEndOfStudy", onset.toCrf(),
                        PartialDate.of(subject.endOfStudyDate()).toCrf(), subject.subjectNumber()));
            }
        }
        if (end != null) {
            if (onset != null && end.compareOnCommonParts(onset) < 0) {
                v.add(Violation.of(AeFields.END_DATE, "end.beforeOnset", end.toCrf(), onset.toCrf()));
            }
            if (end.isAfter(today)) {
                v.add(Violation.of(AeFields.END_DATE, "date.future", end.toCrf()));
            }
        }
        if (ae.ongoing() && end != null) {
            v.add(Violation.of(AeFields.ONGOING, "ongoing.withEnd"));
        } else if (!ae.ongoing() && end == null) {
            v.add(Violation.of(AeFields.END_DATE, "end.requiredUnlessOngoing"));
        }
    }

    private static void checkSeriousness(AdverseEvent ae, List<Violation> v) {
        if (ae.serious() && ae.seriousCriteria().isEmpty()) {
            v.add(Violation.of(AeFields.SERIOUS, "serious.noCriterion"));
        } else if (!ae.serious() && !ae.seriousCriteria().isEmpty()) {
            v.add(Violation.of(AeFields.SERIOUS, "serious.criterionWithoutSerious"));
        }
    }

    private static void checkOutcome(AdverseEvent ae, List<Violation> v) {
        if (ae.outcome() == null) {
            v.add(Violation.of(AeFields.OUTCOME, "required"));
            return;
        }
        boolean fatal = ae.outcome() == Outcome.FATAL;
        boolean grade5 = ae.grade() != null && ae.grade() == CtcaeTerm.MAX_GRADE;
        if (fatal && !grade5) {
            v.add(Violation.of(AeFields.OUTCOME, "fatal.needsGrade5"));
        } else if (grade5 && !fatal) {
            v.add(Violation.of(AeFields.OUTCOME, "grade5.needsFatal"));
        }
        if (fatal) {
            if (!ae.seriousCriteria().contains(SeriousCriterion.RESULTS_IN_DEATH)) {
                v.add(Violation.of(SeriousCriterion.RESULTS_IN_DEATH.code(), "fatal.needsDeathCriterion"));
            }
            if (ae.endDate() == null) {
                v.add(Violation.of(AeFields.END_DATE, "fatal.needsDateOfDeath"));
            }
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
