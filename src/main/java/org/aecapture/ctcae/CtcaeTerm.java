package org.aecapture.ctcae;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * One CTCAE term (v5.0 or v6.0) as published by NCI. Grade descriptions are kept verbatim; a grade the term
 * does not define is absent (the source cell held exactly "-").
 *
 * @param grades index 0..4 for grades 1..5; {@code null} where the grade is not defined
 * @param change NCI's note of what changed from the version before (v5.0: from v4.03; v6.0: from v5.0)
 */
public record CtcaeTerm(
        String meddraCode,
        String soc,
        String term,
        List<String> grades,
        String definition,
        String navigationalNote,
        String change) {

    public static final int MIN_GRADE = 1;
    public static final int MAX_GRADE = 5;
    private static final String OTHER_SPECIFY_SUFFIX = " - Other, specify";

    public CtcaeTerm {
        if (grades.size() != MAX_GRADE) {
            throw new IllegalArgumentException("a CTCAE term has five grade cells, got " + grades.size());
        }
        grades = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(grades));
    }

    public boolean isGradeDefined(int grade) {
        return grade >= MIN_GRADE && grade <= MAX_GRADE && grades.get(grade - 1) != null;
    }

    /** The CTCAE description of a grade, empty when the term does not define it. */
    public Optional<String> gradeDescription(int grade) {
        return isGradeDefined(grade) ? Optional.of(grades.get(grade - 1)) : Optional.empty();
    }

    public List<Integer> definedGrades() {
        return IntStream.rangeClosed(MIN_GRADE, MAX_GRADE).filter(this::isGradeDefined).boxed().toList();
    }

    /** "&lt;SOC&gt; - Other, specify" terms need a verbatim specification from the investigator. */
    public boolean isOtherSpecify() {
        return term.endsWith(OTHER_SPECIFY_SUFFIX);
    }

    @Override
    public String toString() {
        return term + " (" + meddraCode + ")";
    }
}
