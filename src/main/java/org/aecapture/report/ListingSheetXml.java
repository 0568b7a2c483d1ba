package org.aecapture.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.poi.ss.util.CellReference;

/**
 * The rows of a long listing written straight into its worksheet's XML, as SpreadsheetML inline strings and numbers.
 *
 * <p>Why: through POI's cell objects, 100,000 AE rows (2.4 million cells) took most of the summary's time; written
 * as text they take a fraction of it. POI still lays out the workbook (styles, column widths, frozen header, print
 * set-up, the header row); {@link #inject} copies POI's package and puts the rows in before each listing's
 * {@code </sheetData>}. The cells are the ones POI writes: text as inline strings (never a formula), numbers as numbers.
 */
final class ListingSheetXml {

    private static final String SHEET_DATA_END = "</sheetData>";
    /** Characters gathered before they go to the encoder: a synchronized write per cell would cost more than the cell. */
    private static final int CHUNK = 1 << 16;

    /**
     * A listing to be written into a worksheet part: its rows from 1-based row {@code firstRow}. Text and laboratory values
     * (numbers shown as typed) take the plain style, whole numbers the integer style.
     */
    record Part(SummaryModel.Listing listing, int firstRow, int plainStyle, int integerStyle) { }

    private ListingSheetXml() {
    }

    /**
     * Copies the zip package {@code skeleton} to {@code out} (deflated at the fastest level: zipping otherwise took as long
     * as writing the rows), putting each part's rows into the worksheet named by its part name ("xl/worksheets/sheet7.xml").
     */
    static void inject(byte[] skeleton, Map<String, Part> parts, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.setLevel(Deflater.BEST_SPEED);
        int injected = 0;
        // POI streams its entries with their sizes after the data, which java.util.zip's reader refuses
        try (ZipArchiveInputStream in = new ZipArchiveInputStream(new ByteArrayInputStream(skeleton), "UTF-8", true, true)) {
            for (ZipArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                Part part = parts.get(entry.getName());
                if (part == null) {
                    in.transferTo(zip);
                } else {
                    writeWorksheet(in, part, zip);
                    injected++;
                }
                zip.closeEntry();
            }
        }
        if (injected != parts.size()) {
            throw new IOException("The workbook lacks a listing sheet: " + injected + " of " + parts.size() + " were found in " + parts.keySet());
        }
        zip.finish();
    }

    private static void writeWorksheet(InputStream skeletonSheet, Part part, OutputStream zip) throws IOException {
        String xml = new String(skeletonSheet.readAllBytes(), StandardCharsets.UTF_8);
        int end = xml.lastIndexOf(SHEET_DATA_END);
        if (end < 0) {
            throw new IOException("The listing's worksheet has no sheet data to add rows to");
        }
        // not closed: closing would close the zip; flushed instead
        Writer w = new OutputStreamWriter(new NonClosing(zip), StandardCharsets.UTF_8);
        w.write(xml, 0, end);
        writeRows(part, w);
        w.write(xml, end, xml.length() - end);
        w.flush();
    }

    /** The rows as {@code <row>} elements; a null value leaves its cell out, as POI does. */
    static void writeRows(Part part, Writer w) throws IOException {
        List<String> columns = part.listing().headers();
        String[] refs = new String[columns.size()];
        for (int c = 0; c < refs.length; c++) {
            refs[c] = "<c r=\"" + CellReference.convertNumToColString(c);
        }
        String text = "\" s=\"" + part.plainStyle() + "\" t=\"inlineStr\"><is><t";
        String integer = "\" s=\"" + part.integerStyle() + "\" t=\"n\"><v>";
        String decimal = "\" s=\"" + part.plainStyle() + "\" t=\"n\"><v>";
        StringBuilder sb = new StringBuilder(CHUNK + 4096);
        int r = part.firstRow();
        for (List<Object> values : part.listing().rows()) {
            sb.append("<row r=\"").append(r).append("\">");
            for (int c = 0; c < values.size(); c++) {
                Object v = values.get(c);
                if (v == null) {
                    continue;
                }
                sb.append(refs[c]).append(r);
                if (v instanceof Integer i) {
                    sb.append(integer).append(i.intValue()).append("</v></c>");
                } else if (v instanceof BigDecimal d) { // a laboratory value: a number, shown as typed (General)
                    sb.append(decimal).append(d.doubleValue()).append("</v></c>");
                } else {
                    String s = v.toString();
                    sb.append(text);
                    if (!s.isEmpty() && (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1)))) {
                        sb.append(" xml:space=\"preserve\"");
                    }
                    sb.append('>');
                    escape(s, sb);
                    sb.append("</t></is></c>");
                }
            }
            sb.append("</row>\n");
            r++;
            if (sb.length() >= CHUNK) {
                w.append(sb);
                sb.setLength(0);
            }
        }
        w.append(sb);
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
                    if (ch < 0x20 || ch == 0xFFFE || ch == 0xFFFF) {
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

    /** Lets a writer over the zip be flushed without closing the zip. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
