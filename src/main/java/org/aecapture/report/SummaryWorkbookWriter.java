package org.aecapture.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.aecapture.report.SummaryModel.ColumnGroup;
import org.aecapture.report.SummaryModel.Count;
import org.aecapture.report.SummaryModel.IncidenceTable;
import org.aecapture.report.SummaryModel.Listing;
import org.aecapture.report.SummaryModel.Row;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.DeferredSXSSFSheet;
import org.apache.poi.xssf.streaming.DeferredSXSSFWorkbook;

/**
 * Lays the summary tables out as an .xlsx workbook a statistician can hand over: bold headers, frozen
 * header rows and label columns, SOC rows set off from their terms, counts and fractions as numbers
 * (never as text), and typed text always as text, never as a formula. Streams rows (SXSSF), and writes
 * to a temporary file that is moved into place only when complete.
 */
public final class SummaryWorkbookWriter {

    public static final String ABOUT = "About";
    public static final String OVERVIEW = "Overview";
    public static final String SOC_TERM = "TEAE by SOC and Term";
    public static final String MAX_GRADE = "TEAE by Max Grade";
    public static final String GRADE_3_PLUS = "Grade 3+ TEAEs";
    public static final String SERIOUS = "Serious AEs";
    public static final String LISTING = "AE Listing";
    /** Rows above the data in an incidence sheet: title, group headers, n/% headers. */
    static final int HEADER_ROWS = 3;
    private static final int ROW_WINDOW = 200;
    private static final int ABOUT_CHARS_PER_LINE = 150;

    private SummaryWorkbookWriter() {
    }

    /** Writes the workbook to {@code out}; on any failure {@code out} is left as it was. */
    public static void write(SummaryModel model, Path out) throws IOException {
        AtomicFile.write(out, os -> write(model, os));
    }

    private static void write(SummaryModel model, OutputStream os) throws IOException {
        // POI lays the workbook out with the listings' header rows only; their data rows go in as XML after
        ByteArrayOutputStream skeleton = new ByteArrayOutputStream();
        Map<String, ListingSheetXml.Part> listings;
        DeferredSXSSFWorkbook wb = new DeferredSXSSFWorkbook(ROW_WINDOW);
        try {
            Layout layout = new Layout(wb);
            layout.write(model);
            listings = layout.listingParts;
            wb.write(skeleton);
        } finally {
            wb.close();
            wb.dispose();
        }
        ListingSheetXml.inject(skeleton.toByteArray(), listings, os);
    }

    /**
     * Lays out a one-row summary in the background, to nowhere, once in the life of the program: the spreadsheet library's
     * classes (over a second of loading at first use) are then loaded while the caller signs in and reads the data. Join
     * it before writing, so that the two do not compete for the processor; its failure is of no consequence.
     */
    public static CompletableFuture<Void> prepareInBackground() {
        return Preparation.READY;
    }

