package org.aecapture.domain;

import java.time.LocalDate;

/** What to look for in the whole audit trail; null parts match anything. Dates are UTC days, both included. */
public record AuditQuery(String user, String entity, String subjectId, LocalDate from, LocalDate to, AuditEntry.Action action) {

    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null, null);
}
