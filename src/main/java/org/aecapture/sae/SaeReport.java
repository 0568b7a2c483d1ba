package org.aecapture.sae;

import java.time.Instant;
import java.util.List;

/**
 * One report of a serious adverse event as it was sent to the sponsor, kept unchanged: its content (the SAE's data at
 * that moment, as text) and the SHA-256 of that content.
 *
 * @param followUpNumber 0 for the initial report, then 1, 2, …
 * @param sentAt when it was made (sent, as the site sees it)
 * @param deliveredAt when it reached the sponsor: made on the central database, at once; made in an offline site's file,
 *     when a sync carried it there; null while it waits for that sync
 */
public record SaeReport(Long id, long aeId, String subjectNumber, Type type, int followUpNumber, Instant sentAt, String sentBy,
                        String content, String sha256, Instant deliveredAt) {

    /** A report delivered as it was made (on the central database, or a file of its own). */
    public SaeReport(Long id, long aeId, String subjectNumber, Type type, int followUpNumber, Instant sentAt, String sentBy, String content,
                     String sha256) {
        this(id, aeId, subjectNumber, type, followUpNumber, sentAt, sentBy, content, sha256, sentAt);
    }

    /** Whether it has reached the sponsor. */
    public boolean delivered() {
        return deliveredAt != null;
    }

    public enum Type { INITIAL, FOLLOW_UP }

    /** Whether the last report sent (oldest first) carries this content's SHA-256: nothing changed since it. */
    public static boolean isCurrent(List<SaeReport> sent, String sha256) {
        return !sent.isEmpty() && sent.get(sent.size() - 1).sha256().equals(sha256);
    }

    /** The number the next report takes: 0, the initial report, when none was sent; else one more than the last. */
    public static int nextNumber(List<SaeReport> sent) {
        return sent.isEmpty() ? 0 : sent.get(sent.size() - 1).followUpNumber() + 1;
    }

    /** "Initial report", "Follow-up 2". */
    public String label() {
        return type == Type.INITIAL ? "Initial report" : "Follow-up " + followUpNumber;
    }
}
