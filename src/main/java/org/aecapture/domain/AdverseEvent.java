package org.aecapture.domain;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.aecapture.lab.LabMeasurement;

/**
 * An adverse event with the CDASH AE fields. Onset and end dates may be partial; a wholly unknown
 * date is null. The coded term is the CTCAE term (MedDRA LLT code, term and SOC as bundled).
 *
 * @param id store key; null until saved
 * @param version optimistic-locking version; 0 until saved
 * @param termCoding how the CTCAE term was chosen (source and reason of the suggestion, e.g. "HISTORY: coded 3 times in
 *     this study"); null when not recorded (imports, AEs entered before it was kept)
 * @param lab the laboratory value the grade was read from, with its unit, normal range and baseline, as typed; null
 *     when the AE was not graded from a value
 * @param gradeReason why the investigator chose another grade than the laboratory value gives; null when they did not
 */
public record AdverseEvent(
        Long id,
        String subjectNumber,
        String verbatimTerm,
        String meddraCode,
        String ctcaeTerm,
        String soc,
        String otherSpecify,
        Integer grade,
        PartialDate onsetDate,
        PartialDate endDate,
        boolean ongoing,
        boolean serious,
        Set<SeriousCriterion> seriousCriteria,
        Relationship relationship,
        ActionTaken actionTaken,
        Outcome outcome,
        String reportedAtVisit,
        int version,
        boolean deleted,
        String termCoding,
        LabMeasurement lab,
        String gradeReason) implements StoredRecord<AdverseEvent> {

    /** An AE whose term's coding source is not recorded. */
    public AdverseEvent(Long id, String subjectNumber, String verbatimTerm, String meddraCode, String ctcaeTerm, String soc,
                        String otherSpecify, Integer grade, PartialDate onsetDate, PartialDate endDate, boolean ongoing, boolean serious,
                        Set<SeriousCriterion> seriousCriteria, Relationship relationship, ActionTaken actionTaken, Outcome outcome,
                        String reportedAtVisit, int version, boolean deleted) {
        this(id, subjectNumber, verbatimTerm, meddraCode, ctcaeTerm, soc, otherSpecify, grade, onsetDate, endDate, ongoing, serious,
                seriousCriteria, relationship, actionTaken, outcome, reportedAtVisit, version, deleted, null);
    }

    /** An AE not graded from a laboratory value. */
    public AdverseEvent(Long id, String subjectNumber, String verbatimTerm, String meddraCode, String ctcaeTerm, String soc,
                        String otherSpecify, Integer grade, PartialDate onsetDate, PartialDate endDate, boolean ongoing, boolean serious,
                        Set<SeriousCriterion> seriousCriteria, Relationship relationship, ActionTaken actionTaken, Outcome outcome,
                        String reportedAtVisit, int version, boolean deleted, String termCoding) {
        this(id, subjectNumber, verbatimTerm, meddraCode, ctcaeTerm, soc, otherSpecify, grade, onsetDate, endDate, ongoing, serious,
                seriousCriteria, relationship, actionTaken, outcome, reportedAtVisit, version, deleted, termCoding, null, null);
    }

    public AdverseEvent {
        seriousCriteria = CriteriaSets.of(seriousCriteria);
    }

    /** The 64 possible sets of the six criteria, made once: every AE shares one, and a million AEs fit in memory. */
    private static final class CriteriaSets {
        private static final java.util.List<Set<SeriousCriterion>> ALL;

        static {
            SeriousCriterion[] values = SeriousCriterion.values();
            java.util.List<Set<SeriousCriterion>> all = new java.util.ArrayList<>();
            for (int bits = 0; bits < 1 << values.length; bits++) {
                EnumSet<SeriousCriterion> set = EnumSet.noneOf(SeriousCriterion.class);
                for (SeriousCriterion c : values) {
                    if ((bits & (1 << c.ordinal())) != 0) {
                        set.add(c);
                    }
                }
                all.add(Collections.unmodifiableSet(set));
            }
            ALL = java.util.List.copyOf(all);
        }

        static Set<SeriousCriterion> of(Set<SeriousCriterion> criteria) {
            int bits = 0;
            if (criteria != null) {
                for (SeriousCriterion c : criteria) {
                    bits |= 1 << c.ordinal();
                }
            }
            return ALL.get(bits);
        }
    }

    public Optional<PartialDate> onset() {
        return Optional.ofNullable(onsetDate);
    }

    public Optional<PartialDate> end() {
        return Optional.ofNullable(endDate);
    }

    public boolean isRelated() {
        return relationship != null && relationship.isRelated();
    }

    @Override
    public AdverseEvent withKey(long newId, int newVersion) {
        return new AdverseEvent(newId, subjectNumber, verbatimTerm, meddraCode, ctcaeTerm, soc, otherSpecify, grade,
                onsetDate, endDate, ongoing, serious, seriousCriteria, relationship, actionTaken, outcome,
                reportedAtVisit, newVersion, deleted, termCoding, lab, gradeReason);
    }

    public AdverseEvent asDeleted(int newVersion) {
        return new AdverseEvent(id, subjectNumber, verbatimTerm, meddraCode, ctcaeTerm, soc, otherSpecify, grade,
                onsetDate, endDate, ongoing, serious, seriousCriteria, relationship, actionTaken, outcome,
                reportedAtVisit, newVersion, true, termCoding, lab, gradeReason);
    }

    /** The same AE graded from another laboratory value (null: none). */
    public AdverseEvent withLab(LabMeasurement newLab) {
        return new AdverseEvent(id, subjectNumber, verbatimTerm, meddraCode, ctcaeTerm, soc, otherSpecify, grade,
                onsetDate, endDate, ongoing, serious, seriousCriteria, relationship, actionTaken, outcome,
                reportedAtVisit, version, deleted, termCoding, newLab, gradeReason);
    }

    /** The same AE with how its term was chosen. */
    public AdverseEvent withTermCoding(String coding) {
        return new AdverseEvent(id, subjectNumber, verbatimTerm, meddraCode, ctcaeTerm, soc, otherSpecify, grade,
                onsetDate, endDate, ongoing, serious, seriousCriteria, relationship, actionTaken, outcome,
                reportedAtVisit, version, deleted, coding, lab, gradeReason);
    }

    /** The same AE with another verbatim term (a correction as the site's source document reads). */
    public AdverseEvent withVerbatimTerm(String verbatim) {
        return new AdverseEvent(id, subjectNumber, verbatim, meddraCode, ctcaeTerm, soc, otherSpecify, grade,
                onsetDate, endDate, ongoing, serious, seriousCriteria, relationship, actionTaken, outcome,
                reportedAtVisit, version, deleted, termCoding, lab, gradeReason);
    }
}
