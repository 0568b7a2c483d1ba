package org.aecapture.service;

import java.util.List;
import java.util.stream.Collectors;

/** An import that was refused because of bad rows; nothing was written. */
public class ImportException extends RuntimeException {

    /** One bad value: the data row (1 = first row after the header), its column, the value and the rule it breaks. */
    public record RowProblem(long row, String column, String value, String rule) {
        @Override
        public String toString() {
            return "row " + row + (column == null ? "" : ", column " + column) + (value == null ? "" : ", value '" + value + "'")
                    + ": " + rule;
        }
    }

    private final transient List<RowProblem> problems;
    private final int totalProblems;

    public ImportException(String file, List<RowProblem> problems, int totalProblems) {
        this(problems, totalProblems, "Nothing was imported from " + file);
    }

    private ImportException(List<RowProblem> problems, int totalProblems, String nothingDone) {
        super(message(nothingDone, problems, totalProblems));
        this.problems = List.copyOf(problems);
        this.totalProblems = totalProblems;
    }

    /** Bad rows of a file read for another purpose than an import; {@code nothingDone} says what did not happen. */
    public static ImportException refused(String nothingDone, List<RowProblem> problems, int totalProblems) {
        return new ImportException(problems, totalProblems, nothingDone);
    }

    private static String message(String nothingDone, List<RowProblem> problems, int total) {
        String head = nothingDone + ": " + total + (total == 1 ? " problem" : " problems")
                + (total > problems.size() ? " (the first " + problems.size() + " are listed)" : "") + ".";
        return head + System.lineSeparator() + problems.stream().map(p -> "  " + p).collect(Collectors.joining(System.lineSeparator()));
    }

    public List<RowProblem> problems() {
        return problems;
    }

    public int totalProblems() {
        return totalProblems;
    }
}
