package org.aecapture.domain;

import java.time.Instant;

/**
 * One field's change in the audit trail, as a person reads it: who, when, what and why. The fields of one new record
 * share their row's id.
 */
public record AuditEntry(long id, Instant at, String user, Action action, String entity, long recordId, String subjectId,
                         String field, String oldValue, String newValue, String reason) {

    public enum Action { INSERT, UPDATE, DELETE }
}
