package org.aecapture.ctcae;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The bundled clinical lexicon ({@code ctcae-terms/lexicon.csv}): investigators' words with the CTCAE term each
 * is coded to. Loaded against a catalog: a row whose term or code the catalog does not hold is refused.
 */
public final class Lexicon {

    static final String RESOURCE = "lexicon.csv";

    /** What kind of phrase a row is; LOW and HIGH rows are lab analytes found with a direction word. */
    public enum Kind {
        LAY("lay term"), ABBREVIATION("abbreviation"), SPELLING("British spelling"), MISSPELLING("misspelling"),
        SYNONYM("synonym"), LOW("lab value"), HIGH("lab value"),
        /** A CTCAE v5.0 term's name where v6.0 files it under another term (Platelet count decreased: Thrombocytopenia). */
        FORMER("CTCAE v5.0 term");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean isAnalyte() {
            return this == LOW || this == HIGH;
        }
    }

    /** One row: the phrase as written, the term it codes to, its kind, and its place in the file (the order of ties). */
    public record Entry(String phrase, CtcaeTerm term, Kind kind, int row) { }

    public static final Lexicon EMPTY = new Lexicon(List.of());

    private final List<Entry> entries;

    private Lexicon(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Reads the lexicon against a v5.0 catalog. */
    public static Lexicon load(Reader csv, CtcaeCatalog catalog) throws IOException {
        return load(csv, catalog, null);
    }

    /**
     * Reads the lexicon; {@code #} lines are comments. Its rows name CTCAE v5.0 terms: for another version ({@code map} not
     * null) each row codes to the term NCI's map gives the v5.0 term, and each v5.0 term filed under another name there is
     * a phrase of its own, so that "platelet count decreased" finds Thrombocytopenia. A row whose v5.0 term the map sends
     * nowhere in the catalog is left out.
     *
     * @throws IllegalArgumentException naming the row when a term is not in the catalog, its code differs, or the kind is unknown
     */
    public static Lexicon load(Reader csv, CtcaeCatalog catalog, CtcaeMap map) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build();
        List<Entry> entries = new ArrayList<>();
        for (CSVRecord r : format.parse(csv)) {
            String where = "lexicon row " + r.getRecordNumber() + " (" + r.get("phrase") + ")";
            if (map != null) {
                Optional<CtcaeTerm> now = map.successor(r.get("meddra_code").trim()).flatMap(e -> catalog.byMeddraCode(e.v6Code()));
                if (now.isPresent()) {
                    entries.add(new Entry(r.get("phrase").trim(), now.get(), kind(r, where), entries.size()));
                }
                continue;
            }
            CtcaeTerm term = catalog.byName(r.get("ctcae_term"))
                    .orElseThrow(() -> new IllegalArgumentException(where + ": '" + r.get("ctcae_term") + "' is not a CTCAE v5.0 term"));
            if (!term.meddraCode().equals(r.get("meddra_code").trim())) {
                throw new IllegalArgumentException(where + ": " + term.term() + " has MedDRA code " + term.meddraCode() + ", not "
                        + r.get("meddra_code"));
            }
            entries.add(new Entry(r.get("phrase").trim(), term, kind(r, where), entries.size()));
        }
        if (map != null) {
            for (String former : map.v5Terms()) {
                map.successor(former).filter(CtcaeMap.Entry::otherTerm).flatMap(e -> catalog.byMeddraCode(e.v6Code()))
                        .filter(now -> !now.term().equalsIgnoreCase(former))
                        .ifPresent(now -> entries.add(new Entry(former, now, Kind.FORMER, entries.size())));
            }
        }
        return new Lexicon(entries);
    }

    private static Kind kind(CSVRecord r, String where) {
        if (ClinicalText.words(r.get("phrase")).isEmpty()) {
            throw new IllegalArgumentException(where + ": the phrase has no words");
        }
        try {
            return Kind.valueOf(r.get("kind").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": unknown kind '" + r.get("kind") + "'", e);
        }
    }
}
