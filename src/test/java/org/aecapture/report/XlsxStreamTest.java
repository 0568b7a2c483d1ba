package org.aecapture.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aecapture.report.SummaryModel.ColumnGroup;
import org.aecapture.report.SummaryModel.Count;
import org.aecapture.report.SummaryModel.IncidenceTable;
import org.aecapture.report.SummaryModel.Listing;
import org.aecapture.report.SummaryModel.Row;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary workbook written without POI, read back by POI: the listings exactly as they went in. */
class XlsxStreamTest {

    @TempDir
    Path dir;

    private static final List<String> HEADERS = List.of("subject_id", "verbatim_term", "grade", "lab_value", "note");

    private XSSFWorkbook writeAndRead(List<List<Object>> rows) throws Exception {
        IncidenceTable table = new IncidenceTable("t", List.of("Category"), List.of(new Row(SummaryModel.RowKind.ANY, List.of("Any"),
                List.of(new Count(1, 1.0)))), "f");
        Listing listing = new Listing(HEADERS, rows);
        SummaryModel model = new SummaryModel(List.of(new SummaryModel.AboutLine("Study", "x")), List.of(new ColumnGroup("Total", null, 1)),
                table, table, table, table, new Listing(HEADERS, List.of()), listing);
        Path out = dir.resolve("listing.xlsx");
        SummaryWorkbookWriter.write(model, out);
        try (InputStream in = Files.newInputStream(out)) {
            return new XSSFWorkbook(in);
        }
    }

    @Test
    void textComesBackAsTypedWhateverItHolds() throws Exception {
        List<String> texts = List.of("plain", "  leading and trailing  ", "a < b & c > d \"quoted\" 'single'", "two\nlines\tand tab\r",
                "bell\u0007 and unit separator\u001F", "_x0041_ stays literal, as does _x00e9_", "snake_case_x12", "=1+2", "é ü ß 中文 😀",
                "_x");
        List<List<Object>> rows = new ArrayList<>();
        for (String t : texts) {
            rows.add(Arrays.asList("101-001", t, 1, null, null));
        }
        try (XSSFWorkbook wb = writeAndRead(rows)) {
            Sheet sheet = wb.getSheet(SummaryWorkbookWriter.LISTING);
            for (int i = 0; i < texts.size(); i++) {
                Cell cell = sheet.getRow(i + 1).getCell(1);
                assertEquals(CellType.STRING, cell.getCellType(), texts.get(i));
                assertEquals(texts.get(i), cell.getStringCellValue());
            }
        }
    }

