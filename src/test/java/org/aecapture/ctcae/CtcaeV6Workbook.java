package org.aecapture.ctcae;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * NCI's CTCAE v6.0 workbook ({@code ctcae-terms/ctcae-v6.0.xlsx}, as published with its Errata of 2026-01-20) turned into
 * the two tables the application bundles: {@code ctcae_v6.0.csv} (the Clean Copy, Errata applied, in the columns of the
 * v5.0 table) and {@code ctcae_v5.0_to_v6.0.csv} (the mapping sheet). The same cleaning as v5.0: non-breaking spaces
 * become spaces and cells are trimmed; nothing else changes. Run {@code main} to write them again; a test checks that the
 * bundled files are exactly what this makes.
 */
final class CtcaeV6Workbook {

    static final Path WORKBOOK = Path.of("ctcae-terms", "ctcae-v6.0.xlsx");
    static final Path TERMS = Path.of("ctcae-terms", "ctcae_v6.0.csv");
    static final Path MAP = Path.of("ctcae-terms", "ctcae_v5.0_to_v6.0.csv");
    private static final List<String> TERM_HEADER = List.of("meddra_code", "soc", "term", "grade1", "grade2", "grade3", "grade4", "grade5",
            "definition", "navigational_note", "v6_change");
    private static final List<String> MAP_HEADER = List.of("v5_code", "v5_soc", "v5_term", "v5_item", "v5_text", "change", "v6_code",
            "v6_soc", "v6_term", "v6_item", "v6_text", "v6_other_specify");

    /** The two CSV texts, terms first. */
    record Tables(String terms, String map, int errataApplied, int errataAlreadyIn) {
    }

    private CtcaeV6Workbook() {
    }

    public static void main(String[] args) throws IOException {
        Tables t = read(WORKBOOK);
        Files.writeString(TERMS, t.terms(), StandardCharsets.UTF_8);
        Files.writeString(MAP, t.map(), StandardCharsets.UTF_8);
        System.out.println("errata applied " + t.errataApplied() + ", already in the Clean Copy " + t.errataAlreadyIn());
    }

    static Tables read(Path workbook) throws IOException {
        try (InputStream in = Files.newInputStream(workbook); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            List<List<String>> terms = rows(wb.getSheet("CTCAE v6.0 Clean Copy"), 1, TERM_HEADER.size());
            int[] errata = applyErrata(terms, rows(wb.getSheet("Errata"), 1, 7));
            List<List<String>> map = rows(wb.getSheet("CTCAE v5.0 to v6.0 Mapping"), 2, MAP_HEADER.size());
            return new Tables(csv(TERM_HEADER, terms), csv(MAP_HEADER, map), errata[0], errata[1]);
        }
    }

    /**
     * Each erratum's cell: replaced when it still holds the previous text, left when it holds the updated one (NCI's
     * Clean Copy may already carry it); anything else stops the build of the table, since the workbook is not the one read.
     */
    private static int[] applyErrata(List<List<String>> terms, List<List<String>> errata) {
        Map<String, List<String>> byCode = new LinkedHashMap<>();
        terms.forEach(t -> byCode.put(t.get(0), t));
        int applied = 0;
        int already = 0;
        for (List<String> e : errata) {
            List<String> term = byCode.get(e.get(0));
            if (term == null) {
                throw new IllegalStateException("erratum for an unknown term " + e);
            }
            String item = e.get(3);
            int column = item.startsWith("Grade ") ? 2 + Integer.parseInt(item.substring(6).trim()) : item.equals("Definition") ? 8 : -1;
            if (column < 0) {
                throw new IllegalStateException("erratum on " + item + ": not a grade or the definition");
            }
            if (term.get(column).equals(e.get(5))) {
                already++;
            } else if (term.get(column).equals(e.get(4))) {
                term.set(column, e.get(5));
                applied++;
            } else {
                throw new IllegalStateException("erratum " + e + " matches neither text of " + term.get(2) + " " + item);
            }
        }
        return new int[] {applied, already};
    }

    private static List<List<String>> rows(Sheet sheet, int skip, int columns) {
        DataFormatter format = new DataFormatter();
        List<List<String>> rows = new ArrayList<>();
        for (Row row : sheet) {
            if (row.getRowNum() < skip) {
                continue;
            }
            List<String> cells = new ArrayList<>(columns);
            boolean any = false;
            for (int c = 0; c < columns; c++) {
                Cell cell = row.getCell(c);
                String v = cell == null ? "" : format.formatCellValue(cell).replace('\u00a0', ' ').strip();
                any |= !v.isEmpty();
                cells.add(v);
            }
            if (any) {
                rows.add(cells);
            }
        }
        return rows;
    }

    private static String csv(List<String> header, List<List<String>> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).setRecordSeparator("\n").build())) {
            for (List<String> r : rows) {
                p.printRecord(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
