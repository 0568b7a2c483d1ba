package org.aecapture.domain;

import java.time.Instant;

/**
 * A data query: a question on a record, or on one of its fields, that a monitor, a safety reviewer or an edit check
 * raises and the site answers (correcting the data, or explaining); the one who raised it closes it. Its steps are kept
 * apart and never change ({@link QueryStep}); the query carries the state its last step left.
 *
 * @param target the kind of record asked about
 * @param recordId the record's store key (an AE's, a subject's, a visit's)
 * @param field the field asked about, by the rules' field names ({@link AeFields}); null: the whole record
 * @param checkId the edit check that raised it; null when a person did
 * @param raisedBy the account that raised it, or {@link #SYSTEM} for an edit check
 */
public record DataQuery(
        Long id,
        String subjectNumber,
        Target target,
        long recordId,
        String field,
        String checkId,
        State state,
        String raisedBy,
        Instant raisedAt,
        String text,
        int version) implements StoredRecord<DataQuery> {

    /** Who raised the queries that edit checks open. */
    public static final String SYSTEM = "system";

    /** The records a query may be raised on. */
    public enum Target {
        ADVERSE_EVENT, SUBJECT, VISIT;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Open → Answered → Closed; re-opened with a reason; Cancelled by the one who raised it. */
    public enum State {
        OPEN, ANSWERED, CLOSED, CANCELLED;

        /** Whether the query still waits on someone: it holds the database lock back. */
        public boolean isOutstanding() {
            return this == OPEN || this == ANSWERED;
        }
    }

    public DataQuery {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A query needs its text: what is doubtful, and why.");
        }
        text = text.strip();
    }

    /** Days the query has been open: until now while outstanding, until its last step once closed or cancelled. */
    public long daysOpen(Instant lastActivity, Instant now) {
        return java.time.Duration.between(raisedAt, state.isOutstanding() ? now : lastActivity).toDays();
    }

    public boolean raisedBySystem() {
        return checkId != null;
    }

    public DataQuery withState(State newState) {
        return new DataQuery(id, subjectNumber, target, recordId, field, checkId, newState, raisedBy, raisedAt, text, version);
    }

    @Override
    public DataQuery withKey(long newId, int newVersion) {
        return new DataQuery(newId, subjectNumber, target, recordId, field, checkId, state, raisedBy, raisedAt, text, newVersion);
    }
}
