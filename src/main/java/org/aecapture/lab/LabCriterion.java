package org.aecapture.lab;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of {@code lab-criteria.csv}: a CTCAE grade's laboratory criterion, as the value's position against numbers,
 * the normal limits and the baseline.
 *
 * @param unit the unit CTCAE writes the criterion's numbers in; null when it holds only ratios
 * @param baseline the baseline the row applies to (CTCAE's "if baseline was normal / abnormal"); null: any
 * @param clinical the clinical fact CTCAE asks for together with the value; null when the value alone decides
 * @param ctcaeText the words of the CTCAE grade text this row is read from
 */
public record LabCriterion(String meddraCode, String term, String analyte, Direction direction, int grade, String unit,
                           Condition condition, Baseline baseline, String clinical, String ctcaeText) {

    /** Whether the term is an abnormally low or an abnormally high value. */
    public enum Direction { LOW, HIGH }

    /**
     * CTCAE's "if baseline was normal" (v6.0: "normal or less than normal") and "if baseline was abnormal" (v6.0: ">ULN"
     * for a high term), and v6.0's "if baseline is below LLN" (Creatinine increased).
     */
    public enum Baseline { NORMAL, ABNORMAL, BELOW_LLN }

    /** The references a criterion may use besides plain numbers; each is in the value's unit. */
    public enum Reference { LLN, ULN, BASELINE }

    /**
     * The value x and the references of one measurement (null: not known), all in one unit; for a blood pressure, x is
     * the systolic value and {@code diastolic} the diastolic one (written DBP in a criterion).
     */
    record Inputs(BigDecimal x, BigDecimal lln, BigDecimal uln, BigDecimal baseline, BigDecimal diastolic) {
        Inputs(BigDecimal x, BigDecimal lln, BigDecimal uln, BigDecimal baseline) {
            this(x, lln, uln, baseline, null);
        }

        BigDecimal of(Reference r) {
            return switch (r) {
                case LLN -> lln;
                case ULN -> uln;
                case BASELINE -> baseline;
            };
        }
    }

    /** {@code factor * reference + offset}, or a plain number when there is no reference. */
    record Term(BigDecimal factor, Reference reference, BigDecimal offset) {
        BigDecimal value(Inputs in) {
            if (reference == null) {
                return offset;
            }
            return factor.multiply(in.of(reference)).add(offset);
        }
    }

    /** One comparison of x (or, {@code diastolic}, of DBP) with a term: {@code x < t}, {@code x <= t}, {@code x > t} or {@code x >= t}. */
    record Comparison(String op, Term bound, boolean diastolic) {
        Comparison(String op, Term bound) {
            this(op, bound, false);
        }

        boolean holds(Inputs in) {
            int c = (diastolic ? in.diastolic() : in.x()).compareTo(bound.value(in));
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> throw new IllegalStateException(op);
            };
        }
    }

    /** Comparisons that must all hold; written as in the CSV ("100 <= x < LLN", "x > ULN and x > BASELINE"). */
    public record Condition(String text, List<Comparison> comparisons) {

        private static final String TERM = "(?:(\\d+(?:\\.\\d+)?)\\s*\\*\\s*)?(LLN|ULN|BASELINE)(?:\\s*([+-])\\s*(\\d+(?:\\.\\d+)?))?|(\\d+(?:\\.\\d+)?)";
        private static final String BOUND = "(?:\\d+(?:\\.\\d+)?\\s*\\*\\s*)?(?:LLN|ULN|BASELINE)(?:\\s*[+-]\\s*\\d+(?:\\.\\d+)?)?|\\d+(?:\\.\\d+)?";
        /** "[bound (<|<=)] x [(<|<=|>|>=) bound]"; DBP in place of x for a blood pressure's diastolic value. */
        private static final Pattern CHAIN = Pattern.compile("(?:(" + BOUND + ")\\s*(<=|<)\\s*)?(x|DBP)(?:\\s*(<=|<|>=|>)\\s*(" + BOUND + "))?");
        private static final Pattern ONE_TERM = Pattern.compile(TERM);

        public static Condition parse(String text) {
            List<Comparison> all = new ArrayList<>();
            for (String part : text.strip().split("\\s+and\\s+")) {
                Matcher m = CHAIN.matcher(part.strip());
                if (!m.matches() || (m.group(1) == null && m.group(4) == null)) {
                    throw new IllegalArgumentException("not a criterion: \"" + part + "\" (write e.g. \"100 <= x < LLN\" or \"x > 2.5*ULN\")");
                }
                boolean diastolic = m.group(3).equals("DBP");
                if (m.group(1) != null) { // "a <= x": x >= a, "a < x": x > a
                    all.add(new Comparison(m.group(2).equals("<") ? ">" : ">=", term(m.group(1)), diastolic));
                }
                if (m.group(4) != null) {
                    all.add(new Comparison(m.group(4), term(m.group(5)), diastolic));
                }
            }
            return new Condition(text.strip(), List.copyOf(all));
        }

        private static Term term(String s) {
            Matcher m = ONE_TERM.matcher(s.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a bound: " + s);
            }
            if (m.group(5) != null) {
                return new Term(BigDecimal.ONE, null, new BigDecimal(m.group(5)));
            }
            BigDecimal factor = m.group(1) == null ? BigDecimal.ONE : new BigDecimal(m.group(1));
            BigDecimal offset = m.group(4) == null ? BigDecimal.ZERO : new BigDecimal(m.group(4));
            return new Term(factor, Reference.valueOf(m.group(2)), "-".equals(m.group(3)) ? offset.negate() : offset);
        }

        /** Whether the condition reads a blood pressure's diastolic value. */
        public boolean needsDiastolic() {
            return comparisons.stream().anyMatch(Comparison::diastolic);
        }

        /** The references the condition needs. */
        public Set<Reference> references() {
            Set<Reference> refs = EnumSet.noneOf(Reference.class);
            comparisons.forEach(c -> {
                if (c.bound().reference() != null) {
                    refs.add(c.bound().reference());
                }
            });
            return refs;
        }

        boolean holds(Inputs in) {
            return comparisons.stream().allMatch(c -> c.holds(in));
        }

        /** Whether the condition names a plain number (which is then in the row's unit). */
        boolean hasNumbers() {
            return comparisons.stream().anyMatch(c -> c.bound().reference() == null);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
