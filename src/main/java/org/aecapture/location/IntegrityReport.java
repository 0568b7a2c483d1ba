package org.aecapture.location;

import java.time.Duration;
import java.util.List;

/** What SQLite's full {@code PRAGMA integrity_check} of a study file found, and how long it took. */
public record IntegrityReport(List<String> problems, Duration took) {
    public boolean ok() {
        return problems.isEmpty();
    }

    /** The problems as one line, for a message. */
    public String problemsText() {
        return String.join("; ", problems);
    }
}
