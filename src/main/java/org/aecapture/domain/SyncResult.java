package org.aecapture.domain;

import java.util.List;
import java.util.Map;

/**
 * What a sync of a site's file with the central database did: records sent and received by table, the conflicts it
 * left for a person of the site to resolve, what it refused (a lock, another schema, another database), and what it
 * found worth saying (a central database restored from a backup since the last sync).
 */
public record SyncResult(Map<String, Integer> sent, Map<String, Integer> received, List<String> conflicts, List<String> refused,
                         List<String> notes) {

    public SyncResult(Map<String, Integer> sent, Map<String, Integer> received, List<String> conflicts, List<String> refused) {
        this(sent, received, conflicts, refused, List.of());
    }

    public boolean refusedAll() {
        return !refused.isEmpty() && sent.isEmpty() && received.isEmpty();
    }

    public int sentCount() {
        return sent.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int receivedCount() {
        return received.values().stream().mapToInt(Integer::intValue).sum();
    }
}