    @Test
    void textsBeyondTheSharedOnesAreWrittenInTheirCells() throws Exception {
        int n = XlsxStream.MAX_SHARED + 50;
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Arrays.asList("101-001", "verbatim " + i, 1, null, i % 2 == 0 ? "repeated" : null));
        }
        try (XSSFWorkbook wb = writeAndRead(rows)) {
            Sheet sheet = wb.getSheet(SummaryWorkbookWriter.LISTING);
            for (int i = 0; i < n; i += 997) {
                assertEquals("verbatim " + i, sheet.getRow(i + 1).getCell(1).getStringCellValue());
            }
            assertEquals("verbatim " + (n - 1), sheet.getRow(n).getCell(1).getStringCellValue());
            assertEquals("repeated", sheet.getRow(n - 1).getCell(4).getStringCellValue());
            assertEquals("101-001", sheet.getRow(n).getCell(0).getStringCellValue());
        }
    }

    @Test
    void aDiskThatFailsMidwayStopsTheWritingWithItsError() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(Arrays.asList("101-" + i, "verbatim " + i, 1, null, null));
        }
        IncidenceTable table = new IncidenceTable("t", List.of("Category"), List.of(), "f");
        SummaryModel model = new SummaryModel(List.of(), List.of(new ColumnGroup("Total", null, 1)), table, table, table, table,
                new Listing(HEADERS, List.of()), new Listing(HEADERS, rows));
        java.io.OutputStream failing = new java.io.OutputStream() {
            private long written;

            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                written += len;
                if (written > 100_000) {
                    throw new java.io.IOException("No space left on device");
                }
            }
        };
        java.io.IOException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> assertThrows(java.io.IOException.class, () -> SummaryWorkbookWriter.write(model, failing)));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    }

    @Test
    void numbersAreNumbersInTheirStylesAndNullsLeaveNoCell() throws Exception {
        List<List<Object>> rows = List.of(Arrays.asList("101-001", "Anemia", 3, new BigDecimal("0.80"), null),
                Arrays.asList("101-002", null, 12345, new BigDecimal("1E+3"), "x"));
        try (XSSFWorkbook wb = writeAndRead(rows)) {
            Sheet sheet = wb.getSheet(SummaryWorkbookWriter.LISTING);
            DataFormatter shown = new DataFormatter();
            assertEquals(List.of("subject_id", "verbatim_term", "grade", "lab_value", "note"), texts(sheet.getRow(0)));
            Cell grade = sheet.getRow(1).getCell(2);
            assertEquals(CellType.NUMERIC, grade.getCellType());
            assertEquals(3.0, grade.getNumericCellValue());
            assertEquals("0", grade.getCellStyle().getDataFormatString());
            Cell lab = sheet.getRow(1).getCell(3);
            assertEquals(CellType.NUMERIC, lab.getCellType());
            assertEquals(0.8, lab.getNumericCellValue());
            assertEquals("0.8", shown.formatCellValue(lab)); // General: shown as the number it is, not rounded to a whole
            assertNull(sheet.getRow(1).getCell(4));
            assertNull(sheet.getRow(2).getCell(1));
            assertEquals(1000.0, sheet.getRow(2).getCell(3).getNumericCellValue());
            assertEquals(12345.0, sheet.getRow(2).getCell(2).getNumericCellValue());
            assertEquals(2, sheet.getLastRowNum());
            assertEquals(1, sheet.getPaneInformation().getHorizontalSplitPosition()); // the header row stays frozen
        }
    }

    @Test
    void incidenceSheetsAreLaidOutForPrintingAndReading() throws Exception {
        try (XSSFWorkbook wb = writeAndRead(List.of())) {
            XSSFSheet sheet = wb.getSheet(SummaryWorkbookWriter.OVERVIEW);
            assertEquals(List.of("A2:A3", "B2:C2"), sheet.getMergedRegions().stream().map(r -> r.formatAsString()).toList());
            assertEquals(1, sheet.getPaneInformation().getVerticalSplitPosition()); // the label column
            assertEquals(3, sheet.getPaneInformation().getHorizontalSplitPosition()); // title and two header rows
            assertEquals("1:3", sheet.getRepeatingRows().formatAsString());
            assertTrue(sheet.getPrintSetup().getLandscape());
            assertEquals(PrintSetup.A4_PAPERSIZE, sheet.getPrintSetup().getPaperSize());
            assertTrue(sheet.getFitToPage());
            assertEquals(1, sheet.getPrintSetup().getFitWidth());
            assertEquals(0, sheet.getPrintSetup().getFitHeight());
            assertEquals(70 * 256, sheet.getColumnWidth(0));

            XSSFCellStyle header = sheet.getRow(1).getCell(0).getCellStyle();
            assertTrue(header.getFont().getBold());
            assertEquals(IndexedColors.GREY_25_PERCENT.getIndex(), header.getFillForegroundColor());
            assertEquals(FillPatternType.SOLID_FOREGROUND, header.getFillPattern());
            assertEquals(BorderStyle.THIN, header.getBorderBottom());
            assertEquals(HorizontalAlignment.CENTER, sheet.getRow(1).getCell(1).getCellStyle().getAlignment());
            XSSFCellStyle band = sheet.getRow(3).getCell(0).getCellStyle(); // the "any" row
            assertTrue(band.getFont().getBold());
            assertEquals(IndexedColors.LIGHT_CORNFLOWER_BLUE.getIndex(), band.getFillForegroundColor());
            assertEquals("0.0%", sheet.getRow(3).getCell(2).getCellStyle().getDataFormatString());
            assertEquals(1.0, sheet.getRow(3).getCell(2).getNumericCellValue());
            assertTrue(sheet.getRow(5).getCell(0).getCellStyle().getFont().getItalic()); // the footnote, after a blank row
            assertEquals("f", sheet.getRow(5).getCell(0).getStringCellValue());

            XSSFSheet about = wb.getSheet(SummaryWorkbookWriter.ABOUT);
            assertTrue(about.isSelected());
            assertNull(about.getPaneInformation());
            assertEquals(13, about.getRow(0).getCell(0).getCellStyle().getFont().getFontHeightInPoints());
            assertTrue(about.getRow(2).getCell(1).getCellStyle().getWrapText());
        }
    }

    private static List<String> texts(org.apache.poi.ss.usermodel.Row row) {
        List<String> out = new ArrayList<>();
        row.forEach(c -> out.add(c.getStringCellValue()));
        return out;
    }
}
