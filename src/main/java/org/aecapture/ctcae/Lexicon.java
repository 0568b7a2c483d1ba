package org.aecapture.ctcae;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
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
        SYNONYM("synonym"), LOW("lab value"), HIGH("lab value");

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

    /**
     * Reads the lexicon; {@code #} lines are comments.
     *
     * @throws IllegalArgumentException naming the row when a term is not in the catalog, its code differs, or the kind is unknown
     */
    public static Lexicon load(Reader csv, CtcaeCatalog catalog) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build();
        List<Entry> entries = new ArrayList<>();
        for (CSVRecord r : format.parse(csv)) {
            String where = "lexicon row " + r.getRecordNumber() + " (" + r.get("phrase") + ")";
            CtcaeTerm term = catalog.byName(r.get("ctcae_term"))
                    .orElseThrow(() -> new IllegalArgumentException(where + ": '" + r.get("ctcae_term") + "' is not a CTCAE v5.0 term"));
            if (!term.meddraCode().equals(r.get("meddra_code").trim())) {
                throw new IllegalArgumentException(where + ": " + term.term() + " has MedDRA code " + term.meddraCode() + ", not "
                        + r.get("meddra_code"));
            }
            Kind kind;
            try {
                kind = Kind.valueOf(r.get("kind").trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": unknown kind '" + r.get("kind") + "'", e);
            }
            if (ClinicalText.words(r.get("phrase")).isEmpty()) {
                throw new IllegalArgumentException(where + ": the phrase has no words");
            }
            entries.add(new Entry(r.get("phrase").trim(), term, kind, entries.size()));
        }
        return new Lexicon(entries);
    }
}
