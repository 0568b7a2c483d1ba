package org.aecapture.domain;

/** Outcome of the adverse event (CDISC AEOUT). */
public enum Outcome implements CodedValue {
    RECOVERED("RECOVERED/RESOLVED"),
    RECOVERING("RECOVERING/RESOLVING"),
    NOT_RECOVERED("NOT RECOVERED/NOT RESOLVED"),
    RECOVERED_WITH_SEQUELAE("RECOVERED/RESOLVED WITH SEQUELAE"),
    FATAL("FATAL"),
    UNKNOWN("UNKNOWN");

    private final String code;

    Outcome(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
