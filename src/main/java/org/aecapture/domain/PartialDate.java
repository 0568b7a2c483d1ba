package org.aecapture.domain;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date that may lack its day, or its month and day, as collected on a CRF: stored as an ISO 8601 /
 * SDTM partial date ({@code YYYY}, {@code YYYY-MM} or {@code YYYY-MM-DD}). A wholly unknown date is
 * not a PartialDate; callers hold it as an empty Optional.
 */
public final class PartialDate implements Comparable<PartialDate> {

    private static final Pattern CRF = Pattern.compile("(UNK|\\d{1,2})-(UNK|[A-Za-z]{3})-(\\d{4})");

    private final int year;
    private final Integer month; // null when unknown
    private final Integer day;   // null when unknown (always null when month is)
    /** The ISO text, made at first use: a long read shares its dates, and a listing writes them on many rows. */
    private String iso;

    private PartialDate(int year, Integer month, Integer day) {
        if (year < 1900 || year > 2999) {
            throw new DateTimeException("year " + year + " is out of range (1900 to 2999)");
        }
        if (month == null && day != null) {
            throw new DateTimeException("a date with a day must have a month");
        }
        if (month != null && (month < 1 || month > 12)) {
            throw new DateTimeException("month " + month + " does not exist");
        }
        if (day != null) {
            LocalDate.of(year, month, day); // throws for 31-APR or 29-FEB in a common year
        }
        this.year = year;
        this.month = month;
        this.day = day;
    }

    public static PartialDate of(LocalDate date) {
        return new PartialDate(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    public static PartialDate ofYear(int year) {
        return new PartialDate(year, null, null);
    }

    public static PartialDate ofYearMonth(int year, int month) {
        return new PartialDate(year, month, null);
    }

    /** Parses the stored ISO form: {@code YYYY}, {@code YYYY-MM} or {@code YYYY-MM-DD}. */
    public static PartialDate parseIso(String text) {
        String t = text == null ? "" : text.trim();
        int n = t.length();
        // by hand rather than by ISO regex: the store parses two of these for every AE it reads
        boolean shape = (n == 4 || n == 7 || n == 10) && digits(t, 0, 4)
                && (n < 7 || t.charAt(4) == '-' && digits(t, 5, 7))
                && (n < 10 || t.charAt(7) == '-' && digits(t, 8, 10));
        if (!shape) {
            throw new DateTimeException("'" + text + "' is not a date as YYYY-MM-DD, YYYY-MM or YYYY");
        }
        return new PartialDate(Integer.parseInt(t, 0, 4, 10),
                n >= 7 ? Integer.valueOf(Integer.parseInt(t, 5, 7, 10)) : null,
                n == 10 ? Integer.valueOf(Integer.parseInt(t, 8, 10, 10)) : null);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The stored ISO form, or empty for null/blank text (a wholly unknown date). */
    public static Optional<PartialDate> parseIsoOrEmpty(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(parseIso(text));
    }

    /**
     * What a user types on the form: CRF style {@code DD-MMM-YYYY} with {@code UNK} for an unknown
     * day or month ({@code UNK-JUL-2021}, {@code UNK-UNK-2021}), or the ISO forms.
     */
    public static PartialDate parseEntry(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = CRF.matcher(t);
        if (!m.matches()) {
            try {
                return parseIso(t);
            } catch (DateTimeException notIso) {
                throw new DateTimeException("'" + text + "' is not a date as DD-MMM-YYYY (UNK for an unknown day or month) or YYYY-MM-DD,"
                        + " YYYY-MM, YYYY");
            }
        }
        String d = m.group(1).toUpperCase(Locale.ROOT);
        String mon = m.group(2).toUpperCase(Locale.ROOT);
        int y = Integer.parseInt(m.group(3));
        if ("UNK".equals(mon)) {
            if (!"UNK".equals(d)) {
                throw new DateTimeException("'" + text + "': a day cannot be known when the month is not");
            }
            return ofYear(y);
        }
        Month month = monthOf(mon).orElseThrow(() -> new DateTimeException("'" + text + "': " + mon + " is not a month"));
        return "UNK".equals(d) ? ofYearMonth(y, month.getValue()) : new PartialDate(y, month.getValue(), Integer.parseInt(d));
    }

    private static Optional<Month> monthOf(String abbreviation) {
        for (Month month : Month.values()) {
            if (month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(abbreviation)) {
                return Optional.of(month);
            }
        }
        return Optional.empty();
    }

    public int year() {
        return year;
    }

    public Optional<Integer> month() {
        return Optional.ofNullable(month);
    }

    public Optional<Integer> day() {
        return Optional.ofNullable(day);
    }

    public boolean isComplete() {
        return day != null;
    }

    public Optional<LocalDate> toLocalDate() {
        return isComplete() ? Optional.of(LocalDate.of(year, month, day)) : Optional.empty();
    }

    /** The first calendar day this date can be. */
    public LocalDate earliest() {
        return LocalDate.of(year, month == null ? 1 : month, day == null ? 1 : day);
    }

    /** The last calendar day this date can be. */
    public LocalDate latest() {
        if (month == null) {
            return LocalDate.of(year, 12, 31);
        }
        return day == null ? YearMonth.of(year, month).atEndOfMonth() : LocalDate.of(year, month, day);
    }

    /**
     * Compares on the parts both dates have (year, then month if both know it, then day if both
     * know it): 2021-07 and 2021-07-15 compare equal.
     */
    public int compareOnCommonParts(PartialDate other) {
        int c = Integer.compare(year, other.year);
        if (c != 0 || month == null || other.month == null) {
            return c;
        }
        c = Integer.compare(month, other.month);
        if (c != 0 || day == null || other.day == null) {
            return c;
        }
        return Integer.compare(day, other.day);
    }

    public boolean isBefore(LocalDate date) {
        return compareOnCommonParts(of(date)) < 0;
    }

    public boolean isAfter(LocalDate date) {
        return compareOnCommonParts(of(date)) > 0;
    }

    /** ISO form: YYYY, YYYY-MM or YYYY-MM-DD. */
    public String toIso() {
        String made = iso;
        if (made == null) {
            StringBuilder sb = new StringBuilder(10).append(year); // years are 1900 to 2999: always four digits
            if (month != null) {
                sb.append(month < 10 ? "-0" : "-").append(month.intValue());
                if (day != null) {
                    sb.append(day < 10 ? "-0" : "-").append(day.intValue());
                }
            }
            made = sb.toString();
            iso = made; // a race only makes it twice, the same
        }
        return made;
    }

    /** CRF form: DD-MMM-YYYY with UNK for what is unknown. */
    public String toCrf() {
        String mon = month == null ? "UNK" : Month.of(month).getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT);
        String d = day == null ? "UNK" : String.format("%02d", day);
        return d + "-" + mon + "-" + year;
    }

    /** Orders by earliest possible day, then the less precise date first. */
    @Override
    public int compareTo(PartialDate o) {
        int c = earliest().compareTo(o.earliest());
        return c != 0 ? c : latest().compareTo(o.latest());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartialDate p && p.year == year && java.util.Objects.equals(p.month, month)
                && java.util.Objects.equals(p.day, day);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(year, month, day);
    }

    @Override
    public String toString() {
        return toIso();
    }
}
