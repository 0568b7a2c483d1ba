package org.aecapture.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A listing as an .xlsx sheet: title lines at the top (what was listed, with which filter), a bold header row frozen
 * below them, then the rows as text. Written whole or not at all, by the same writer as the summary workbook
 * ({@link XlsxStream}): one way to write a spreadsheet. A listing longer than a sheet holds (1,048,576 rows) goes on in a
 * second sheet, "Name (2)", with the same title and header; a cell longer than a cell holds (32,767 characters) is
 * refused with its row and column, and nothing is written.
 */
public final class ListingWorkbookWriter {

    /** Excel's limits (ECMA-376 leaves them to the application; Excel and LibreOffice keep these). */
    static final int MAX_ROWS = 1_048_576;
    static final int MAX_CELL_CHARS = 32_767;
    private static final int MAX_SHEET_NAME = 31;

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
        write(out, sheets, progress, MAX_ROWS);
    }

    /** As {@link #write(Path, List, IntConsumer)} with sheets of at most {@code maxRows} rows (a test's small sheets). */
    static void write(Path out, List<Sheet> sheets, IntConsumer progress, int maxRows) throws IOException {
        AtomicFile.write(out, os -> {
            XlsxStream x = new XlsxStream(os);
            try {
                int n = 0;
                for (Sheet listing : sheets) {
                    n = writeListing(x, listing, n, progress, maxRows);
                }
                x.finish();
            } finally {
                x.close();
            }
        });
    }

    private static int writeListing(XlsxStream x, Sheet listing, int written, IntConsumer progress, int maxRows) throws IOException {
        int above = listing.titleLines().size() + 2; // the title lines, a blank row, the header
        int perSheet = maxRows - above;
        int n = written;
        List<List<String>> rows = listing.rows();
        int parts = Math.max(1, (rows.size() + perSheet - 1) / perSheet);
        for (int part = 0; part < parts; part++) {
            String name = part == 0 ? listing.name() : sheetName(listing.name(), " (" + (part + 1) + ")");
            startSheet(x, name, listing);
            int r = above;
            for (List<String> values : rows.subList(part * perSheet, Math.min(rows.size(), (part + 1) * perSheet))) {
                x.startRow(++r);
                for (int c = 0; c < values.size(); c++) {
                    String v = values.get(c);
                    if (v == null) {
                        continue;
                    }
                    if (v.length() > MAX_CELL_CHARS) { // AtomicFile drops what was written: nothing appears
                        throw new IllegalArgumentException("The listing \"" + listing.name() + "\" cannot be written: row "
                                + (part * perSheet + r - above) + ", column " + listing.header().get(c) + " holds " + v.length()
                                + " characters, and a spreadsheet cell holds at most " + MAX_CELL_CHARS + ". Nothing was written.");
                    }
                    x.text(c, v, XlsxStream.Style.PLAIN);
                }
                x.endRow();
                if (++n % 1000 == 0) {
                    progress.accept(n);
                }
            }
            x.endSheet();
        }
        return n;
    }

    private static void startSheet(XlsxStream x, String name, Sheet listing) throws IOException {
        List<String> header = listing.header();
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = Math.min(60, Math.max(10, header.get(c).length() + 4));
        }
        int above = listing.titleLines().size() + 2;
        x.startSheet(name, widths, 0, above, 0);
        int r = 0;
        for (String line : listing.titleLines()) {
            x.startRow(++r);
            x.text(0, line, r == 1 ? XlsxStream.Style.BOLD_TEXT : XlsxStream.Style.PLAIN);
            x.endRow();
        }
        x.startRow(above);
        for (int c = 0; c < header.size(); c++) {
            x.text(c, header.get(c), XlsxStream.Style.HEADER);
        }
        x.endRow();
    }

    /** A sheet's name with a suffix, within the 31 characters a sheet's name may have. */
    private static String sheetName(String base, String suffix) {
        return base.length() + suffix.length() <= MAX_SHEET_NAME ? base + suffix : base.substring(0, MAX_SHEET_NAME - suffix.length()) + suffix;
    }
}
