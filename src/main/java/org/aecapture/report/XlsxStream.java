package org.aecapture.report;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A workbook written as SpreadsheetML straight into its zip, sheet by sheet and row by row, in the styles of the summary.
 *
 * <p>Why not POI: at 100,000 AEs, loading POI and its XML schema classes and passing 2.4 million cells through its cell
 * objects took most of the export's time; written as text the cells take a fraction of it, in bounded memory. The parts
 * are the ones POI writes for the same layout (styles, frozen panes, merged headers, print titles, landscape A4 one
 * page wide), and POI reads the result back in the tests: text as strings (so never a formula), counts and fractions
 * as numbers.
 */
final class XlsxStream {

    /** The cell styles of the summary, by their place in {@link #STYLES}' cell formats. */
    enum Style {
        PLAIN(0), TITLE(1), HEADER(2), HEADER_CENTERED(3), WRAPPED(5), MUTED(6), INTEGER(7), PERCENT(8), SOC_TEXT(9),
        SOC_INTEGER(10), SOC_PERCENT(11), BOLD_TEXT(12), BOLD_INTEGER(13), BOLD_PERCENT(14), FOOTNOTE(15);

        private final String attribute;

        Style(int xf) {
            this.attribute = xf == 0 ? "" : " s=\"" + xf + "\"";
        }
    }

    /** Calibri 11; bold, 13 pt bold, grey, italic; header grey band with a thin bottom border; SOC light-blue band. */
    private static final String STYLES = "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/></numFmts>"
            + "<fonts count=\"5\"><font><sz val=\"11.0\"/><color indexed=\"8\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font>"
            + "<font><name val=\"Calibri\"/><sz val=\"11.0\"/><b val=\"true\"/></font><font><name val=\"Calibri\"/><sz val=\"13.0\"/><b val=\"true\"/></font>"
            + "<font><name val=\"Calibri\"/><sz val=\"11.0\"/><color indexed=\"23\"/></font><font><name val=\"Calibri\"/><sz val=\"11.0\"/><i val=\"true\"/></font></fonts>"
            + "<fills count=\"4\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
            + "<fill><patternFill patternType=\"solid\"><fgColor indexed=\"22\"/></patternFill></fill>"
            + "<fill><patternFill patternType=\"solid\"><fgColor indexed=\"31\"/></patternFill></fill></fills>"
            + "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/><top/><bottom style=\"thin\"/><diagonal/></border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"16\">"
            + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyBorder=\"1\" applyAlignment=\"1\">"
            + "<alignment vertical=\"center\" wrapText=\"1\"/></xf>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyBorder=\"1\" applyAlignment=\"1\">"
            + "<alignment horizontal=\"center\" vertical=\"center\" wrapText=\"1\"/></xf>"
            + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
            + "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
            + "<xf numFmtId=\"1\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/>"
            + "<xf numFmtId=\"1\" fontId=\"1\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"164\" fontId=\"1\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
            + "<xf numFmtId=\"1\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"164\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"0\" fontId=\"4\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
            + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>";

    private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    /** Characters gathered before they go to the encoder: a synchronized write per cell would cost more than the cell. */
    private static final int CHUNK = 1 << 16;
    /** Different texts kept for the shared strings: a few megabytes at most. */
    static final int MAX_SHARED = 1 << 16;

    private record Sheet(String name, int printTitleRows) { }

    private final ZipOutputStream zip;
    private final StringBuilder sb = new StringBuilder(CHUNK + 4096);
    private final List<Sheet> sheets = new ArrayList<>();
    private final List<String> merged = new ArrayList<>();
    private final List<String> columnNames = new ArrayList<>();
    private final Map<String, SharedText> shared = new HashMap<>();
    private int row;
    /** The column of the row's last cell written, -1 before its first. */
    private int lastColumn;

