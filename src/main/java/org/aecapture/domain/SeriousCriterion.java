package org.aecapture.domain;

/** The seriousness criteria of ICH E2A, named by their CDISC variables (lower case, as CSV columns). */
public enum SeriousCriterion implements CodedValue {
    RESULTS_IN_DEATH("sdth"),
    LIFE_THREATENING("slife"),
    HOSPITALIZATION("shosp"),
    PERSISTENT_DISABILITY("sdisab"),
    CONGENITAL_ANOMALY("scong"),
    MEDICALLY_IMPORTANT("smie");

    private final String code;

    SeriousCriterion(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
