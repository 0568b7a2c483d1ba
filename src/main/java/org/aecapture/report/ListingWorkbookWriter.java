package org.aecapture.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A listing as an .xlsx sheet: title lines at the top (what was listed, with which filter), a bold header
 * row frozen below them, then the rows as text. Written whole or not at all.
 */
public final class ListingWorkbookWriter {

    private static final int ROW_WINDOW = 500;

    private ListingWorkbookWriter() {
    }

    /** One sheet of a listing: title lines, the header, and rows with as many cells as the header. */
    public record Sheet(String name, List<String> titleLines, List<String> header, List<List<String>> rows) { }

    /** Each row must have as many cells as the header; {@code progress} is told each 1,000 rows. */
    public static void write(Path out, String sheetName, List<String> titleLines, List<String> header, List<List<String>> rows,
                             IntConsumer progress) throws IOException {
        write(out, List.of(new Sheet(sheetName, titleLines, header, rows)), progress);
    }

    /** Several listings in one workbook, a sheet each; {@code progress} is told each 1,000 rows written in all. */
    public static void write(Path out, List<Sheet> sheets, IntConsumer progress) throws IOException {
        AtomicFile.write(out, os -> {
            SXSSFWorkbook wb = new SXSSFWorkbook(ROW_WINDOW);
            try {
                Font bold = wb.createFont();
                bold.setBold(true);
                CellStyle heading = wb.createCellStyle();
                heading.setFont(bold);
                int n = 0;
                for (Sheet listing : sheets) {
                    n = writeSheet(wb.createSheet(listing.name()), listing, heading, n, progress);
                }
                wb.write(os);
            } finally {
                wb.close();
            }
        });
    }

    private static int writeSheet(SXSSFSheet sheet, Sheet listing, CellStyle heading, int written, IntConsumer progress) {
        int r = 0;
        for (String line : listing.titleLines()) {
            Row row = sheet.createRow(r++);
            row.createCell(0).setCellValue(line);
            if (r == 1) {
                row.getCell(0).setCellStyle(heading);
            }
        }
        r++;
        Row head = sheet.createRow(r++);
        List<String> header = listing.header();
        for (int c = 0; c < header.size(); c++) {
            head.createCell(c).setCellValue(header.get(c));
            head.getCell(c).setCellStyle(heading);
            sheet.setColumnWidth(c, Math.min(60, Math.max(10, header.get(c).length() + 4)) * 256);
        }
        sheet.createFreezePane(0, r);
        int n = written;
        for (List<String> values : listing.rows()) {
            Row row = sheet.createRow(r++);
            for (int c = 0; c < values.size(); c++) {
                if (values.get(c) != null) {
                    row.createCell(c).setCellValue(values.get(c));
                }
            }
            if (++n % 1000 == 0) {
                progress.accept(n);
            }
        }
        return n;
    }
}