    /**
     * The zip is written on a thread of its own, in the order asked, while this one lays out the next rows: deflating
     * took a third of the writing. At most {@link #CHUNKS_IN_FLIGHT} chunks wait, so memory stays bounded.
     */
    private final ExecutorService zipper = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "summary-zip");
        t.setDaemon(true);
        return t;
    });
    private static final int CHUNKS_IN_FLIGHT = 8;
    private final Semaphore inFlight = new Semaphore(CHUNKS_IN_FLIGHT);
    private volatile Exception zipFailure;

    /** Deflated at the fastest level: at the default one, zipping took as long as writing the rows. */
    XlsxStream(OutputStream target) {
        zip = new ZipOutputStream(target, StandardCharsets.UTF_8);
        zip.setLevel(Deflater.BEST_SPEED);
    }

    private interface ZipStep {
        void run() throws IOException;
    }

    /** Hands a step to the zip's thread; a failure there is thrown here, at the next step. */
    private void toZip(ZipStep step) throws IOException {
        rethrowZipFailure();
        inFlight.acquireUninterruptibly();
        zipper.execute(() -> {
            try {
                if (zipFailure == null) {
                    step.run();
                }
            } catch (IOException | RuntimeException e) {
                zipFailure = e;
            } finally {
                inFlight.release();
            }
        });
    }

    private void rethrowZipFailure() throws IOException {
        Exception e = zipFailure;
        if (e instanceof IOException io) {
            throw new IOException(io.getMessage(), io);
        }
        if (e != null) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Stops the zip's thread; after {@link #finish()} it has nothing left to do, after a failure it drops the rest. */
    void close() {
        zipper.shutdownNow();
    }

    /**
     * Starts a worksheet.
     *
     * @param widths each column's width in characters, from the first
     * @param frozenColumns columns kept in view when scrolling sideways, and {@code frozenRows} rows when scrolling down
     *     (both 0: nothing frozen)
     * @param printTitleRows rows printed again at the top of every page
     */
    void startSheet(String name, int[] widths, int frozenColumns, int frozenRows, int printTitleRows) throws IOException {
        sheets.add(new Sheet(name, printTitleRows));
        String entry = "xl/worksheets/sheet" + sheets.size() + ".xml";
        toZip(() -> zip.putNextEntry(new ZipEntry(entry)));
        sb.append(XML).append("<worksheet xmlns=\"").append(MAIN).append("\"><sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>")
                .append("<sheetViews><sheetView workbookViewId=\"0\"").append(sheets.size() == 1 ? " tabSelected=\"1\"" : "");
        if (frozenColumns > 0 && frozenRows > 0) {
            sb.append("><pane xSplit=\"").append(frozenColumns).append("\" ySplit=\"").append(frozenRows).append("\" topLeftCell=\"")
                    .append(column(frozenColumns)).append(frozenRows + 1)
                    .append("\" activePane=\"bottomRight\" state=\"frozen\"/><selection pane=\"bottomRight\"/></sheetView>");
        } else if (frozenRows > 0) { // a listing: its title and header stay in view
            sb.append("><pane ySplit=\"").append(frozenRows).append("\" topLeftCell=\"A").append(frozenRows + 1)
                    .append("\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/></sheetView>");
        } else {
            sb.append("/>");
        }
        sb.append("</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>");
        for (int c = 0; c < widths.length; c++) {
            sb.append("<col min=\"").append(c + 1).append("\" max=\"").append(c + 1).append("\" width=\"").append(widths[c])
                    .append("\" customWidth=\"1\"/>");
        }
        sb.append("</cols><sheetData>");
        row = 0;
        merged.clear();
    }

    /** Cells {@code from} to {@code to} (as "A2" and "A3") shown as one. */
    void merge(String from, String to) {
        merged.add(from + ":" + to);
    }

    void endSheet() throws IOException {
        sb.append("</sheetData>");
        if (!merged.isEmpty()) {
            sb.append("<mergeCells count=\"").append(merged.size()).append("\">");
            merged.forEach(m -> sb.append("<mergeCell ref=\"").append(m).append("\"/>"));
            sb.append("</mergeCells>");
        }
        sb.append("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>")
                .append("<pageSetup paperSize=\"9\" fitToWidth=\"1\" fitToHeight=\"0\" orientation=\"landscape\"/></worksheet>");
        flush();
        toZip(zip::closeEntry);
    }

    /** Starts row {@code r} (1-based, after the last); rows left out are blank. */
    void startRow(int r) {
        row = r;
        lastColumn = -1;
        sb.append("<row r=\"").append(r).append("\">");
    }

    /** Starts a row of the given height, for text that wraps to several lines: streamed rows are not measured. */
    void startRow(int r, double heightPoints) {
        row = r;
        lastColumn = -1;
        sb.append("<row r=\"").append(r).append("\" ht=\"").append(heightPoints).append("\" customHeight=\"1\">");
    }

    void endRow() throws IOException {
        sb.append("</row>");
        if (sb.length() >= CHUNK) {
            flush();
        }
    }

    /**
     * A text cell (0-based column), as a string: never read as a formula, whatever it starts with. Texts are written once
     * in the shared strings and referred to by number (a listing repeats its subjects, terms, SOCs, codes and dates on
     * every row), up to {@link #MAX_SHARED} different texts; beyond that, in the cell itself, so that memory stays flat.
     */
    void text(int col, String value, Style style) {
        SharedText sharedText = shared.get(value);
        if (sharedText == null && shared.size() < MAX_SHARED) {
            sharedText = new SharedText(shared.size());
            shared.put(value, sharedText);
        }
        if (sharedText == null) {
            cell(col, style).append(" t=\"inlineStr\"><is>");
            textElement(value, sb);
            sb.append("</is></c>");
        } else if (style == Style.PLAIN && col == lastColumn + 1) {
            lastColumn = col;
            sb.append(sharedText.plainCell);
        } else {
            cell(col, style).append(" t=\"s\"><v>").append(sharedText.index).append("</v></c>");
        }
    }

    /**
     * A text's place in the shared strings, and its cell as a listing writes it (plain, after the previous cell), made
     * once: a listing writes the same few hundred texts millions of times.
     */
    private static final class SharedText {
        final int index;
        final String plainCell;

        SharedText(int index) {
            this.index = index;
            this.plainCell = "<c t=\"s\"><v>" + index + "</v></c>";
        }
    }

    /** {@code <t>} with the text, keeping its leading and trailing spaces. */
    private static void textElement(String value, StringBuilder sb) {
        sb.append("<t");
        if (!value.isEmpty() && (Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(value.length() - 1)))) {
            sb.append(" xml:space=\"preserve\"");
        }
        sb.append('>');
        escape(value, sb);
        sb.append("</t>");
    }

    void number(int col, long value, Style style) {
        cell(col, style).append("><v>").append(value).append("</v></c>");
    }

    void number(int col, double value, Style style) {
        cell(col, style).append("><v>").append(value).append("</v></c>");
    }

    /** A cell with a style and no value. */
    void blank(int col, Style style) {
        cell(col, style).append("/>");
    }

    /**
     * A cell's start. Its reference ({@code r="B7"}) is written only after a gap: a cell without one is the one after the
     * previous (ECMA-376 makes it optional; Excel, POI and openpyxl read it so). The listing's references were a third
     * of its XML.
     */
    private StringBuilder cell(int col, Style style) {
        sb.append("<c");
        if (col != lastColumn + 1) {
            sb.append(" r=\"").append(column(col)).append(row).append('"');
        }
        lastColumn = col;
        return sb.append(style.attribute);
    }

    /** {@link #columnName}, kept once made, since every row asks again. */
    private String column(int col) {
        while (columnNames.size() <= col) {
            columnNames.add(columnName(columnNames.size()));
        }
        return columnNames.get(col);
    }

    /** "A" for column 0, "AB" for 27. */
    static String columnName(int col) {
        StringBuilder name = new StringBuilder();
        for (int n = col + 1; n > 0; n = (n - 1) / 26) {
            name.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return name.toString();
    }

    private void flush() throws IOException {
        String chunk = sb.toString();
        sb.setLength(0);
        toZip(() -> zip.write(chunk.getBytes(StandardCharsets.UTF_8))); // encoded there too: one step less here
    }

    /** Writes the workbook's other parts after its sheets, and closes the zip (not the stream beneath it). */
    void finish() throws IOException {
        part("xl/styles.xml", XML + "<styleSheet xmlns=\"" + MAIN + "\">" + STYLES + "</styleSheet>");
        toZip(() -> zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml")));
        String[] inOrder = new String[shared.size()];
        shared.forEach((text, sharedText) -> inOrder[sharedText.index] = text);
        sb.append(XML).append("<sst xmlns=\"").append(MAIN).append("\" uniqueCount=\"").append(inOrder.length).append("\">");
        for (String text : inOrder) {
            sb.append("<si>");
            textElement(text, sb);
            sb.append("</si>");
            if (sb.length() >= CHUNK) {
                flush();
            }
        }
        sb.append("</sst>");
        flush();
        toZip(zip::closeEntry);
        StringBuilder workbook = new StringBuilder(XML).append("<workbook xmlns=\"").append(MAIN).append("\" xmlns:r=\"")
                .append(RELATIONSHIPS).append("\"><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>");
        StringBuilder rels = new StringBuilder(XML).append("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        StringBuilder types = new StringBuilder(XML).append("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
                .append("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
                .append("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
                .append("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>")
                .append("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>")
                .append("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>");
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < sheets.size(); i++) {
            Sheet sheet = sheets.get(i);
            int n = i + 1;
            StringBuilder escapedName = new StringBuilder();
            escape(sheet.name(), escapedName);
            String name = escapedName.toString().replace("\"", "&quot;");
            workbook.append("<sheet name=\"").append(name).append("\" sheetId=\"").append(n).append("\" r:id=\"rId").append(n).append("\"/>");
            rels.append("<Relationship Id=\"rId").append(n).append("\" Type=\"").append(RELATIONSHIPS)
                    .append("/worksheet\" Target=\"worksheets/sheet").append(n).append(".xml\"/>");
            types.append("<Override PartName=\"/xl/worksheets/sheet").append(n)
                    .append(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
            if (sheet.printTitleRows() > 0) {
                names.append("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"").append(i).append("\">'")
                        .append(name.replace("'", "''")).append("'!$1:$").append(sheet.printTitleRows()).append("</definedName>");
            }
        }
        workbook.append("</sheets>");
        if (!names.isEmpty()) {
            workbook.append("<definedNames>").append(names).append("</definedNames>");
        }
        part("xl/workbook.xml", workbook.append("</workbook>").toString());
        part("xl/_rels/workbook.xml.rels", rels.append("<Relationship Id=\"rId").append(sheets.size() + 1).append("\" Type=\"")
                .append(RELATIONSHIPS).append("/styles\" Target=\"styles.xml\"/>").append("<Relationship Id=\"rId").append(sheets.size() + 2)
                .append("\" Type=\"").append(RELATIONSHIPS).append("/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>").toString());
        part("_rels/.rels", XML + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"" + RELATIONSHIPS + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        part("[Content_Types].xml", types.append("</Types>").toString());
        toZip(zip::finish);
        zipper.shutdown();
        try {
            if (!zipper.awaitTermination(10, TimeUnit.MINUTES)) {
                throw new IOException("The workbook's zip did not finish in 10 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while the workbook was zipped");
        }
        rethrowZipFailure();
    }

    private void part(String name, String content) throws IOException {
        toZip(() -> zip.putNextEntry(new ZipEntry(name)));
        sb.append(content);
        flush();
        toZip(zip::closeEntry);
    }

    /**
     * Text as XML character data. Characters XML cannot hold (control characters) are written as SpreadsheetML's
     * {@code _xHHHH_} escape, and an underscore that would read as one is escaped itself, so every reader gets the
     * text back exactly as it was typed.
     */
    static void escape(String s, StringBuilder sb) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\t' -> sb.append("&#x9;");
                case '\n' -> sb.append("&#xa;");
                case '\r' -> sb.append("&#xd;");
                case '_' -> sb.append(isEscapeAt(s, i) ? "_x005F_" : "_");
                default -> {
                    if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(ch).append(s.charAt(++i)); // a pair: one character beyond the BMP, written as it is
                    } else if (ch < 0x20 || ch == 0xFFFE || ch == 0xFFFF || Character.isSurrogate(ch)) {
                        // XML cannot hold these, nor UTF-8 a lone surrogate: ECMA-376's escape keeps the code unit itself
                        sb.append("_x").append(String.format("%04X", (int) ch)).append('_');
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
    }

    /** Whether {@code s} holds "_xHHHH_" from {@code i}: written as it is, a reader would decode it to one character. */
    private static boolean isEscapeAt(String s, int i) {
        if (i + 7 > s.length() || s.charAt(i + 1) != 'x' || s.charAt(i + 6) != '_') {
            return false;
        }
        for (int k = i + 2; k < i + 6; k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
