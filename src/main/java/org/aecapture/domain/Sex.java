package org.aecapture.domain;

/** Sex as collected at enrolment (CDISC SEX codes F and M). */
public enum Sex implements CodedValue {
    FEMALE("F"),
    MALE("M");

    private final String code;

    Sex(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
