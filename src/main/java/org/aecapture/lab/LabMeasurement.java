package org.aecapture.lab;

import java.math.BigDecimal;

/**
 * A laboratory value as the investigator reads it off the report: the value, its unit, the laboratory's normal range
 * and the subject's baseline value (each of the last three null when not known), all in the value's unit.
 */
public record LabMeasurement(BigDecimal value, String unit, BigDecimal lln, BigDecimal uln, BigDecimal baseline) {

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
