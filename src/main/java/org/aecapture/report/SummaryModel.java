package org.aecapture.report;

import java.util.List;

/**
 * The primary-outcome summary as plain tables, ready to be laid out: no POI here, so that every
 * number can be checked without a spreadsheet.
 */
public record SummaryModel(
        List<AboutLine> about,
        List<ColumnGroup> groups,
        IncidenceTable overview,
        IncidenceTable bySocAndTerm,
        IncidenceTable byMaxGrade,
        IncidenceTable grade3Plus,
        Listing seriousListing,
        Listing aeListing) {

    /** One line of the About sheet: a name and its value. */
    public record AboutLine(String name, String value) { }

    /** A column group: all subjects (arm code null) or one arm, with its population size N. */
    public record ColumnGroup(String label, String armCode, int n) {
        public String header() {
            return label + " (N=" + n + ")";
        }

        public boolean isTotal() {
            return armCode == null;
        }
    }

    /** A count of subjects (with its fraction of N) or of events (fraction null). */
    public record Count(int n, Double fraction) { }

    public enum RowKind { ANY, SOC, TERM, GRADE, OVERVIEW_SUBJECTS, OVERVIEW_EVENTS }

    /** One table row: its label cells (as many as the table has label columns) and one count per column group. */
    public record Row(RowKind kind, List<String> labels, List<Count> counts) { }

    public record IncidenceTable(String title, List<String> labelHeaders, List<Row> rows, String footnote) { }

    /** A listing: headers and rows of cell values (String, Integer or null). */
    public record Listing(List<String> headers, List<List<Object>> rows) { }
}
