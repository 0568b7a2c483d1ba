package org.aecapture.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review's and the audit trail's listings, through the summary's own writer, read back by an independent reader (POI). */
class ListingWorkbookWriterTest {

    @TempDir
    Path dir;

    private static String cell(XSSFSheet sheet, int row, int col) {
        var r = sheet.getRow(row);
        return r == null || r.getCell(col) == null ? null : new DataFormatter().formatCellValue(r.getCell(col));
    }

    @Test
    void everyAwkwardTextComesBackAsItWasTyped() throws Exception {
        String longest = "x".repeat(ListingWorkbookWriter.MAX_CELL_CHARS - 1) + "\u00e9";
        List<String> awkward = List.of(
                "bell\u0007 and NUL-free control\u0001 characters",
                "tab\there, new line\nthere, return\r",
                "an emoji \uD83D\uDE00 and \uD835\uDC00 (pairs beyond the BMP)",
                "a lone high surrogate \uD800 and a lone low one \uDC00",
                "the escape itself: _x0041_ and _x005F_ and _X0041_ and _x00",
                "<tag attr=\"v\"> & 'quotes' > ",
                "=SUM(A1:A2) stays text",
                "  leading and trailing spaces  ",
                longest);
        List<List<String>> rows = new ArrayList<>();
        for (String a : awkward) {
            rows.add(java.util.Arrays.asList(a, null, "second"));
        }
        Path out = dir.resolve("awkward.xlsx");
        ListingWorkbookWriter.write(out, "Listing", List.of("Adverse events", "Filter: none"), List.of("Verbatim", "Empty", "Other"), rows, n -> { });
        try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(out))) {
            XSSFSheet sheet = wb.getSheet("Listing");
            assertEquals("Adverse events", cell(sheet, 0, 0));
            assertTrue(sheet.getRow(0).getCell(0).getCellStyle().getFont().getBold(), "the title in bold");
            assertEquals("Verbatim", cell(sheet, 3, 0));
            assertTrue(sheet.getRow(3).getCell(0).getCellStyle().getFont().getBold(), "the header in bold");
            assertEquals(4, sheet.getPaneInformation().getHorizontalSplitPosition(), "title and header stay in view");
            for (int i = 0; i < awkward.size(); i++) {
                assertEquals(awkward.get(i), sheet.getRow(4 + i).getCell(0).getStringCellValue(), "row " + (i + 1));
                assertEquals(null, cell(sheet, 4 + i, 1), "an empty value is an empty cell");
                assertEquals(org.apache.poi.ss.usermodel.CellType.STRING, sheet.getRow(4 + i).getCell(0).getCellType(), "never a formula");
            }
        }
    }

    @Test
    void aCellLongerThanASpreadsheetHoldsIsRefusedNamingItsRowAndColumnAndNothingIsWritten() throws Exception {
        Path out = dir.resolve("long.xlsx");
        List<List<String>> rows = List.of(List.of("fine", "fine"), List.of("fine", "y".repeat(ListingWorkbookWriter.MAX_CELL_CHARS + 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ListingWorkbookWriter.write(out, "Audit", List.of("t"),
                List.of("Field", "New value"), rows, n -> { }));
        assertTrue(e.getMessage().contains("row 2, column New value holds 32768 characters"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aListingLongerThanASheetGoesOnInASecondSheetWithItsTitleAndHeader() throws Exception {
        Path out = dir.resolve("split.xlsx");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            rows.add(List.of("row " + i));
        }
        // sheets of 12 rows: 2 title lines, a blank row, the header, then 8 rows each
        ListingWorkbookWriter.write(out, List.of(new ListingWorkbookWriter.Sheet("Safety review listing", List.of("Review", "Filter"),
                List.of("Verbatim"), rows)), n -> { }, 12);
        try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(out))) {
            assertEquals(List.of("Safety review listing", "Safety review listing (2)", "Safety review listing (3)", "Safety review listing (4)"),
                    List.of(wb.getSheetName(0), wb.getSheetName(1), wb.getSheetName(2), wb.getSheetName(3)));
            List<String> all = new ArrayList<>();
            for (int s = 0; s < wb.getNumberOfSheets(); s++) {
                XSSFSheet sheet = wb.getSheetAt(s);
                assertEquals("Review", cell(sheet, 0, 0), "each sheet has the title");
                assertEquals("Verbatim", cell(sheet, 3, 0), "and the header");
                for (int r = 4; r <= sheet.getLastRowNum(); r++) {
                    all.add(cell(sheet, r, 0));
                }
                assertTrue(sheet.getLastRowNum() < 12, "no sheet past its limit");
            }
            assertEquals(rows.stream().map(r -> r.get(0)).toList(), all, "every row once, in order");
        }
    }
}
