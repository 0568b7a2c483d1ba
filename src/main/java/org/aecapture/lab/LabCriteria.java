package org.aecapture.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.ctcae.CtcaeTerm;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The bundled laboratory criteria of CTCAE v5.0 ({@code ctcae-terms/lab-criteria.csv}) with their units
 * ({@code lab-units.csv}), read against the CTCAE table: a row whose term, grade or words the table does not have is
 * refused at load, naming its line.
 */
public final class LabCriteria {

    static final String CRITERIA = "lab-criteria.csv";
    static final String UNITS = "lab-units.csv";

    private final Map<String, List<LabCriterion>> byCode;
    private final Map<String, String> codeByLowerName;
    private final LabUnits units;

    private LabCriteria(Map<String, List<LabCriterion>> byCode, LabUnits units) {
        this.byCode = byCode;
        this.units = units;
        Map<String, String> names = new LinkedHashMap<>();
        byCode.forEach((code, rows) -> names.put(rows.get(0).term().toLowerCase(Locale.ROOT), code));
        this.codeByLowerName = Map.copyOf(names);
    }

    private static final java.util.concurrent.ConcurrentMap<String, LabCriteria> BY_VERSION = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The laboratory criteria of a CTCAE version, read once, each against its own table: v5.0's ({@code lab-criteria.csv})
     * and v6.0's ({@code lab-criteria-v6.0.csv}), so that a study is never graded by another version's text.
     */
    public static LabCriteria forVersion(String ctcaeVersion) {
        return BY_VERSION.computeIfAbsent(ctcaeVersion, v -> {
            String file = CtcaeCatalog.V5.equals(v) ? CRITERIA : "lab-criteria-v" + v + ".csv";
            try (Reader criteria = resource(file); Reader unitsCsv = resource(UNITS)) {
                return load(criteria, unitsCsv, CtcaeCatalog.bundled(v));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The criteria of CTCAE v5.0 bundled with the application, read once. */
    public static LabCriteria bundled() {
        return forVersion(CtcaeCatalog.V5);
    }

    private static Reader resource(String name) {
        InputStream in = CtcaeCatalog.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the bundled " + name + " is missing from the application");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /** Reads criteria and units, checking every row against the CTCAE table. */
    public static LabCriteria load(Reader criteriaCsv, Reader unitsCsv, CtcaeCatalog catalog) throws IOException {
        LabUnits units = LabUnits.load(unitsCsv);
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build();
        Map<String, List<LabCriterion>> rows = new LinkedHashMap<>();
        for (CSVRecord r : format.parse(criteriaCsv)) {
            String where = CRITERIA + " record " + r.getRecordNumber() + " (" + r.get("term") + " grade " + r.get("grade") + "): ";
            try {
                LabCriterion c = row(r);
                CtcaeTerm t = catalog.byMeddraCode(c.meddraCode())
                        .orElseThrow(() -> new IllegalArgumentException("MedDRA code " + c.meddraCode() + " is not in the CTCAE table"));
                if (!t.term().equals(c.term())) {
                    throw new IllegalArgumentException("code " + c.meddraCode() + " is " + t.term() + " in the CTCAE table");
                }
                String gradeText = t.gradeDescription(c.grade())
                        .orElseThrow(() -> new IllegalArgumentException("CTCAE does not define grade " + c.grade() + " of " + t.term()));
                if (!gradeText.contains(c.ctcaeText())) {
                    throw new IllegalArgumentException("\"" + c.ctcaeText() + "\" is not in the CTCAE grade text \"" + gradeText + "\"");
                }
                if (!units.knows(c.analyte())) {
                    throw new IllegalArgumentException("analyte " + c.analyte() + " has no units in " + UNITS);
                }
                if (c.unit() != null && !units.unitsOf(c.analyte()).contains(c.unit())) {
                    throw new IllegalArgumentException("unit " + c.unit() + " is not a unit of " + c.analyte() + " in " + UNITS);
                }
                if (c.unit() == null && c.condition().hasNumbers()) {
                    throw new IllegalArgumentException("the criterion names numbers but no unit");
                }
                List<LabCriterion> same = rows.computeIfAbsent(c.meddraCode(), k -> new ArrayList<>());
                if (!same.isEmpty() && (!same.get(0).analyte().equals(c.analyte()) || same.get(0).direction() != c.direction())) {
                    throw new IllegalArgumentException("every row of a term has one analyte and one direction");
                }
                same.add(c);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + e.getMessage(), e);
            }
        }
        rows.replaceAll((k, v) -> List.copyOf(v));
        return new LabCriteria(java.util.Collections.unmodifiableMap(rows), units);
    }

    /** A cell's text without blanks around it, or null when it holds none (lab sits below domain: no domain.Texts here). */
    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static LabCriterion row(CSVRecord r) {
        return new LabCriterion(r.get("meddra_code").strip(), r.get("term").strip(), r.get("analyte").strip(),
                LabCriterion.Direction.valueOf(r.get("direction").strip().toUpperCase(Locale.ROOT)),
                Integer.parseInt(r.get("grade").strip()), blankToNull(r.get("unit")),
                LabCriterion.Condition.parse(r.get("criterion")),
                blankToNull(r.get("baseline")) == null ? null : LabCriterion.Baseline.valueOf(r.get("baseline").strip().toUpperCase(Locale.ROOT)),
                blankToNull(r.get("clinical")), r.get("ctcae_text").strip());
    }

    /** Whether CTCAE grades the term (wholly or partly) by a laboratory value. */
    public boolean isLabDefined(String meddraCode) {
        return byCode.containsKey(meddraCode);
    }

    /** The term's criteria, grade by grade as the CSV lists them; empty for a term not graded by a value. */
    public List<LabCriterion> forTerm(String meddraCode) {
        return byCode.getOrDefault(meddraCode, List.of());
    }

    /** The MedDRA code of a lab-defined term named in any case. */
    public Optional<String> codeOf(String termName) {
        return Optional.ofNullable(termName == null ? null : codeByLowerName.get(termName.strip().toLowerCase(Locale.ROOT)));
    }

    /** The units a value of the term may be typed in, the form's default first. */
    public List<String> unitsFor(String meddraCode) {
        List<LabCriterion> rows = forTerm(meddraCode);
        return rows.isEmpty() ? List.of() : units.unitsOf(rows.get(0).analyte());
    }

    /** The lab-defined terms' MedDRA codes, in the CSV's order. */
    public List<String> codes() {
        return List.copyOf(byCode.keySet());
    }

    LabUnits units() {
        return units;
    }
}
