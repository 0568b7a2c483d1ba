package org.aecapture.report;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.aecapture.report.SummaryModel.ColumnGroup;
import org.aecapture.report.SummaryModel.Count;
import org.aecapture.report.SummaryModel.IncidenceTable;
import org.aecapture.report.SummaryModel.Listing;
import org.aecapture.report.SummaryModel.Row;
import org.aecapture.report.XlsxStream.Style;

/**
 * Lays the summary tables out as an .xlsx workbook a statistician can hand over: bold headers, frozen
 * header rows and label columns, SOC rows set off from their terms, counts and fractions as numbers
 * (never as text), and typed text always as text, never as a formula. Streams rows ({@link XlsxStream}), and writes
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
    private static final int ABOUT_CHARS_PER_LINE = 150;
    private static final double DEFAULT_ROW_POINTS = 15;

    private SummaryWorkbookWriter() {
    }

    /** Writes the workbook to {@code out}; on any failure {@code out} is left as it was. */
    public static void write(SummaryModel model, Path out) throws IOException {
        AtomicFile.write(out, os -> write(model, os), model.groups().stream().anyMatch(g -> !g.isTotal())); // by arm: owner only
    }

    static void write(SummaryModel m, OutputStream os) throws IOException {
        XlsxStream x = new XlsxStream(os);
        try {
            about(x, m);
            incidence(x, OVERVIEW, m.overview(), m.groups(), new int[] {70});
            incidence(x, SOC_TERM, m.bySocAndTerm(), m.groups(), new int[] {48, 42, 12});
            incidence(x, MAX_GRADE, m.byMaxGrade(), m.groups(), new int[] {48, 42, 14});
            incidence(x, GRADE_3_PLUS, m.grade3Plus(), m.groups(), new int[] {48, 42, 12});
            listing(x, SERIOUS, m.seriousListing());
            listing(x, LISTING, m.aeListing());
            x.finish();
        } finally {
            x.close();
        }
    }

    private static void about(XlsxStream x, SummaryModel m) throws IOException {
        x.startSheet(ABOUT, new int[] {26, 120}, 0, 0, 0);
        int r = 1;
        x.startRow(r++);
        x.text(0, "AE Capture \u2014 primary-outcome safety summary", Style.TITLE);
        x.endRow();
        r++;
        for (SummaryModel.AboutLine line : m.about()) {
            // streamed rows are not measured: give a long value the lines it wraps to
            int lines = Math.max(1, (int) Math.ceil(line.value().length() / (double) ABOUT_CHARS_PER_LINE));
            x.startRow(r++, lines * DEFAULT_ROW_POINTS);
            x.text(0, line.name(), Style.HEADER);
            x.text(1, line.value(), Style.WRAPPED);
            x.endRow();
        }
        x.endSheet();
    }

    private static void incidence(XlsxStream x, String name, IncidenceTable table, List<ColumnGroup> groups, int[] labelWidths)
            throws IOException {
        int labels = table.labelHeaders().size();
        int[] widths = new int[labels + 2 * groups.size()];
        System.arraycopy(labelWidths, 0, widths, 0, labels);
        java.util.Arrays.fill(widths, labels, widths.length, 9);
        x.startSheet(name, widths, labels, HEADER_ROWS, HEADER_ROWS);
        for (int c = 0; c < labels; c++) {
            x.merge(cell(c, 2), cell(c, 3));
        }
        x.startRow(1);
        x.text(0, table.title(), Style.TITLE);
        x.endRow();
        x.startRow(2);
        for (int c = 0; c < labels; c++) {
            x.text(c, table.labelHeaders().get(c), Style.HEADER);
        }
        for (int g = 0; g < groups.size(); g++) {
            int col = labels + 2 * g;
            x.merge(cell(col, 2), cell(col + 1, 2));
            x.text(col, groups.get(g).header(), Style.HEADER_CENTERED);
            x.text(col + 1, "", Style.HEADER_CENTERED);
        }
        x.endRow();
        x.startRow(3);
        for (int c = 0; c < labels; c++) {
            x.text(c, "", Style.HEADER);
        }
        for (int g = 0; g < groups.size(); g++) {
            x.text(labels + 2 * g, "n", Style.HEADER_CENTERED);
            x.text(labels + 2 * g + 1, "%", Style.HEADER_CENTERED);
        }
        x.endRow();
        int r = HEADER_ROWS + 1;
        for (Row row : table.rows()) {
            x.startRow(r++);
            // overall and SOC rows on a band; the head row of a term's grades in bold; the rest plain
            boolean scopeHead = isScopeHeadRow(row);
            boolean band = row.kind() == SummaryModel.RowKind.SOC || row.kind() == SummaryModel.RowKind.ANY
                    || scopeHead && row.labels().get(1).isEmpty();
            boolean bold = scopeHead && !band;
            Style labelStyle = band ? Style.SOC_TEXT : bold ? Style.BOLD_TEXT : Style.PLAIN;
            for (int c = 0; c < labels; c++) {
                boolean repeated = c == 0 && row.kind() == SummaryModel.RowKind.TERM
                        || c < 2 && row.kind() == SummaryModel.RowKind.GRADE && !scopeHead
                        || c == 0 && bold;
                x.text(c, row.labels().get(c), repeated && !band ? Style.MUTED : labelStyle);
            }
            for (int g = 0; g < row.counts().size(); g++) {
                Count count = row.counts().get(g);
                x.number(labels + 2 * g, count.n(), band ? Style.SOC_INTEGER : bold ? Style.BOLD_INTEGER : Style.INTEGER);
                Style percent = band ? Style.SOC_PERCENT : bold ? Style.BOLD_PERCENT : Style.PERCENT;
                if (count.fraction() != null) {
                    x.number(labels + 2 * g + 1, count.fraction(), percent);
                } else {
                    x.blank(labels + 2 * g + 1, percent);
                }
            }
            x.endRow();
        }
        x.startRow(r + 1);
        x.text(0, table.footnote(), Style.FOOTNOTE);
        x.endRow();
        x.endSheet();
    }

    /** "B3" for column 1 (0-based) of row 3 (1-based). */
    private static String cell(int col, int row) {
        return XlsxStream.columnName(col) + row;
    }

    /** In the grade table the "Any grade" row opens each scope. */
    private static boolean isScopeHeadRow(Row row) {
        return row.kind() == SummaryModel.RowKind.GRADE && row.labels().get(2).equals(SafetySummary.text("row.anyGrade"));
    }

    /** The header row frozen with the subject column; text plain, integers as whole numbers, laboratory values as typed. */
    private static void listing(XlsxStream x, String name, Listing listing) throws IOException {
        List<String> headers = listing.headers();
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = width(headers.get(c));
        }
        x.startSheet(name, widths, 1, 1, 1);
        x.startRow(1);
        for (int c = 0; c < headers.size(); c++) {
            x.text(c, headers.get(c), Style.HEADER);
        }
        x.endRow();
        int r = 2;
        for (List<Object> values : listing.rows()) {
            listingRow(x, r++, values);
        }
        x.endSheet();
    }

    private static void listingRow(XlsxStream x, int r, List<Object> values) throws IOException {
        x.startRow(r);
        for (int c = 0; c < values.size(); c++) {
            Object v = values.get(c);
            if (v instanceof Integer i) {
                x.number(c, i.longValue(), Style.INTEGER);
            } else if (v instanceof BigDecimal d) { // a laboratory value: a number, shown as typed (General)
                x.number(c, d.doubleValue(), Style.PLAIN);
            } else if (v != null) {
                x.text(c, v.toString(), Style.PLAIN);
            }
        }
        x.endRow();
    }

    private static int width(String header) {
        return switch (header) {
            case "verbatim_term", "ctcae_term" -> 32;
            case "soc" -> 40;
            case "relationship", "action_taken", "outcome", "other_specify" -> 22;
            default -> Math.max(8, header.length() + 2);
        };
    }
}
