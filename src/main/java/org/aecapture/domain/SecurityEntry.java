package org.aecapture.domain;

import java.time.Instant;

/** One security event of an account, as the audit screen lists it. */
public record SecurityEntry(long id, Instant at, String user, SecurityEvent event, String detail) { }
