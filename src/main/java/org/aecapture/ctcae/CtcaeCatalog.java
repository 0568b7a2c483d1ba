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
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A bundled NCI CTCAE term table (v5.0 or v6.0), loaded from the application's own resources. A study grades by the
 * version its protocol names ({@code ctcae} in its definition); both are here for trials begun before and after 2025.
 */
public final class CtcaeCatalog {

    /** The versions bundled, oldest first. */
    public static final List<String> VERSIONS = List.of("5.0", "6.0");
    /** The version of {@link #bundled()}: studies begun before 2025 (this study among them) grade by it. */
    public static final String V5 = "5.0";
    public static final String V6 = "6.0";
    /** The source table marks a grade the term does not define with exactly this cell. */
    private static final String UNDEFINED_CELL = "-";

    private final String version;
    private final List<CtcaeTerm> terms;
    private final Map<String, CtcaeTerm> byCode;
    private final Map<String, CtcaeTerm> byLowerName;
    /** Where the lexicon comes from; read, with the search's indexes built, on the first search (a command that does not search never pays for it). */
    private final java.util.function.Supplier<Reader> lexiconSource;
    private volatile Lexicon lexicon;
    private volatile TermSuggester search;

    /** The catalog's terms with a lexicon read against them when first needed ({@code lexiconSource} null: none). */
    private CtcaeCatalog(String version, List<CtcaeTerm> terms, java.util.function.Supplier<Reader> lexiconSource) {
        this.version = version;
        this.terms = Collections.unmodifiableList(terms);
        Map<String, CtcaeTerm> codes = new LinkedHashMap<>();
        Map<String, CtcaeTerm> names = new LinkedHashMap<>();
        for (CtcaeTerm t : terms) {
            if (codes.put(t.meddraCode(), t) != null) {
                throw new IllegalStateException("duplicate MedDRA code in CTCAE table: " + t.meddraCode());
            }
            names.put(t.term().toLowerCase(java.util.Locale.ROOT), t);
        }
        this.byCode = Collections.unmodifiableMap(codes);
        this.byLowerName = Collections.unmodifiableMap(names);
        this.lexiconSource = lexiconSource;
    }

    private TermSuggester suggester() {
        TermSuggester s = search;
        if (s == null) {
            synchronized (this) {
                s = search;
                if (s == null) {
                    Lexicon l;
                    if (lexiconSource == null) {
                        l = Lexicon.EMPTY;
                    } else {
                        try (Reader in = lexiconSource.get()) {
                            l = Lexicon.load(in, this, V5.equals(version) ? null : CtcaeMap.bundled());
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot read the clinical lexicon", e);
                        }
                    }
                    lexicon = l;
                    s = new TermSuggester(terms, l);
                    search = s;
                }
            }
        }
        return s;
    }

    private static final java.util.concurrent.ConcurrentMap<String, CtcaeCatalog> BUNDLED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The CTCAE v5.0 catalog bundled in the jar; loaded once, on first use. */
    public static CtcaeCatalog bundled() {
        return bundled(V5);
    }

    /**
     * A bundled catalog by its version ("5.0" or "6.0"), loaded once, on first use; its lexicon is the clinical lexicon,
     * read for v6.0 through NCI's v5.0 to v6.0 map.
     *
     * @throws IllegalArgumentException for a version not bundled
     */
    public static CtcaeCatalog bundled(String version) {
        if (!VERSIONS.contains(version)) {
            throw new IllegalArgumentException("CTCAE v" + version + " is not bundled: this application grades by CTCAE v"
                    + String.join(" or v", VERSIONS));
        }
        return BUNDLED.computeIfAbsent(version, CtcaeCatalog::read);
    }

