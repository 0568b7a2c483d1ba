package org.aecapture.ui.main;

import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;
import org.aecapture.location.DatabaseLocation;

/**
 * The databases opened lately, files and servers, newest first, remembered between runs. Only where they
 * are: a server's password is never part of it (a URL with one is refused before it gets here).
 */
public final class RecentDatabases {

    static final int KEPT = 8;
    private final Preferences node;

    public RecentDatabases(Preferences node) {
        this.node = node;
    }

    public List<DatabaseLocation> list() {
        List<DatabaseLocation> list = new ArrayList<>();
        for (int i = 0; i < KEPT; i++) {
            String value = node.get(key(i), null);
            if (value == null) {
                break;
            }
            try {
                list.add(DatabaseLocation.parse(value));
            } catch (IllegalArgumentException e) {
                // an entry no longer understood is skipped, not fatal
            }
        }
        return list;
    }

    /** Puts {@code location} first, dropping its older entry and the oldest beyond the limit. */
    public void add(DatabaseLocation location) {
        List<String> values = new ArrayList<>();
        values.add(location.display());
        for (DatabaseLocation l : list()) {
            if (!l.display().equals(location.display()) && values.size() < KEPT) {
                values.add(l.display());
            }
        }
        for (int i = 0; i < KEPT; i++) {
            if (i < values.size()) {
                node.put(key(i), values.get(i));
            } else {
                node.remove(key(i));
            }
        }
    }

    private static String key(int i) {
        return "recent." + i;
    }
}
