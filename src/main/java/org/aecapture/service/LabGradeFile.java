package org.aecapture.service;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.ctcae.CtcaeTerm;
import org.aecapture.lab.LabGrade;
import org.aecapture.lab.LabGrader;
import org.aecapture.lab.LabMeasurement;
import org.aecapture.report.AtomicFile;
import org.aecapture.service.ImportException.RowProblem;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Grades a file of laboratory values ({@code labs grade}): columns {@code ctcae_term,value,unit,lln,uln,baseline}
 * (empty: not known; any further columns are carried along; lines starting with # are comments), written out again with
 * {@code grade} and {@code reason}.
 * Every row is read first; a bad row (unknown term, a value that is not a number) is reported with its row and column
 * like the imports, and then nothing is written.
 */
public final class LabGradeFile {

    public static final List<String> COLUMNS = List.of("ctcae_term", "value", "unit", "lln", "uln", "baseline");
    private static final List<String> NUMBERS = List.of("value", "lln", "uln", "baseline");
    private static final String DIASTOLIC = "diastolic";

    /** What was written: rows in all, how many were given a grade (0 included) and how many could not be graded. */
    public record Result(int rows, int graded, int notGraded) { }

    private final CtcaeCatalog catalog;
    private final LabGrader grader;

    public LabGradeFile(CtcaeCatalog catalog, LabGrader grader) {
        this.catalog = catalog;
        this.grader = grader;
    }

    /** Bad rows were found: what was being written is thrown away. */
    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }

    /**
     * Reads, grades and writes in one pass, so that a batch of any size takes little memory; the output goes to a
     * temporary file that becomes {@code out} only when every row was good.
     */
    public Result grade(Path in, Path out) {
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--out must not be the input file " + in);
        }
        List<RowProblem> problems = new ArrayList<>();
        int[] counts = new int[3]; // rows written, graded, problems in all
        try {
            AtomicFile.write(out, os -> {
                try (Reader r = Files.newBufferedReader(in, StandardCharsets.UTF_8);
                     CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                             .setCommentMarker('#').build().parse(r)) {
                    List<String> header = csv.getHeaderNames();
                    List<String> missing = COLUMNS.stream().filter(c -> !header.contains(c)).toList();
                    if (!missing.isEmpty()) {
                        problems.add(new RowProblem(0, null, null,
                                "the header lacks column(s) " + String.join(", ", missing) + "; expected " + String.join(",", COLUMNS)));
                        counts[2] = 1;
                        throw new Refused();
                    }
                    List<String> outHeader = new ArrayList<>(header);
                    outHeader.add("grade");
                    outHeader.add("reason");
                    Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
                    CSVPrinter printer = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(outHeader.toArray(String[]::new)).build());
                    for (CSVRecord rec : csv) {
                        if (CsvImports.blank(rec)) {
                            continue; // an empty line: no value to grade or to write back
                        }
                        List<String> values = gradedRow(rec, header.size(), problems, counts);
                        if (values != null && counts[2] == 0) {
                            printer.printRecord(values);
                        }
                    }
                    printer.flush();
                    if (counts[2] > 0) {
                        throw new Refused();
                    }
                }
            });
        } catch (Refused e) {
            throw ImportException.refused("Nothing was written to " + out + " from " + in, problems, counts[2]);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("There is no file " + in + ".");
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(in + " is not UTF-8 text.");
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("Cannot grade " + in + " into " + out + ": " + e.getMessage());
        }
        return new Result(counts[0], counts[1], counts[0] - counts[1]);
    }

    /** One row read and graded: its values followed by grade and reason; null when the row is bad (its problems noted). */
    private List<String> gradedRow(CSVRecord rec, int columns, List<RowProblem> problems, int[] counts) {
        long row = rec.getRecordNumber();
        if (!rec.isConsistent()) {
            add(problems, new RowProblem(row, null, null, "has " + rec.size() + " values, the header " + columns));
            counts[2]++;
            return null;
        }
        int found = 0;
        String termCell = rec.get("ctcae_term");
        CtcaeTerm term = termCell.isBlank() ? null : catalog.byName(termCell).or(() -> catalog.byMeddraCode(termCell.strip())).orElse(null);
        if (termCell.isBlank()) {
            found += add(problems, new RowProblem(row, "ctcae_term", null, "required"));
        } else if (term == null) {
            found += add(problems, new RowProblem(row, "ctcae_term", termCell, "not a CTCAE v" + catalog.version() + " term or MedDRA code"));
        }
        java.util.Map<String, java.math.BigDecimal> numbers = new java.util.HashMap<>();
        for (String column : NUMBERS) {
            try {
                numbers.put(column, LabMeasurement.number(rec.get(column)));
            } catch (NumberFormatException e) {
                found += add(problems, new RowProblem(row, column, rec.get(column), e.getMessage()));
            }
        }
        // a blood pressure's diastolic value, in an optional column (CTCAE v6.0 Hypertension; the value is the systolic)
        if (rec.isMapped(DIASTOLIC)) {
            try {
                numbers.put(DIASTOLIC, LabMeasurement.number(rec.get(DIASTOLIC)));
            } catch (NumberFormatException e) {
                found += add(problems, new RowProblem(row, DIASTOLIC, rec.get(DIASTOLIC), e.getMessage()));
            }
        }
        // the clinical facts CTCAE asks for, in optional columns: yes or no, empty when not known
        java.util.Map<org.aecapture.lab.ClinicalFact, Boolean> facts = new java.util.EnumMap<>(org.aecapture.lab.ClinicalFact.class);
        for (org.aecapture.lab.ClinicalFact f : org.aecapture.lab.ClinicalFact.values()) {
            if (!rec.isMapped(f.column()) || rec.get(f.column()).isBlank()) {
                continue;
            }
            String said = rec.get(f.column()).strip().toLowerCase(java.util.Locale.ROOT);
            if (java.util.Set.of("yes", "y", "true", "1").contains(said)) {
                facts.put(f, true);
            } else if (java.util.Set.of("no", "n", "false", "0").contains(said)) {
                facts.put(f, false);
            } else {
                found += add(problems, new RowProblem(row, f.column(), rec.get(f.column()), "yes or no (empty: not known)"));
            }
        }
        counts[2] += found;
        if (found > 0 || counts[2] > 0) {
            return null; // once a row is bad nothing will be written: the rest are only checked
        }
        List<String> values = new ArrayList<>(rec.toList());
        counts[0]++;
        // a laboratory's listing has rows not done, or without their unit: written back ungraded, saying why (the grader
        // itself grades a value without unit where CTCAE grades the term only in multiples of its limits or baseline)
        if (rec.get("value").isBlank()) {
            values.add("");
            values.add("no value");
            return values;
        }
        LabGrade g = grader.grade(term.meddraCode(), new LabMeasurement(numbers.get("value"), rec.get("unit"), numbers.get("lln"),
                numbers.get("uln"), numbers.get("baseline"), facts, numbers.get(DIASTOLIC)));
        values.add(g.grade() == null ? "" : g.grade().toString());
        values.add(g.reason());
        if (g.isGraded()) {
            counts[1]++;
        }
        return values;
    }

    /** Notes a problem (the first {@link CsvImports#MAX_REPORTED_PROBLEMS} are listed); counts 1. */
    private static int add(List<RowProblem> problems, RowProblem p) {
        if (problems.size() < CsvImports.MAX_REPORTED_PROBLEMS) {
            problems.add(p);
        }
        return 1;
    }
}
