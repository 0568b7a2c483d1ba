package org.aecapture.ctcae;

/**
 * One suggested CTCAE term for a verbatim, with where it came from and why, as shown beside it in the list.
 *
 * @param reason e.g. "coded 3 times in this study", "abbreviation: URTI", "lab value: neutrophils low",
 *     "words of the CTCAE term"
 */
public record TermSuggestion(CtcaeTerm term, Source source, String reason) {

    /** Where a suggestion came from; stored with the AE when the investigator picks it. */
    public enum Source {
        /** The same verbatim was coded to this term before in this study. */
        HISTORY,
        /** A phrase of the bundled clinical lexicon, or a lab analyte with a direction word. */
        LEXICON,
        /** The words of the CTCAE term itself (or its definition). */
        CATALOG,
        /** Nothing matched well: the closest spellings and the SOC's "Other, specify" terms. */
        CLOSEST
    }
}