    private static CtcaeCatalog read(String version) {
        String resource = resource(version);
        try (InputStream in = CtcaeCatalog.class.getResourceAsStream(resource)) {
            if (in == null || CtcaeCatalog.class.getResource(Lexicon.RESOURCE) == null) {
                throw new IllegalStateException("the CTCAE table " + resource + " or the lexicon " + Lexicon.RESOURCE
                        + " is missing from the application");
            }
            return new CtcaeCatalog(version, terms(new InputStreamReader(in, StandardCharsets.UTF_8)), () -> new InputStreamReader(
                    CtcaeCatalog.class.getResourceAsStream(Lexicon.RESOURCE), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled CTCAE v" + version + " table", e);
        }
    }

    /** The bundled table of a version: NCI's own spreadsheet as CSV ({@code ctcae-terms/}). */
    static String resource(String version) {
        return "ctcae_v" + version + ".csv";
    }

    /** The MedDRA version this table's terms and codes are from, as NCI publishes it: 20.1 for v5.0, 28.0 for v6.0. */
    public String meddraVersion() {
        return V5.equals(version) ? "20.1" : "28.0";
    }

    /** The CTCAE version of this table, "5.0" or "6.0". */
    public String version() {
        return version;
    }

    /** A catalog without a lexicon: the search knows only the CTCAE terms' own words. */
    public static CtcaeCatalog load(Reader csv) throws IOException {
        return load(V5, csv);
    }

    /** A catalog of the given version without a lexicon. */
    public static CtcaeCatalog load(String version, Reader csv) throws IOException {
        return new CtcaeCatalog(version, terms(csv), null);
    }

    /** A catalog and the lexicon read against it at once; a lexicon row naming a term the table lacks is refused. */
    public static CtcaeCatalog load(Reader csv, Reader lexiconCsv) throws IOException {
        String lexicon = new String(new java.io.BufferedReader(lexiconCsv).lines().collect(java.util.stream.Collectors.joining("\n")));
        CtcaeCatalog c = new CtcaeCatalog(V5, terms(csv), () -> new java.io.StringReader(lexicon));
        c.suggester();
        return c;
    }

    private static List<CtcaeTerm> terms(Reader csv) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build();
        List<CtcaeTerm> terms = new ArrayList<>();
        org.apache.commons.csv.CSVParser parser = format.parse(csv);
        // what changed from the version before: v5.0's column says it of v4.03, v6.0's of v5.0
        String changeColumn = parser.getHeaderNames().contains("v6_change") ? "v6_change" : "v5_change";
        for (CSVRecord r : parser) {
            List<String> grades = new ArrayList<>(CtcaeTerm.MAX_GRADE);
            for (int g = CtcaeTerm.MIN_GRADE; g <= CtcaeTerm.MAX_GRADE; g++) {
                String cell = r.get("grade" + g);
                grades.add(UNDEFINED_CELL.equals(cell) ? null : cell);
            }
            terms.add(new CtcaeTerm(r.get("meddra_code"), r.get("soc"), r.get("term"), grades,
                    blankIfUndefined(r.get("definition")), blankIfUndefined(r.get("navigational_note")), r.get(changeColumn)));
        }
        return terms;
    }

    /** "Other, specify" terms carry "-" as their definition: there is none. */
    private static String blankIfUndefined(String cell) {
        return UNDEFINED_CELL.equals(cell) ? "" : cell;
    }

    public List<CtcaeTerm> terms() {
        return terms;
    }

    public int size() {
        return terms.size();
    }

    public Optional<CtcaeTerm> byMeddraCode(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code.trim()));
    }

    public Optional<CtcaeTerm> byName(String name) {
        return Optional.ofNullable(name == null ? null : byLowerName.get(name.trim().toLowerCase(java.util.Locale.ROOT)));
    }

    /** The system organ classes, alphabetically. */
    public List<String> socs() {
        TreeSet<String> socs = new TreeSet<>();
        terms.forEach(t -> socs.add(t.soc()));
        return List.copyOf(socs);
    }

    public Lexicon lexicon() {
        suggester();
        return lexicon;
    }

    /** Ranked term search, the terms only; see {@link TermSuggester}. */
    public List<CtcaeTerm> search(String query, int limit) {
        return suggest(query, CodingHistory.NONE, limit).stream().map(TermSuggestion::term).toList();
    }

    /** Ranked suggestions for a verbatim, each with its reason, the study's own coding history first. */
    public List<TermSuggestion> suggest(String verbatim, CodingHistory history, int limit) {
        return suggester().suggest(verbatim, history, limit);
    }
}
