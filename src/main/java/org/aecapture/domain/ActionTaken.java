package org.aecapture.domain;

/**
 * Action taken with study drug: the CDISC controlled terms of AEACN (codelist ACN), all of them, so that a slowed
 * infusion is not recorded as an interruption or as no change.
 */
public enum ActionTaken implements CodedValue {
    DOSE_NOT_CHANGED("DOSE NOT CHANGED"),
    DOSE_REDUCED("DOSE REDUCED"),
    DOSE_RATE_REDUCED("DOSE RATE REDUCED"),
    DOSE_INCREASED("DOSE INCREASED"),
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
