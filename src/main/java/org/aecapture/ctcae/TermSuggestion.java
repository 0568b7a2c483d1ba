package org.aecapture.ctcae;

/**
 * One suggested CTCAE term for a verbatim, with where it came from and why, as shown beside it in the list.
 *
 * @param reason e.g. "coded 3 times in this study", "abbreviation: URTI", "lab value: neutrophils low",
 *     "words of the CTCAE term"
 */
public record TermSuggestion(CtcaeTerm term, Source source, String reason) {

    /** How a chosen term is stored with its AE: "SOURCE: reason", e.g. "LEXICON: abbreviation: URTI"; null without a reason. */
    public String stored() {
        return reason == null ? null : source.name() + ": " + reason;
    }

    /**
     * A stored coding read back.
     *
     * @param source empty when the stored text names no source of ours
     */
    public record Stored(java.util.Optional<Source> source, String reason) {

        /** Empty when nothing was recorded (an AE entered before the term search kept it, or imported). */
        public static java.util.Optional<Stored> parse(String stored) {
            int colon = stored == null ? -1 : stored.indexOf(": ");
            if (colon < 0) {
                return java.util.Optional.empty();
            }
            String name = stored.substring(0, colon);
            java.util.Optional<Source> source = java.util.Arrays.stream(Source.values()).filter(v -> v.name().equals(name)).findFirst();
            return java.util.Optional.of(new Stored(source, stored.substring(colon + 2)));
        }
    }

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
