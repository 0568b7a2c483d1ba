package org.aecapture.sae;

import java.time.Instant;

/**
 * One report of a serious adverse event as it was sent to the sponsor, kept unchanged: its content (the SAE's data at
 * that moment, as text) and the SHA-256 of that content.
 *
 * @param followUpNumber 0 for the initial report, then 1, 2, …
 */
public record SaeReport(Long id, long aeId, String subjectNumber, Type type, int followUpNumber, Instant sentAt, String sentBy,
                        String content, String sha256) {

    public enum Type { INITIAL, FOLLOW_UP }

    /** "Initial report", "Follow-up 2". */
    public String label() {
        return type == Type.INITIAL ? "Initial report" : "Follow-up " + followUpNumber;
    }
}
