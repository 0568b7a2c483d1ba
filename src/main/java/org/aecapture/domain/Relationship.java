package org.aecapture.domain;

/** Relationship to study drug (CDISC AEREL); Possible, Probable and Definite count as related. */
public enum Relationship implements CodedValue {
    NOT_RELATED("NOT RELATED"),
    UNLIKELY("UNLIKELY"),
    POSSIBLE("POSSIBLE"),
    PROBABLE("PROBABLE"),
    DEFINITE("DEFINITE");

    private final String code;

    Relationship(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    /** Possible, Probable and Definite count as related to study drug. */
    public boolean isRelated() {
        return this == POSSIBLE || this == PROBABLE || this == DEFINITE;
    }
}
