package org.aecapture.domain;

import java.time.Instant;

/**
 * One field's change in the audit trail, as a person reads it: who, when, what and why. The fields of one new record
 * share their row's id. Work done offline and brought in by a site's sync names both people and both times: {@code user}
 * entered it at {@code at} (the site device's time), {@code carriedBy} brought it in, received at {@code receivedAt}
 * (the central server's time; null in a file, which receives no server time).
 */
public record AuditEntry(long id, Instant at, String user, Action action, String entity, long recordId, String subjectId,
                         String field, String oldValue, String newValue, String reason, String carriedBy, Instant receivedAt) {

    public enum Action { INSERT, UPDATE, DELETE }

    /** A change made online, where it is stored. */
    public AuditEntry(long id, Instant at, String user, Action action, String entity, long recordId, String subjectId,
                      String field, String oldValue, String newValue, String reason) {
        this(id, at, user, action, entity, recordId, subjectId, field, oldValue, newValue, reason, null, null);
    }

    /** Who made the change as a reader sees it: the person, or "X (entered offline, brought in by Y at T UTC)". */
    public String author() {
        if (carriedBy == null) {
            return user;
        }
        return user + " (entered offline, brought in by " + carriedBy + (receivedAt == null ? "" : " at " + receivedAt.toString()
                .replace('T', ' ').replaceAll("(\\.\\d+)?Z$", "") + " UTC") + ")";
    }
}
