package org.aecapture.lab;

import java.math.BigDecimal;

/**
 * A laboratory value as the investigator reads it off the report: the value, its unit, the laboratory's normal range
 * and the subject's baseline value (each of the last three null when not known), all in the value's unit, and the
 * clinical facts CTCAE asks for beside it that the investigator stated (present or absent; a fact not stated is
 * not known). A blood pressure is the systolic value with its diastolic one beside it ({@code diastolic}; null for
 * every other measurement).
 */
public record LabMeasurement(BigDecimal value, String unit, BigDecimal lln, BigDecimal uln, BigDecimal baseline,
                             java.util.Map<ClinicalFact, Boolean> facts, BigDecimal diastolic) {

    public LabMeasurement {
        facts = facts == null || facts.isEmpty() ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(facts));
    }

    /** A value with no clinical fact stated. */
    public LabMeasurement(BigDecimal value, String unit, BigDecimal lln, BigDecimal uln, BigDecimal baseline) {
        this(value, unit, lln, uln, baseline, null, null);
    }

    /** A single value (not a blood pressure) with the clinical facts stated. */
    public LabMeasurement(BigDecimal value, String unit, BigDecimal lln, BigDecimal uln, BigDecimal baseline,
                          java.util.Map<ClinicalFact, Boolean> facts) {
        this(value, unit, lln, uln, baseline, facts, null);
    }

    /**
     * As the record printed before it held a diastolic value, which is printed only when there is one: the content digest
     * of an AE (what a verification mark names, {@code ContentHash}) stays what it was for every AE verified before.
     */
    @Override
    public String toString() {
        return "LabMeasurement[value=" + value + ", unit=" + unit + ", lln=" + lln + ", uln=" + uln + ", baseline=" + baseline
                + ", facts=" + facts + (diastolic == null ? "" : ", diastolic=" + diastolic) + "]";
    }

    /** The facts as stored: "symptomatic=yes;physiologic_consequences=no", in the facts' order; null when none is stated. */
    public String factsText() {
        if (facts.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (ClinicalFact f : ClinicalFact.values()) {
            if (facts.containsKey(f)) {
                sb.append(sb.length() == 0 ? "" : ";").append(f.column()).append('=').append(facts.get(f) ? "yes" : "no");
            }
        }
        return sb.toString();
    }

    /** {@link #factsText()} read back. */
    public static java.util.Map<ClinicalFact, Boolean> parseFacts(String text) {
        java.util.Map<ClinicalFact, Boolean> facts = new java.util.EnumMap<>(ClinicalFact.class);
        if (text == null || text.isBlank()) {
            return facts;
        }
        for (String part : text.split(";")) {
            String[] kv = part.split("=", 2);
            facts.put(ClinicalFact.valueOf(kv[0].strip().toUpperCase(java.util.Locale.ROOT)), "yes".equals(kv[1].strip()));
        }
        return facts;
    }

    /** Reads a typed number: digits with at most one decimal point, nothing else (no sign, comma or "<"). */
    public static BigDecimal number(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        String s = typed.strip();
        // E notation as R and SAS write large and small numbers (1e+05, 2.5E-3); exact either way
        if (!s.matches("(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?")) {
            throw new NumberFormatException("\"" + s + "\" is not a number (digits with a decimal point, e.g. 0.8, or E notation, e.g."
                    + " 1e+05; no sign, comma or unit)");
        }
        return new BigDecimal(s);
    }
}
