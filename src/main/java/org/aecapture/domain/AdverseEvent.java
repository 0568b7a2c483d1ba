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
        return toBuilder().id(newId).version(newVersion).build();
    }

    public AdverseEvent asDeleted(int newVersion) {
        return toBuilder().version(newVersion).deleted(true).build();
    }

    /** The same AE graded from another laboratory value (null: none). */
    public AdverseEvent withLab(LabMeasurement newLab) {
        return toBuilder().lab(newLab).build();
    }

    /** The same AE with how its term was chosen. */
    public AdverseEvent withTermCoding(String coding) {
        return toBuilder().termCoding(coding).build();
    }

    /** The same AE with another verbatim term (a correction as the site's source document reads). */
    public AdverseEvent withVerbatimTerm(String verbatim) {
        return toBuilder().verbatimTerm(verbatim).build();
    }

    /** A new AE of a subject, built field by field by name (nothing else set: not serious, not ongoing, not yet saved). */
    public static Builder of(String subjectNumber) {
        return new Builder().subjectNumber(subjectNumber);
    }

    /** A builder holding every field of this AE, to change some of them by name. */
    public Builder toBuilder() {
        return new Builder().id(id).subjectNumber(subjectNumber).verbatimTerm(verbatimTerm).term(meddraCode, ctcaeTerm, soc)
                .otherSpecify(otherSpecify).grade(grade).onsetDate(onsetDate).endDate(endDate).ongoing(ongoing).serious(serious)
                .seriousCriteria(seriousCriteria).relationship(relationship).actionTaken(actionTaken).outcome(outcome)
                .reportedAtVisit(reportedAtVisit).version(version).deleted(deleted).termCoding(termCoding).lab(lab)
                .gradeReason(gradeReason);
    }

    /** Names each of the AE's fields where it is set, instead of a constructor of 22 positions. */
    public static final class Builder {
        private Long id;
        private String subjectNumber;
        private String verbatimTerm;
        private String meddraCode;
        private String ctcaeTerm;
        private String soc;
        private String otherSpecify;
        private Integer grade;
        private PartialDate onsetDate;
        private PartialDate endDate;
        private boolean ongoing;
        private boolean serious;
        private Set<SeriousCriterion> seriousCriteria = Set.of();
        private Relationship relationship;
        private ActionTaken actionTaken;
        private Outcome outcome;
        private String reportedAtVisit;
        private int version;
        private boolean deleted;
        private String termCoding;
        private LabMeasurement lab;
        private String gradeReason;

        private Builder() {
        }

        public Builder id(Long v) { id = v; return this; }
        public Builder subjectNumber(String v) { subjectNumber = v; return this; }
        public Builder verbatimTerm(String v) { verbatimTerm = v; return this; }
        /** The coded term: MedDRA code alone (term and SOC filled from the catalogue when saved) or with its term and SOC. */
        public Builder term(String code, String term, String systemOrganClass) {
            meddraCode = code;
            ctcaeTerm = term;
            soc = systemOrganClass;
            return this;
        }
        public Builder meddraCode(String v) { return term(v, null, null); }
        public Builder otherSpecify(String v) { otherSpecify = v; return this; }
        public Builder grade(Integer v) { grade = v; return this; }
        public Builder onsetDate(PartialDate v) { onsetDate = v; return this; }
        public Builder endDate(PartialDate v) { endDate = v; return this; }
        public Builder ongoing(boolean v) { ongoing = v; return this; }
        public Builder serious(boolean v) { serious = v; return this; }
        public Builder seriousCriteria(Set<SeriousCriterion> v) { seriousCriteria = v; return this; }
        public Builder relationship(Relationship v) { relationship = v; return this; }
        public Builder actionTaken(ActionTaken v) { actionTaken = v; return this; }
        public Builder outcome(Outcome v) { outcome = v; return this; }
        public Builder reportedAtVisit(String v) { reportedAtVisit = v; return this; }
        public Builder version(int v) { version = v; return this; }
        public Builder deleted(boolean v) { deleted = v; return this; }
        public Builder termCoding(String v) { termCoding = v; return this; }
        public Builder lab(LabMeasurement v) { lab = v; return this; }
        public Builder gradeReason(String v) { gradeReason = v; return this; }

        public AdverseEvent build() {
            return new AdverseEvent(id, subjectNumber, verbatimTerm, meddraCode, ctcaeTerm, soc, otherSpecify, grade, onsetDate, endDate,
                    ongoing, serious, seriousCriteria, relationship, actionTaken, outcome, reportedAtVisit, version, deleted, termCoding,
                    lab, gradeReason);
        }
    }
}
