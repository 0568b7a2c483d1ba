package org.aecapture.lab;

import java.math.BigDecimal;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

/**
 * What a laboratory value makes of a CTCAE term's grade.
 *
 * @param grade 1 to 5 when graded, 0 when the value is within normal limits or meets no criterion, null when it cannot
 *     be graded from the value (see {@link #outcome})
 * @param matched the criteria met at that grade (or, when the clinical facts decide, those that could apply)
 * @param missing what was needed and not given ("LLN", "ULN", "BASELINE"), or the clinical facts, for the reason
 * @param notes what else the CTCAE text says of this value: a grade that clinical facts would give, criteria not
 *     checked for want of a baseline, the value as converted
 */
public record LabGrade(Integer grade, Outcome outcome, List<LabCriterion> matched, List<String> missing, List<String> notes) {

    private static final ResourceBundle TEXT = ResourceBundle.getBundle("org.aecapture.lab.LabText", Locale.ENGLISH);

    public enum Outcome {
        /** A grade from the value alone. */
        GRADED,
        /** Grade 0: the value is within the normal range given. */
        WITHIN_NORMAL_LIMITS,
        /** Grade 0: the value is abnormal but meets none of the term's laboratory criteria. */
        NO_CRITERION_MET,
        /** The value meets criteria whose grade depends on clinical facts. */
        CLINICAL_FACTS_NEEDED,
        /** A normal limit or the baseline is needed to grade this value. */
        REFERENCE_NEEDED,
        /** The unit is not one of the term's. */
        UNKNOWN_UNIT,
        /** No unit was given, and the term's criteria are written in units. */
        NO_UNIT,
        /** The value lies past every band CTCAE writes for the term, where it gives no grade. */
        BEYOND_CRITERIA,
        /** CTCAE does not grade the term by a laboratory value. */
        NOT_LAB_DEFINED
    }

    public LabGrade {
        matched = List.copyOf(matched);
        missing = List.copyOf(missing);
        notes = List.copyOf(notes);
    }

    public boolean isGraded() {
        return grade != null;
    }

    /** The CTCAE words that decided the grade, joined as CTCAE joins alternatives. */
    public String ctcaeText() {
        return matched.stream().map(LabCriterion::ctcaeText).distinct().collect(Collectors.joining("; "));
    }

    /** Why, in words: the matching CTCAE text, or what is needed to grade. */
    public String reason() {
        String main = switch (outcome) {
            case GRADED -> MessageFormat.format(TEXT.getString("graded"), grade, ctcaeText());
            case WITHIN_NORMAL_LIMITS -> text("withinNormalLimits");
            case NO_CRITERION_MET -> text("noCriterionMet");
            case CLINICAL_FACTS_NEEDED -> MessageFormat.format(TEXT.getString("clinicalNeeded"),
                    matched.stream().map(c -> MessageFormat.format(TEXT.getString("gradeIf"), c.grade(), c.clinical(), c.ctcaeText()))
                            .collect(Collectors.joining("; ")));
            // the lowest grade's criteria show what the missing limit or baseline is for
            case REFERENCE_NEEDED -> MessageFormat.format(TEXT.getString("referenceNeeded"), String.join(" " + TEXT.getString("and") + " ", missing),
                    matched.stream().filter(c -> c.grade() == matched.stream().mapToInt(LabCriterion::grade).min().orElseThrow())
                            .map(c -> MessageFormat.format(TEXT.getString("gradeN"), c.grade(), c.ctcaeText())).distinct()
                            .collect(Collectors.joining("; ")));
            case UNKNOWN_UNIT -> MessageFormat.format(TEXT.getString("unknownUnit"), String.join(", ", missing));
            case NO_UNIT -> MessageFormat.format(TEXT.getString("noUnit"), String.join(", ", missing));
            case BEYOND_CRITERIA -> MessageFormat.format(TEXT.getString("beyondCriteria"), ctcaeText());
            case NOT_LAB_DEFINED -> text("notLabDefined");
        };
        return notes.isEmpty() ? main : main + "; " + String.join("; ", notes);
    }

    static String text(String key, Object... args) {
        return MessageFormat.format(TEXT.getString(key), args);
    }

    static String plain(BigDecimal d) {
        return d == null ? "" : d.stripTrailingZeros().toPlainString();
    }
}
