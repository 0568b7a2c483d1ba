package org.aecapture.ctcae;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * NCI's CTCAE v5.0 to v6.0 mapping ({@code ctcae-terms/ctcae_v5.0_to_v6.0.csv}, the workbook's mapping sheet): for each v5.0
 * term's grades, definition and navigational note, the v6.0 term and item NCI maps it to and the kind of change. A sponsor
 * pooling trials of both versions reads a v5.0 grade in v6.0 terms here; the map never regrades anything itself.
 */
public final class CtcaeMap {

    static final String RESOURCE = "ctcae_v5.0_to_v6.0.csv";

    /**
     * One row of NCI's map.
     *
     * @param v5Item "Grade 1" … "Grade 5", "Definition" or "Navigational Note"
     * @param change NCI's change type: "No change", "Clarification", "Deletion" (of the v5.0 item, mapped to another term),
     *     "SOC change"
     * @param otherSpecify what to write as the "Other, specify" text, where NCI maps to such a term ("N/A" otherwise)
     */
    public record Entry(String v5Code, String v5Soc, String v5Term, String v5Item, String v5Text, String change, String v6Code,
                        String v6Soc, String v6Term, String v6Item, String v6Text, String otherSpecify) {

        /** The v6.0 grade this row maps to, when it maps a grade; empty for a definition or a note. */
        public Optional<Integer> v6Grade() {
            return grade(v6Item);
        }

        public Optional<Integer> v5Grade() {
            return grade(v5Item);
        }

        /** Whether v6.0 files this v5.0 item under another term (renamed, merged or moved). */
        public boolean otherTerm() {
            return !v5Code.equals(v6Code) || !v5Term.equalsIgnoreCase(v6Term);
        }

        private static Optional<Integer> grade(String item) {
            return item.startsWith("Grade ") ? Optional.of(Integer.parseInt(item.substring(6).trim())) : Optional.empty();
        }
    }

    private static volatile CtcaeMap bundled;

    private final Map<String, List<Entry>> byV5Term;
    private final Map<String, List<Entry>> byV5Code;

    private CtcaeMap(List<Entry> entries) {
        Map<String, List<Entry>> terms = new LinkedHashMap<>();
        Map<String, List<Entry>> codes = new LinkedHashMap<>();
        for (Entry e : entries) {
            terms.computeIfAbsent(e.v5Term().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e);
            codes.computeIfAbsent(e.v5Code(), k -> new ArrayList<>()).add(e);
        }
        terms.replaceAll((k, v) -> Collections.unmodifiableList(v));
        codes.replaceAll((k, v) -> Collections.unmodifiableList(v));
        this.byV5Term = Collections.unmodifiableMap(terms);
        this.byV5Code = Collections.unmodifiableMap(codes);
    }

    /** The map bundled in the application. */
    public static CtcaeMap bundled() {
        CtcaeMap m = bundled;
        if (m == null) {
            synchronized (CtcaeMap.class) {
                m = bundled;
                if (m == null) {
                    try (InputStream in = CtcaeMap.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("the CTCAE v5.0 to v6.0 map " + RESOURCE + " is missing from the application");
                        }
                        m = load(new InputStreamReader(in, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the bundled CTCAE v5.0 to v6.0 map", e);
                    }
                    bundled = m;
                }
            }
        }
        return m;
    }

    public static CtcaeMap load(Reader csv) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build();
        List<Entry> entries = new ArrayList<>();
        for (CSVRecord r : format.parse(csv)) {
            entries.add(new Entry(r.get("v5_code"), r.get("v5_soc"), r.get("v5_term"), r.get("v5_item"), r.get("v5_text"), r.get("change"),
                    r.get("v6_code"), r.get("v6_soc"), r.get("v6_term"), r.get("v6_item"), r.get("v6_text"), r.get("v6_other_specify")));
        }
        return new CtcaeMap(entries);
    }

    /** Every row NCI gives for a v5.0 term, by its name (any case) or MedDRA code; empty for a term v5.0 does not have. */
    public List<Entry> forTerm(String v5TermOrCode) {
        if (v5TermOrCode == null) {
            return List.of();
        }
        String key = v5TermOrCode.strip();
        List<Entry> byCode = byV5Code.get(key);
        return byCode != null ? byCode : byV5Term.getOrDefault(key.toLowerCase(Locale.ROOT), List.of());
    }

    /** The v5.0 terms the map covers, by name, in NCI's order. */
    public List<String> v5Terms() {
        return byV5Code.values().stream().map(rows -> rows.get(0).v5Term()).toList();
    }

    /** What v6.0 says of a v5.0 term's grade. */
    public Optional<Entry> forGrade(String v5TermOrCode, int grade) {
        return forTerm(v5TermOrCode).stream().filter(e -> e.v5Grade().equals(Optional.of(grade))).findFirst();
    }

    /** The v6.0 term a v5.0 term became: the one its definition maps to (else its first row's). */
    public Optional<Entry> successor(String v5TermOrCode) {
        List<Entry> rows = forTerm(v5TermOrCode);
        return rows.stream().filter(e -> e.v5Item().equals("Definition")).findFirst().or(() -> rows.stream().findFirst());
    }
}
