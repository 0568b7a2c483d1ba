package org.aecapture.domain;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * An adverse event with the CDASH AE fields. Onset and end dates may be partial; a wholly unknown
 * date is null. The coded term is the CTCAE term (MedDRA LLT code, term and SOC as bundled).
 *
 * @param id store key; null until saved
 * @param version optimistic-locking version; 0 until saved
 * @param termCoding how the CTCAE term was chosen (source and reason of the suggestion, e.g. "HISTORY: coded 3 times in
 *     this study"); null when not recorded (imports, AEs entered before it was kept)
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
        String termCoding) implements StoredRecord<AdverseEvent> {

    /** An AE whose term's coding source is not recorded. */
    public AdverseEvent(Long id, String subjectNumber, String verbatimTerm, String meddraCode, String ctcaeTerm, String soc,
                        String otherSpecify, Integer grade, PartialDate onsetDate, PartialDate endDate, boolean ongoing, boolean serious,
                        Set<SeriousCriterion> seriousCriteria, Relationship relationship, ActionTaken actionTaken, Outcome outcome,
                        String reportedAtVisit, int version, boolean deleted) {
        this(id, subjectNumber, verbatimTerm, meddraCode, ctcaeTerm, soc, otherSpecify, grade, onsetDate, endDate, ongoing, serious,
                seriousCriteria, relationship, actionTaken, outcome, reportedAtVisit, version, deleted, null);
    }

    public AdverseEvent {
        seriousCriteria = seriousCriteria == null || seriousCriteria.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(SeriousCriterion.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(seriousCriteria));
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
                reportedAtVisit, newVersion, deleted, termCoding);
    }

    public AdverseEvent asDeleted(int newVersion) {
        return new AdverseEvent(id, subjectNumber, verbatimTerm, meddraCode, ctcaeTerm, soc, otherSpecify, grade,
                onsetDate, endDate, ongoing, serious, seriousCriteria, relationship, actionTaken, outcome,
                reportedAtVisit, newVersion, true, termCoding);
    }

    /** The same AE with how its term was chosen. */
    public AdverseEvent withTermCoding(String coding) {
        return new AdverseEvent(id, subjectNumber, verbatimTerm, meddraCode, ctcaeTerm, soc, otherSpecify, grade,
                onsetDate, endDate, ongoing, serious, seriousCriteria, relationship, actionTaken, outcome,
                reportedAtVisit, version, deleted, coding);
    }
}
