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
        super(message(file, problems, totalProblems));
        this.problems = List.copyOf(problems);
        this.totalProblems = totalProblems;
    }

    private static String message(String file, List<RowProblem> problems, int total) {
        String head = "Nothing was imported from " + file + ": " + total + (total == 1 ? " problem" : " problems")
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
