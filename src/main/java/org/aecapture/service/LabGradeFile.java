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

    /** What was written: rows in all, how many were given a grade (0 included) and how many could not be graded. */
    public record Result(int rows, int graded, int notGraded) { }

    private final CtcaeCatalog catalog;
    private final LabGrader grader;

    public LabGradeFile(CtcaeCatalog catalog, LabGrader grader) {
        this.catalog = catalog;
        this.grader = grader;
    }

    public Result grade(Path in, Path out) {
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--out must not be the input file " + in);
        }
        List<String> header;
        List<List<String>> rows = new ArrayList<>();
        List<RowProblem> problems = new ArrayList<>();
        int total = 0;
        int graded = 0;
        try (Reader r = Files.newBufferedReader(in, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                     .setCommentMarker('#').build().parse(r)) {
            header = csv.getHeaderNames();
            List<String> missing = COLUMNS.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw ImportException.refused("Nothing was written to " + out + " from " + in, List.of(new RowProblem(0, null, null,
                        "the header lacks column(s) " + String.join(", ", missing) + "; expected " + String.join(",", COLUMNS))), 1);
            }
            for (CSVRecord rec : csv) {
                long row = rec.getRecordNumber();
                if (!rec.isConsistent()) {
                    add(problems, new RowProblem(row, null, null, "has " + rec.size() + " values, the header " + header.size()));
                    total++;
                    continue;
                }
                int before = problems.size();
                String termCell = rec.get("ctcae_term");
                CtcaeTerm term = termCell.isBlank() ? null
                        : catalog.byName(termCell).or(() -> catalog.byMeddraCode(termCell.strip())).orElse(null);
                if (termCell.isBlank()) {
                    add(problems, new RowProblem(row, "ctcae_term", null, "required"));
                } else if (term == null) {
                    add(problems, new RowProblem(row, "ctcae_term", termCell, "not a CTCAE v" + CtcaeCatalog.VERSION + " term or MedDRA code"));
                }
                java.util.Map<String, java.math.BigDecimal> numbers = new java.util.HashMap<>();
                for (String column : NUMBERS) {
                    try {
                        numbers.put(column, LabMeasurement.number(rec.get(column)));
                    } catch (NumberFormatException e) {
                        add(problems, new RowProblem(row, column, rec.get(column), e.getMessage()));
                    }
                }
                if (rec.get("value").isBlank()) {
                    add(problems, new RowProblem(row, "value", null, "required"));
                }
                if (rec.get("unit").isBlank()) {
                    add(problems, new RowProblem(row, "unit", null, "required"));
                }
                total += problems.size() - before;
                if (problems.size() > before || total > 0) {
                    continue;
                }
                LabGrade g = grader.grade(term.meddraCode(), new LabMeasurement(numbers.get("value"), rec.get("unit"), numbers.get("lln"),
                        numbers.get("uln"), numbers.get("baseline")));
                List<String> values = new ArrayList<>(rec.toList());
                values.add(g.grade() == null ? "" : g.grade().toString());
                values.add(g.reason());
                rows.add(values);
                if (g.isGraded()) {
                    graded++;
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("There is no file " + in + ".");
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(in + " is not UTF-8 text.");
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("Cannot read " + in + ": " + e.getMessage());
        }
        if (total > 0) {
            throw ImportException.refused("Nothing was written to " + out + " from " + in, problems, total);
        }
        List<String> outHeader = new ArrayList<>(header);
        outHeader.add("grade");
        outHeader.add("reason");
        try {
            AtomicFile.write(out, os -> {
                Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
                try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(outHeader.toArray(String[]::new)).build())) {
                    for (List<String> values : rows) {
                        p.printRecord(values);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + out + ": " + e.getMessage(), e);
        }
        return new Result(rows.size(), graded, rows.size() - graded);
    }

    private static void add(List<RowProblem> problems, RowProblem p) {
        if (problems.size() < CsvImports.MAX_REPORTED_PROBLEMS) {
            problems.add(p);
        }
    }
}
