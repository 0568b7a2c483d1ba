package org.aecapture.lab;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The units a laboratory value may be typed in, per analyte ({@code ctcae-terms/lab-units.csv}), and their
 * conversions. A factor is kept as a fraction so that converting is one multiplication and one division: 85.5 umol/L
 * of bilirubin is exactly 5 mg/dL, not 4.9999…, and a value on a CTCAE boundary stays on it.
 */
public final class LabUnits {

    /** One unit of an analyte; {@code numerator/denominator} of the base unit, or no factor when it does not convert. */
    public record Unit(String analyte, String name, BigDecimal numerator, BigDecimal denominator) {
        boolean converts() {
            return numerator != null;
        }
    }

    private final Map<String, List<Unit>> byAnalyte;
    /** Each typed spelling of a unit, per analyte, as resolved. */
    private final java.util.concurrent.ConcurrentHashMap<String, Optional<String>> resolved = new java.util.concurrent.ConcurrentHashMap<>();

    private LabUnits(Map<String, List<Unit>> byAnalyte) {
        this.byAnalyte = byAnalyte;
    }

    static LabUnits load(Reader csv) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build();
        Map<String, List<Unit>> units = new LinkedHashMap<>();
        for (CSVRecord r : format.parse(csv)) {
            String factor = r.get("factor").strip();
            BigDecimal num = null;
            BigDecimal den = null;
            if (!factor.isEmpty()) {
                int slash = factor.indexOf('/');
                num = new BigDecimal(slash < 0 ? factor : factor.substring(0, slash));
                den = slash < 0 ? BigDecimal.ONE : new BigDecimal(factor.substring(slash + 1));
            }
            Unit u = new Unit(r.get("analyte"), r.get("unit"), num, den);
            List<Unit> list = units.computeIfAbsent(u.analyte(), a -> new ArrayList<>());
            if (list.stream().anyMatch(o -> key(o.name()).equals(key(u.name())))) {
                throw new IllegalStateException("lab-units.csv line " + r.getRecordNumber() + ": " + u.name() + " twice for " + u.analyte());
            }
            list.add(u);
        }
        units.replaceAll((a, l) -> List.copyOf(l));
        return new LabUnits(Map.copyOf(units));
    }

    /** The analyte's units in the order the form offers them; empty for an unknown analyte. */
    public List<String> unitsOf(String analyte) {
        return byAnalyte.getOrDefault(analyte, List.of()).stream().map(Unit::name).toList();
    }

    boolean knows(String analyte) {
        return byAnalyte.containsKey(analyte);
    }

    /**
     * The analyte's unit that a typed unit means, however it was written: "x10e9/L", "10⁹/L", "G/L" and "10^9/L" are
     * one unit, as are "µmol/L" and "umol/L", "cells/mm³" and "/mm3".
     */
    public Optional<String> resolve(String analyte, String typed) {
        if (typed == null || typed.isBlank()) {
            return Optional.empty();
        }
        // a batch repeats a handful of units: each spelling is read once
        return resolved.computeIfAbsent(analyte + '\u0000' + typed, k -> resolveOnce(analyte, typed));
    }

    private Optional<String> resolveOnce(String analyte, String typed) {
        String k = key(typed);
        List<Unit> units = byAnalyte.getOrDefault(analyte, List.of());
        Optional<String> found = units.stream().filter(u -> key(u.name()).equals(k)).map(Unit::name).findFirst();
        if (found.isEmpty() && typed.strip().equals("G/L")) { // giga per litre, as some laboratories print counts
            found = units.stream().filter(u -> key(u.name()).equals("10^9/l")).map(Unit::name).findFirst();
        }
        if (found.isEmpty()) {
            found = throughUcum(analyte, typed.strip(), units);
        }
        return found;
    }

    /** Units not on the analyte's list that UCUM relates exactly to one that is (10^3/mL, 1/uL, {cells}/uL, mmol/L of urate). */
    private final Map<String, Unit> derived = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A typed unit that is not one of the analyte's listed spellings, read as UCUM: it is the analyte's if UCUM finds it of the
     * same dimension as a listed unit and their ratio a power of ten (a prefix, or litres for microlitres), so that the
     * conversion stays exact; amounts of substance (mol) and counts stay apart, though UCUM counts a mole as a number.
     * Mass and amount of substance meet only through the listed units' own factors (the conventional molar factors).
     */
    private Optional<String> throughUcum(String analyte, String typed, List<Unit> units) {
        String ucum = toUcum(typed);
        if (Ucum.service() == null || Ucum.service().validate(ucum) != null) {
            return Optional.empty();
        }
        boolean molar = amountOfSubstance(ucum);
        for (Unit listed : units) {
            if (!listed.converts()) {
                continue;
            }
            String theirs = toUcum(listed.name());
            if (Ucum.service().validate(theirs) != null || amountOfSubstance(theirs) != molar) {
                continue;
            }
            try {
                if (!Ucum.service().isComparable(ucum, theirs)) {
                    continue;
                }
                BigDecimal ratio = new BigDecimal(Ucum.service().convert(new org.fhir.ucum.Decimal(1), ucum, theirs).asDecimal()).stripTrailingZeros();
                if (ratio.unscaledValue().compareTo(java.math.BigInteger.ONE) != 0) {
                    continue; // not a power of ten: not exact enough for a boundary
                }
                Unit unit = new Unit(analyte, typed, listed.numerator().multiply(ratio), listed.denominator());
                derived.put(analyte + '\u0000' + typed, unit);
                return Optional.of(typed);
            } catch (org.fhir.ucum.UcumException | NumberFormatException e) {
                // not a unit UCUM can relate to this one: try the next
            }
        }
        return Optional.empty();
    }

    /** Moles or equivalents, which UCUM counts as numbers: kept apart from counts of cells. */
    private static boolean amountOfSubstance(String ucum) {
        return ucum.contains("mol") || ucum.contains("eq");
    }

    /**
     * The spellings laboratories print for one unit, written the one way: no spaces, µ (micro sign or Greek mu) as u, powers of ten as 10^N (10³, 10⁹, 10(9), 10E+09,
     * 10**9), thousands as 10^3 (K/uL, thou/uL), giga as 10^9 (Gpt/L, Giga/L, Mrd/L), mc for micro (mcL, mcmol/L, mcg),
     * words for prefixes (micromol/L, millimol/L), litre and liter as L, gm as g, cumm, mm^3 and mm³ as mm3, m^2, m² and sqm as m2, IU/L as U/L (the
     * international unit of an enzyme's activity is the clinical U), mg% and g% as per decilitre, C, degC, Cel and oC as
     * degrees Celsius (F, degF as Fahrenheit), and msec as ms.
     */
    static String clinical(String typed) {
        String u = typed.strip().replaceAll("\\s+", "").replace('\u00b5', 'u').replace('\u03bc', 'u');
        u = u.replace("10\u00b3", "10^3").replace("10\u2076", "10^6").replace("10\u2079", "10^9");
        u = u.replaceAll("10(?:\\((\\d+)\\)|[eE]\\+?0*(\\d+)|\\*\\*(\\d+))", "10^$1$2$3");
        u = u.replaceFirst("^(?i)(?:k|thou|thous)/", "10^3/").replaceFirst("^(?i)(?:gpt|giga|mrd)/", "10^9/");
        u = u.replaceAll("(?i)mc(?=l\\b|l$|mol|g)", "u").replaceAll("(?i)micromole?s?", "umol").replaceAll("(?i)millimole?s?", "mmol");
        u = u.replaceAll("(?i)/lit(?:re|er)s?$", "/L").replaceAll("(?i)^gm(?=/|%)", "g").replaceAll("(?i)/cu\\.?mm$|/cmm$", "/mm3");
        u = u.replaceAll("(?i)(?<=m)\\^([23])", "$1").replace("m\u00b2", "m2").replace("m\u00b3", "m3");
        u = u.replaceAll("(?i)1\\.73(?:sqm|sq\\.m)$", "1.73m2");
        u = u.replaceFirst("^(?i)iu/l$", "U/L");
        u = u.replaceFirst("^(?i)(m?g)%$", "$1/dL");
        // a temperature as thermometers and reports print it (C, degC, Cel, oC, Celsius; F, degF, [degF]), a QTc in msec
        u = u.replaceFirst("^(?i)(?:[\u00b0\u00ba\u02dao]|deg\\.?|degrees?)?(?:c|cel|celsius|centigrade)$", "\u00b0C");
        u = u.replaceFirst("^(?i)(?:\\[degf]|(?:[\u00b0\u00ba\u02dao]|deg\\.?|degrees?)?(?:f|fahrenheit))$", "\u00b0F");
        u = u.replaceFirst("^(?i)(?:msecs?|milliseconds?)$", "ms");
        return u;
    }

    /** A laboratory's spelling in UCUM: µ as u, powers of ten as 10*N, counts without their annotation. */
    static String toUcum(String typed) {
        String u = clinical(typed);
        u = u.replaceFirst("^[xX\u00d7*]?10[\\^*](\\d+)", "10*$1");
        u = u.replaceFirst("^(?i)cells/", "/").replaceFirst("^1/", "/").replace("{cells}", "");
        return u.equals("G/L") ? "10*9/L" : u;
    }

    /** Whether a value in {@code from} can be expressed in {@code to}. */
    boolean converts(String analyte, String from, String to) {
        return from.equals(to) || (unit(analyte, from).map(Unit::converts).orElse(false) && unit(analyte, to).map(Unit::converts).orElse(false));
    }

    /** {@code value} in {@code from} expressed in {@code to} (both units of the analyte, and {@link #converts}). */
    BigDecimal convert(String analyte, BigDecimal value, String from, String to) {
        if (value == null || from.equals(to)) {
            return value;
        }
        Unit f = unit(analyte, from).orElseThrow();
        Unit t = unit(analyte, to).orElseThrow();
        BigDecimal top = value.multiply(f.numerator()).multiply(t.denominator());
        BigDecimal bottom = f.denominator().multiply(t.numerator());
        return top.divide(bottom, MathContext.DECIMAL64).stripTrailingZeros();
    }

    private Optional<Unit> unit(String analyte, String name) {
        return byAnalyte.getOrDefault(analyte, List.of()).stream().filter(u -> u.name().equals(name)).findFirst()
                .or(() -> Optional.ofNullable(derived.get(analyte + '\u0000' + name)));
    }

    /** UCUM's own definitions (the library's essence file), read once when first needed; null when they cannot be read. */
    private static final class Ucum {
        private static final org.fhir.ucum.UcumEssenceService SERVICE = load();

        static org.fhir.ucum.UcumEssenceService service() {
            return SERVICE;
        }

        private static org.fhir.ucum.UcumEssenceService load() {
            try (java.io.InputStream in = org.fhir.ucum.UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
                return in == null ? null : new org.fhir.ucum.UcumEssenceService(in);
            } catch (IOException | org.fhir.ucum.UcumException e) {
                return null;
            }
        }
    }

    /** A unit as compared: case, spaces, the multiplication sign and the ways of writing powers of ten do not count. */
    static String key(String unit) {
        String k = clinical(unit).toLowerCase(Locale.ROOT).replace("(", "").replace(")", "");
        k = k.replaceFirst("^[x\u00d7*]", "");
        k = k.replace("10*9", "10^9").replace("10*3", "10^3");
        k = k.replace("cells/", "/").replace("hrs", "h").replace("hr", "h").replace("/24hours", "/24h");
        return k;
    }
}
