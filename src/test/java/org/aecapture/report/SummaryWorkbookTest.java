package org.aecapture.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.aecapture.service.AeCapture;
import org.aecapture.service.ImportException;
import org.aecapture.store.StoreTestSupport;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-built trial exported through the service, read back with POI, compared cell by cell with tables worked out by hand. */
class SummaryWorkbookTest {

    @TempDir
    Path dir;

    private XSSFWorkbook export(boolean randomized, boolean blinded, LocalDate cutoff) throws Exception {
        Path trial = Files.createTempDirectory(dir, "trial");
        Path db = HandBuiltTrial.build(trial, randomized);
        Path out = trial.resolve("out/summary.xlsx");
        try (AeCapture app = AeCapture.open(db, () -> "statistician", StoreTestSupport.CLOCK)) {
            app.summaryExport("test").export(out, blinded, cutoff);
        }
        try (InputStream in = Files.newInputStream(out)) {
            return new XSSFWorkbook(in);
        }
    }

    /** A sheet's rows from {@code first} on as "label|label|n|%|n|%", numbers as numbers: integers plain, fractions to 4 places. */
    private static List<String> rows(Sheet sheet, int first) {
        List<String> out = new ArrayList<>();
        for (int r = first; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            if (row == null) {
                out.add(""); // a blank row, as between a table and its footnote
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < row.getLastCellNum(); c++) {
                Cell cell = row.getCell(c);
                if (cell == null || cell.getCellType() == CellType.BLANK) {
                    cells.add("");
                } else if (cell.getCellType() == CellType.NUMERIC) {
                    double v = cell.getNumericCellValue();
                    cells.add(v == Math.rint(v) && !cell.getCellStyle().getDataFormatString().contains("%")
                            ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4f", v));
                } else {
                    cells.add(cell.getStringCellValue());
                }
            }
            out.add(String.join("|", cells));
        }
        return out;
    }

    private static List<String> dataRows(Sheet sheet) {
        return rows(sheet, SummaryWorkbookWriter.HEADER_ROWS);
    }

    @Test
    void sheetsHaveTheAgreedNames() throws Exception {
        try (XSSFWorkbook wb = export(true, false, null)) {
            List<String> names = new ArrayList<>();
            wb.forEach(s -> names.add(s.getSheetName()));
            assertEquals(List.of("About", "Overview", "TEAE by SOC and Term", "TEAE by Max Grade", "Grade 3+ TEAEs", "Serious AEs",
                    "AE Listing"), names);
        }
    }

    @Test
    void unblindedTablesMatchTheHandCount() throws Exception {
        try (XSSFWorkbook wb = export(true, false, null)) {
            Sheet overview = wb.getSheet("Overview");
            assertEquals("Category|ALPN-101 (N=2)||Placebo (N=2)||Total (N=4)|", rows(overview, 1).get(0));
            assertEquals("|n|%|n|%|n|%", rows(overview, 2).get(0));
            assertEquals(List.of(
                    "Subjects with any TEAE|2|1.0000|1|0.5000|3|0.7500",
                    "Total number of TEAEs (events)|5||1||6|",
                    "Subjects with any treatment-related TEAE|2|1.0000|1|0.5000|3|0.7500",
                    "Subjects with any grade \u22653 TEAE|2|1.0000|0|0.0000|2|0.5000",
                    "Subjects with any grade \u22653 treatment-related TEAE|1|0.5000|0|0.0000|1|0.2500",
                    "Subjects with any serious TEAE|2|1.0000|0|0.0000|2|0.5000",
                    "Subjects with any treatment-related serious TEAE|1|0.5000|0|0.0000|1|0.2500",
                    "Subjects with any TEAE leading to study drug withdrawal|1|0.5000|1|0.5000|2|0.5000",
                    "Subjects with any TEAE leading to drug interruption|1|0.5000|0|0.0000|1|0.2500",
                    "Subjects with any fatal TEAE|1|0.5000|0|0.0000|1|0.2500",
                    "",
                    overview.getRow(overview.getLastRowNum()).getCell(0).getStringCellValue()), dataRows(overview));

            assertEquals(List.of(
                    "Any TEAE|||2|1.0000|1|0.5000|3|0.7500",
                    "Nervous system disorders|||2|1.0000|1|0.5000|3|0.7500",
                    "Nervous system disorders|Headache|10019211|2|1.0000|1|0.5000|3|0.7500",
                    "Gastrointestinal disorders|||1|0.5000|0|0.0000|1|0.2500",
                    "Gastrointestinal disorders|Nausea|10028813|1|0.5000|0|0.0000|1|0.2500",
                    "Infections and infestations|||1|0.5000|0|0.0000|1|0.2500",
                    "Infections and infestations|Sepsis|10040047|1|0.5000|0|0.0000|1|0.2500"),
                    dataRows(wb.getSheet("TEAE by SOC and Term")).subList(0, 7));

            List<String> grades = dataRows(wb.getSheet("TEAE by Max Grade"));
            assertEquals(List.of(
                    "Any TEAE||Any grade|2|1.0000|1|0.5000|3|0.7500",
                    "Any TEAE||Grade 1|0|0.0000|0|0.0000|0|0.0000",
                    "Any TEAE||Grade 2|0|0.0000|1|0.5000|1|0.2500",
                    "Any TEAE||Grade 3|1|0.5000|0|0.0000|1|0.2500",
                    "Any TEAE||Grade 4|0|0.0000|0|0.0000|0|0.0000",
                    "Any TEAE||Grade 5|1|0.5000|0|0.0000|1|0.2500",
                    "Nervous system disorders||Any grade|2|1.0000|1|0.5000|3|0.7500",
                    "Nervous system disorders||Grade 1|0|0.0000|0|0.0000|0|0.0000",
                    "Nervous system disorders||Grade 2|1|0.5000|1|0.5000|2|0.5000",
                    "Nervous system disorders||Grade 3|1|0.5000|0|0.0000|1|0.2500",
                    "Nervous system disorders||Grade 4|0|0.0000|0|0.0000|0|0.0000",
                    "Nervous system disorders||Grade 5|0|0.0000|0|0.0000|0|0.0000",
                    "Nervous system disorders|Headache|Any grade|2|1.0000|1|0.5000|3|0.7500",
                    "Nervous system disorders|Headache|Grade 1|0|0.0000|0|0.0000|0|0.0000",
                    "Nervous system disorders|Headache|Grade 2|1|0.5000|1|0.5000|2|0.5000",
                    "Nervous system disorders|Headache|Grade 3|1|0.5000|0|0.0000|1|0.2500",
                    "Nervous system disorders|Headache|Grade 4|0|0.0000|0|0.0000|0|0.0000",
                    "Nervous system disorders|Headache|Grade 5|0|0.0000|0|0.0000|0|0.0000",
                    "Gastrointestinal disorders||Any grade|1|0.5000|0|0.0000|1|0.2500",
                    "Gastrointestinal disorders||Grade 1|0|0.0000|0|0.0000|0|0.0000",
                    "Gastrointestinal disorders||Grade 2|1|0.5000|0|0.0000|1|0.2500"), grades.subList(0, 21));
            assertEquals("Infections and infestations|Sepsis|Grade 5|1|0.5000|0|0.0000|1|0.2500", grades.get(41));
            assertEquals("", grades.get(42), "a blank row, then the footnote");

            assertEquals(List.of(
                    "Any grade 3-5 TEAE|||2|1.0000|0|0.0000|2|0.5000",
                    "Infections and infestations|||1|0.5000|0|0.0000|1|0.2500",
                    "Infections and infestations|Sepsis|10040047|1|0.5000|0|0.0000|1|0.2500",
                    "Nervous system disorders|||1|0.5000|0|0.0000|1|0.2500",
                    "Nervous system disorders|Headache|10019211|1|0.5000|0|0.0000|1|0.2500"),
                    dataRows(wb.getSheet("Grade 3+ TEAEs")).subList(0, 5));
        }
    }

    @Test
    void blindedOutputHasTheTotalColumnOnlyAndNoArm() throws Exception {
        for (boolean randomized : new boolean[] {false, true}) {
            try (XSSFWorkbook wb = export(randomized, true, null)) {
                assertEquals("Category|Total (N=4)|", rows(wb.getSheet("Overview"), 1).get(0));
                assertEquals("Subjects with any TEAE|3|0.7500", dataRows(wb.getSheet("Overview")).get(0));
                assertEquals("Nervous system disorders|Headache|10019211|3|0.7500", dataRows(wb.getSheet("TEAE by SOC and Term")).get(2));
                assertEquals("Any TEAE||Grade 5|1|0.2500", dataRows(wb.getSheet("TEAE by Max Grade")).get(5));
                String header = rows(wb.getSheet("AE Listing"), 0).get(0);
                assertFalse(header.contains("arm"), header);
                for (Sheet sheet : wb) {
                    for (String row : rows(sheet, 0)) {
                        assertFalse(row.contains("ALPN-101|") || row.contains("PLACEBO") || row.contains("Placebo ("),
                                sheet.getSheetName() + ": " + row);
                    }
                }
                String about = String.join("\n", rows(wb.getSheet("About"), 0));
                assertTrue(about.contains(randomized ? "BLINDED on request" : "BLINDED: no randomization list is loaded"), about);
            }
        }
    }

    @Test
    void listingsShowEveryUndeletedAeWithItsFlagAndArm() throws Exception {
        try (XSSFWorkbook wb = export(true, false, null)) {
            List<String> listing = rows(wb.getSheet("AE Listing"), 0);
            assertEquals("subject_id|verbatim_term|meddra_code|other_specify|grade|onset_date|end_date|ongoing|serious|sdth|slife|shosp|"
                    + "sdisab|scong|smie|relationship|action_taken|outcome|soc|ctcae_term|onset_study_day|end_study_day|teae|arm|"
                    + "lab_value|lab_unit|lab_lln|lab_uln|lab_baseline|grade_reason", listing.get(0));
            assertEquals(10, listing.size(), "9 AEs (the deleted one left out) under the header");
            assertEquals("101-001|tired|10016256||2|2021-06-20|2021-06-25|N|N|N|N|N|N|N|N|NOT RELATED|NOT APPLICABLE|RECOVERED/RESOLVED|"
                    + "General disorders and administration site conditions|Fatigue|-11|-6|N|ALPN-101", listing.get(1));
            assertEquals("101-001|nausea|10028813||2|2021-07||Y|N|N|N|N|N|N|N|NOT RELATED|DOSE NOT CHANGED|NOT RECOVERED/NOT RESOLVED|"
                    + "Gastrointestinal disorders|Nausea|||Y|ALPN-101", listing.get(2));
            assertTrue(listing.get(6).startsWith("101-002|late nausea|") && listing.get(6).endsWith("|N|PLACEBO"), listing.get(6));
            assertTrue(listing.get(9).startsWith("102-002|headache at screening|") && listing.get(9).endsWith("|N"), listing.get(9));
            List<String> serious = rows(wb.getSheet("Serious AEs"), 1);
            assertEquals(2, serious.size());
            assertTrue(serious.get(1).startsWith("102-001|sepsis|10040047||5|2021-09-01|2021-09-10|N|Y|Y|"), serious.get(1));
        }
    }

    @Test
    void typedFormulaTextStaysText() throws Exception {
        try (XSSFWorkbook wb = export(false, false, null)) {
            Sheet listing = wb.getSheet("AE Listing");
            boolean found = false;
            for (Row row : listing) {
                Cell verbatim = row.getCell(1);
                if (verbatim != null && verbatim.getCellType() != CellType.FORMULA && "=HYPERLINK(\"x\")".equals(verbatim.getStringCellValue())) {
                    found = true;
                    assertEquals(CellType.STRING, verbatim.getCellType());
                }
                row.forEach(c -> assertTrue(c.getCellType() != CellType.FORMULA, "no formula anywhere"));
            }
            assertTrue(found);
        }
    }

    @Test
    void countsAreNumericCellsWithAPercentFormat() throws Exception {
        try (XSSFWorkbook wb = export(true, false, null)) {
            Row any = wb.getSheet("TEAE by SOC and Term").getRow(SummaryWorkbookWriter.HEADER_ROWS);
            assertEquals(CellType.NUMERIC, any.getCell(3).getCellType());
            assertEquals(2.0, any.getCell(3).getNumericCellValue());
            assertEquals(CellType.NUMERIC, any.getCell(4).getCellType());
            assertEquals("0.0%", any.getCell(4).getCellStyle().getDataFormatString());
            assertTrue(wb.getFontAt(any.getCell(0).getCellStyle().getFontIndex()).getBold(), "the Any TEAE row is bold");
            Row term = wb.getSheet("TEAE by SOC and Term").getRow(SummaryWorkbookWriter.HEADER_ROWS + 2);
            assertFalse(wb.getFontAt(term.getCell(1).getCellStyle().getFontIndex()).getBold(), "term rows are not");
            assertEquals(3, wb.getSheet("TEAE by SOC and Term").getPaneInformation().getHorizontalSplitTopRow());
        }
    }

    @Test
    void cutoffLeavesOutLaterOnsets() throws Exception {
        try (XSSFWorkbook wb = export(true, false, LocalDate.of(2021, 8, 31))) {
            List<String> overview = dataRows(wb.getSheet("Overview"));
            assertEquals("Total number of TEAEs (events)|4||1||5|", overview.get(1), "the sepsis of 1 September is after the cut-off");
            assertEquals("Subjects with any fatal TEAE|0|0.0000|0|0.0000|0|0.0000", overview.get(9));
            assertEquals(7, rows(wb.getSheet("AE Listing"), 1).size(), "of the 9 AEs, the sepsis and the late nausea are left out");
            String about = String.join("\n", rows(wb.getSheet("About"), 0));
            assertTrue(about.contains("on or before 2021-08-31"), about);
        }
    }

    @Test
    void aboutSheetStatesTheRulesPopulationAndWhoExported() throws Exception {
        try (XSSFWorkbook wb = export(true, false, null)) {
            String about = String.join("\n", rows(wb.getSheet("About"), 0));
            assertTrue(about.contains("NCT04835441 (protocol AIS-A03)"), about);
            assertTrue(about.contains("Day 1's month"), "apostrophes are single: " + about);
            assertTrue(about.contains("CTCAE v5.0"));
            assertTrue(about.contains("UNBLINDED: columns by treatment arm; randomization loaded on 2022-06-01T10:00:00Z (UTC) by tester"), about);
            assertTrue(about.contains("N, ALPN-101|2"));
            assertTrue(about.contains("N, Total|4"));
            assertTrue(about.contains("Related = relationship Possible, Probable or Definite."));
            assertTrue(about.contains("Exported by|statistician"));
        }
    }

    @Test
    void randomizationImportIsAllOrNothing() throws Exception {
        Path db = HandBuiltTrial.build(dir, false);
        Path csv = dir.resolve("r.csv");
        Files.write(csv, List.of("subject_id,arm", "101-001,ALPN-101", "101-002,ACTIVE", "102-001,ALPN-101", "109-001,PLACEBO"));
        try (AeCapture app = AeCapture.open(db, () -> "statistician", StoreTestSupport.CLOCK)) {
            ImportException e = assertThrows(ImportException.class, () -> app.imports().importRandomization(csv));
            assertEquals(List.of("row 2, column arm, value 'ACTIVE': must be one of ALPN-101|PLACEBO",
                    "row 4, column subject_id, value '109-001': subject 109-001 does not exist in this study"),
                    e.problems().stream().map(Object::toString).toList());
            Files.write(csv, List.of("subject_id,arm", "101-001,ALPN-101", "101-002,PLACEBO", "102-001,ALPN-101"));
            ImportException missing = assertThrows(ImportException.class, () -> app.imports().importRandomization(csv));
            assertTrue(missing.getMessage().contains("missing: 102-003"), missing.getMessage());
            assertFalse(app.summaryExport("t").isRandomizationLoaded());
        }
    }

    @Test
    void aFailedExportLeavesNoFileBehind() throws Exception {
        Path db = HandBuiltTrial.build(dir, false);
        Path blocker = dir.resolve("not-a-folder");
        Files.writeString(blocker, "x");
        try (AeCapture app = AeCapture.open(db, () -> "statistician", StoreTestSupport.CLOCK)) {
            assertThrows(RuntimeException.class, () -> app.summaryExport("t").export(blocker.resolve("summary.xlsx"), false, null));
        }
        Path out = dir.resolve("keep.xlsx");
        Files.writeString(out, "previous export");
        try (AeCapture app = AeCapture.open(db, () -> "statistician", StoreTestSupport.CLOCK)) {
            app.summaryExport("t").export(out, false, null);
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
    }
}
