package org.aecapture.domain;

import java.util.List;

/**
 * The stored eligibility decision of a subject: the checklist's answers, its outcome and failed criteria,
 * and who decided when (the audit trail keeps every earlier decision).
 *
 * @param answers as {@link EligibilityChecklist#answersCode()}
 * @param assessedAt UTC instant, ISO 8601
 */
public record Eligibility(Long id, String subjectNumber, EligibilityChecklist.Outcome outcome, String answers,
                          String failedCriteria, String assessedBy, String assessedAt, int version)
        implements StoredRecord<Eligibility> {

    /** The decision a complete checklist makes, by {@code assessedBy} at {@code assessedAt}. */
    public static Eligibility decided(Long id, String subjectNumber, EligibilityChecklist checklist, String assessedBy, String assessedAt,
                                      int version) {
        List<String> failed = checklist.failedCriteria();
        return new Eligibility(id, subjectNumber, checklist.outcome().orElseThrow(), checklist.answersCode(),
                failed.isEmpty() ? null : String.join("; ", failed), assessedBy, assessedAt, version);
    }

    @Override
    public Eligibility withKey(long newId, int newVersion) {
        return new Eligibility(newId, subjectNumber, outcome, answers, failedCriteria, assessedBy, assessedAt, newVersion);
    }
}
