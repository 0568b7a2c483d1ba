package org.aecapture.domain;

import java.time.Instant;

/**
 * One step of a query's thread, kept as it was written: who, when, what they did, their words and the state it left.
 *
 * @param correctedVersion when the site corrected the data in the same step, the record's version after the correction;
 *     0 otherwise
 */
public record QueryStep(Long id, long queryId, String subjectNumber, Action action, String by, Instant at, String text,
                        DataQuery.State stateAfter, int correctedVersion, int version) implements StoredRecord<QueryStep> {

    /** What a step does. */
    public enum Action {
        RAISE, ANSWER, CLOSE, REOPEN, CANCEL,
        /** An edit check's query closes itself when the data no longer trip it. */
        RESOLVED_BY_DATA
    }

    @Override
    public QueryStep withKey(long newId, int newVersion) {
        return new QueryStep(newId, queryId, subjectNumber, action, by, at, text, stateAfter, correctedVersion, newVersion);
    }
}