    private static final class Preparation {
        static final CompletableFuture<Void> READY = CompletableFuture.runAsync(() -> {
            IncidenceTable table = new IncidenceTable("", List.of(""), List.of(new Row(SummaryModel.RowKind.ANY, List.of(""),
                    List.of(new Count(0, 0.0)))), "");
            Listing listing = new Listing(List.of(""), List.of(List.of("", 0)));
            SummaryModel tiny = new SummaryModel(List.of(new SummaryModel.AboutLine("", "")), List.of(new ColumnGroup("", null, 0)),
                    table, table, table, table, listing, listing);
            try {
                write(tiny, OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> {
            Thread t = new Thread(runnable, "summary-writer-preparation");
            t.setDaemon(true);
            t.start();
        }).exceptionally(e -> null);
    }

    /** The styles of one workbook and the sheets laid out with them. */
    private static final class Layout {
        private final DeferredSXSSFWorkbook wb;
        /** The listings, by the zip entry name of their worksheet. */
        private final Map<String, ListingSheetXml.Part> listingParts = new LinkedHashMap<>();
        private final CellStyle title;
        private final CellStyle header;
        private final CellStyle headerCentered;
        private final CellStyle text;
        private final CellStyle wrapped;
        private final CellStyle muted;
        private final CellStyle integer;
        private final CellStyle percent;
        private final CellStyle socText;
        private final CellStyle socInteger;
        private final CellStyle socPercent;
        private final CellStyle boldText;
        private final CellStyle boldInteger;
        private final CellStyle boldPercent;
        private final CellStyle footnote;

        Layout(DeferredSXSSFWorkbook wb) {
            this.wb = wb;
            Font bold = wb.createFont();
            bold.setBold(true);
            Font big = wb.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 13);
            Font grey = wb.createFont();
            grey.setColor(IndexedColors.GREY_50_PERCENT.getIndex());
            Font italic = wb.createFont();
            italic.setItalic(true);
            short pct = wb.createDataFormat().getFormat("0.0%");
            short whole = wb.createDataFormat().getFormat("0");

            title = wb.createCellStyle();
            title.setFont(big);
            header = wb.createCellStyle();
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setBorderBottom(BorderStyle.THIN);
            header.setVerticalAlignment(VerticalAlignment.CENTER);
            header.setWrapText(true);
            headerCentered = wb.createCellStyle();
            headerCentered.cloneStyleFrom(header);
            headerCentered.setAlignment(HorizontalAlignment.CENTER);
            text = wb.createCellStyle();
            wrapped = wb.createCellStyle();
            wrapped.setWrapText(true);
            wrapped.setVerticalAlignment(VerticalAlignment.TOP);
            muted = wb.createCellStyle();
            muted.setFont(grey);
            integer = wb.createCellStyle();
            integer.setDataFormat(whole);
            percent = wb.createCellStyle();
            percent.setDataFormat(pct);
            socText = setOff(wb.createCellStyle(), bold);
            socInteger = setOff(wb.createCellStyle(), bold);
            socInteger.setDataFormat(whole);
            socPercent = setOff(wb.createCellStyle(), bold);
            socPercent.setDataFormat(pct);
            boldText = wb.createCellStyle();
            boldText.setFont(bold);
            boldInteger = wb.createCellStyle();
            boldInteger.setFont(bold);
            boldInteger.setDataFormat(whole);
            boldPercent = wb.createCellStyle();
            boldPercent.setFont(bold);
            boldPercent.setDataFormat(pct);
            footnote = wb.createCellStyle();
            footnote.setFont(italic);
        }

        /** SOC and "any" rows: bold on a light band, so that terms read as their children. */
        private static CellStyle setOff(CellStyle style, Font bold) {
            style.setFont(bold);
            style.setFillForegroundColor(IndexedColors.LIGHT_CORNFLOWER_BLUE.getIndex());
            style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            return style;
        }

        void write(SummaryModel m) {
            about(m);
            incidence(OVERVIEW, m.overview(), m.groups(), new int[] {70});
            incidence(SOC_TERM, m.bySocAndTerm(), m.groups(), new int[] {48, 42, 12});
            incidence(MAX_GRADE, m.byMaxGrade(), m.groups(), new int[] {48, 42, 14});
            incidence(GRADE_3_PLUS, m.grade3Plus(), m.groups(), new int[] {48, 42, 12});
            listing(SERIOUS, m.seriousListing());
            listing(LISTING, m.aeListing());
        }

        /** Printed landscape, one page wide, header rows repeated on every page. */
        private static void printSetup(Sheet sheet, int headerRows) {
            sheet.getPrintSetup().setLandscape(true);
            sheet.getPrintSetup().setPaperSize(org.apache.poi.ss.usermodel.PrintSetup.A4_PAPERSIZE);
            sheet.setFitToPage(true);
            sheet.getPrintSetup().setFitWidth((short) 1);
            sheet.getPrintSetup().setFitHeight((short) 0);
            if (headerRows > 0) {
                sheet.setRepeatingRows(new CellRangeAddress(0, headerRows - 1, -1, -1));
            }
        }

        private void about(SummaryModel m) {
            DeferredSXSSFSheet about = wb.createSheet(ABOUT);
            printSetup(about, 0);
            about.setColumnWidth(0, 26 * 256);
            about.setColumnWidth(1, 120 * 256);
            about.setRowGenerator(sheet -> aboutRows(sheet, m));
        }

        private void aboutRows(Sheet sheet, SummaryModel m) {
            int r = 0;
            textCell(sheet.createRow(r++), 0, "AE Capture \u2014 primary-outcome safety summary", title);
            r++;
            for (SummaryModel.AboutLine line : m.about()) {
                org.apache.poi.ss.usermodel.Row row = sheet.createRow(r++);
                textCell(row, 0, line.name(), header);
                textCell(row, 1, line.value(), wrapped);
                // streamed rows are not measured: give a long value the lines it wraps to
                int lines = Math.max(1, (int) Math.ceil(line.value().length() / (double) ABOUT_CHARS_PER_LINE));
                row.setHeightInPoints(lines * sheet.getDefaultRowHeightInPoints());
            }
        }

        private void incidence(String name, IncidenceTable table, List<ColumnGroup> groups, int[] labelWidths) {
            DeferredSXSSFSheet sheet = wb.createSheet(name);
            printSetup(sheet, HEADER_ROWS);
            int labels = table.labelHeaders().size();
            for (int c = 0; c < labels; c++) {
                sheet.setColumnWidth(c, labelWidths[c] * 256);
                sheet.addMergedRegion(new CellRangeAddress(1, 2, c, c));
            }
            for (int g = 0; g < groups.size(); g++) {
                sheet.setColumnWidth(labels + 2 * g, 9 * 256);
                sheet.setColumnWidth(labels + 2 * g + 1, 9 * 256);
                sheet.addMergedRegion(new CellRangeAddress(1, 1, labels + 2 * g, labels + 2 * g + 1));
            }
            sheet.createFreezePane(labels, HEADER_ROWS);
            sheet.setRowGenerator(generated -> incidenceRows(generated, table, groups));
        }

        private void incidenceRows(Sheet sheet, IncidenceTable table, List<ColumnGroup> groups) {
            int labels = table.labelHeaders().size();
            textCell(sheet.createRow(0), 0, table.title(), title);
            org.apache.poi.ss.usermodel.Row groupRow = sheet.createRow(1);
            org.apache.poi.ss.usermodel.Row nRow = sheet.createRow(2);
            for (int c = 0; c < labels; c++) {
                textCell(groupRow, c, table.labelHeaders().get(c), header);
                textCell(nRow, c, "", header);
            }
            for (int g = 0; g < groups.size(); g++) {
                int col = labels + 2 * g;
                textCell(groupRow, col, groups.get(g).header(), headerCentered);
                textCell(groupRow, col + 1, "", headerCentered);
                textCell(nRow, col, "n", headerCentered);
                textCell(nRow, col + 1, "%", headerCentered);
            }
            int r = HEADER_ROWS;
            for (Row row : table.rows()) {
                org.apache.poi.ss.usermodel.Row x = sheet.createRow(r++);
                // overall and SOC rows on a band; the head row of a term's grades in bold; the rest plain
                boolean scopeHead = isScopeHeadRow(row);
                boolean band = row.kind() == SummaryModel.RowKind.SOC || row.kind() == SummaryModel.RowKind.ANY
                        || scopeHead && row.labels().get(1).isEmpty();
                boolean bold = scopeHead && !band;
                CellStyle labelStyle = band ? socText : bold ? boldText : text;
                for (int c = 0; c < labels; c++) {
                    boolean repeated = c == 0 && row.kind() == SummaryModel.RowKind.TERM
                            || c < 2 && row.kind() == SummaryModel.RowKind.GRADE && !scopeHead
                            || c == 0 && bold;
                    textCell(x, c, row.labels().get(c), repeated && !band ? muted : labelStyle);
                }
                for (int g = 0; g < row.counts().size(); g++) {
                    Count count = row.counts().get(g);
                    Cell n = x.createCell(labels + 2 * g);
                    n.setCellValue(count.n());
                    n.setCellStyle(band ? socInteger : bold ? boldInteger : integer);
                    Cell p = x.createCell(labels + 2 * g + 1);
                    if (count.fraction() != null) {
                        p.setCellValue(count.fraction());
                    }
                    p.setCellStyle(band ? socPercent : bold ? boldPercent : percent);
                }
            }
            r++;
            textCell(sheet.createRow(r), 0, table.footnote(), footnote);
        }

        /** In the grade table the "Any grade" row opens each scope. */
        private static boolean isScopeHeadRow(Row row) {
            return row.kind() == SummaryModel.RowKind.GRADE && row.labels().get(2).equals(SafetySummary.text("row.anyGrade"));
        }

        private void listing(String name, Listing listing) {
            DeferredSXSSFSheet deferred = wb.createSheet(name);
            printSetup(deferred, 1);
            for (int c = 0; c < listing.headers().size(); c++) {
                deferred.setColumnWidth(c, width(listing.headers().get(c)) * 256);
            }
            deferred.createFreezePane(1, 1);
            deferred.setRowGenerator(sheet -> {
                org.apache.poi.ss.usermodel.Row head = sheet.createRow(0);
                for (int c = 0; c < listing.headers().size(); c++) {
                    textCell(head, c, listing.headers().get(c), header);
                }
            });
            String part = wb.getXSSFWorkbook().getSheet(name).getPackagePart().getPartName().getName().substring(1);
            listingParts.put(part, new ListingSheetXml.Part(listing, 2, text.getIndex(), integer.getIndex()));
        }

        private static int width(String header) {
            return switch (header) {
                case "verbatim_term", "ctcae_term" -> 32;
                case "soc" -> 40;
                case "relationship", "action_taken", "outcome", "other_specify" -> 22;
                default -> Math.max(8, header.length() + 2);
            };
        }

        /** A string cell: POI stores it as text even when it starts with =, +, - or @, so it is never a formula. */
        private static void textCell(org.apache.poi.ss.usermodel.Row row, int col, String value, CellStyle style) {
            Cell cell = row.createCell(col);
            cell.setCellValue(value == null ? "" : value);
            cell.setCellStyle(style);
        }
    }
}
