package org.aecapture.domain;

/** Typed text as the records keep it. */
public final class Texts {

    private Texts() {
    }

    /** The text without surrounding blanks, or null when there is nothing in it. */
    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
