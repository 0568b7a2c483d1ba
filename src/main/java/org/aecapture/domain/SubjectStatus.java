package org.aecapture.domain;

/** Where a subject stands in the study. */
public enum SubjectStatus implements CodedValue {
    SCREENING("SCREENING"),
    SCREEN_FAILURE("SCREEN FAILURE"),
    ON_STUDY("ON STUDY"),
    COMPLETED("COMPLETED"),
    DISCONTINUED("DISCONTINUED");

    private final String code;

    SubjectStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
