package org.aecapture.store;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The store's instants as text, exactly as {@link Instant#toString()} writes them and {@link Instant#parse} reads them
 * ({@code 2026-12-04T21:37:29.673839Z}), by hand for the common shape. Why: every save reads and writes several of them,
 * and in a JVM whose code has not been compiled yet the JDK's general {@code DateTimeFormatter} took an eighth of a save's
 * time and gave the compiler threads much of their work, on two cores taken from the saving thread (the save's p95).
 * Anything outside that shape (a year beyond 9999, an offset) goes to the JDK as before. The store writes and reads every
 * instant it keeps as text through here.
 */
final class UtcText {

    /** The first seconds of the years 0 and 10,000: the JDK writes the years outside them with a sign. */
    private static final long YEAR_0 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private UtcText() {
    }

    /** As {@link Instant#parse}: {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}; any other form is read by the JDK. */
    static Instant parse(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z' || (n > 20 && (text.charAt(19) != '.' || n == 21))) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (n > 20) {
            int fraction = digits(text, 20, n - 1);
            if (fraction < 0) {
                return Instant.parse(text);
            }
            nanos = fraction * POWERS_OF_TEN[30 - n]; // n - 21 digits of the nine
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))) {
            return Instant.parse(text); // its own error, or its own reading (a leap second's 60)
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** As {@link Instant#toString()}: the fraction in groups of three digits, none when it is zero. */
    static String format(Instant at) {
        long seconds = at.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            return at.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        StringBuilder s = new StringBuilder(30);
        pad(s, date.getYear(), 4).append('-');
        pad(s, date.getMonthValue(), 2).append('-');
        pad(s, date.getDayOfMonth(), 2).append('T');
        pad(s, secondOfDay / 3_600, 2).append(':');
        pad(s, secondOfDay / 60 % 60, 2).append(':');
        pad(s, secondOfDay % 60, 2);
        int nanos = at.getNano();
        if (nanos != 0) {
            s.append('.');
            if (nanos % 1_000_000 == 0) {
                pad(s, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                pad(s, nanos / 1_000, 6);
            } else {
                pad(s, nanos, 9);
            }
        }
        return s.append('Z').toString();
    }

    /** The number written by the ASCII digits in [from, to); -1 when any is not one. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** {@code value} (0 to 10^width - 1) in exactly {@code width} digits. */
    private static StringBuilder pad(StringBuilder s, int value, int width) {
        for (int unit = POWERS_OF_TEN[width - 1]; unit > 0; unit /= 10) {
            s.append((char) ('0' + value / unit % 10));
        }
        return s;
    }
}
