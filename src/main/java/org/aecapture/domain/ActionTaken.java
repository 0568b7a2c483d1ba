package org.aecapture.domain;

/** Action taken with study drug (CDISC AEACN). */
public enum ActionTaken implements CodedValue {
    DOSE_NOT_CHANGED("DOSE NOT CHANGED"),
    DRUG_INTERRUPTED("DRUG INTERRUPTED"),
    DRUG_WITHDRAWN("DRUG WITHDRAWN"),
    NOT_APPLICABLE("NOT APPLICABLE"),
    UNKNOWN("UNKNOWN");

    private final String code;

    ActionTaken(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
