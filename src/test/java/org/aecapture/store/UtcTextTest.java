package org.aecapture.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The store's instants as text read and written exactly as the JDK's {@link Instant#parse} and {@link Instant#toString()}. */
class UtcTextTest {

    @Test
    void writesAndReadsEveryInstantAsTheJdkDoes() {
        Random random = new Random(31);
        for (int i = 0; i < 200_000; i++) {
            // from 1900 to 2200, with every fraction shape: none, milli, micro, nano
            long seconds = -2_208_988_800L + (long) (random.nextDouble() * 9_467_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant at = Instant.ofEpochSecond(seconds, nanos);
            String text = at.toString();
            assertEquals(text, UtcText.format(at));
            assertEquals(at, UtcText.parse(text), text);
        }
    }

    @Test
    void readsWhatTheJdkReadsAndRefusesWhatItRefuses() {
        for (String text : List.of("2026-12-04T21:37:29Z", "2026-12-04T21:37:29.5Z", "2026-12-04T21:37:29.12Z", "2024-02-29T00:00:00.000000001Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "2026-12-04T21:37:29+01:00", "2016-12-31T23:59:60Z", "2026-12-04T21:37:29.Z")) {
            assertEquals(Instant.parse(text), UtcText.parse(text), text);
        }
        for (String text : List.of("2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-04T25:00:00Z",
                "2026-12-04T21:37:29.1234567890Z", "2026-12-04T21:37Z", "2026-12-04 21:37:29Z", "2026-1a-04T21:37:29Z", "")) {
            assertThrows(DateTimeParseException.class, () -> Instant.parse(text), text);
            assertThrows(DateTimeParseException.class, () -> UtcText.parse(text), text);
        }
    }

    @Test
    void writesYearsBeyondFourDigitsAsTheJdkDoes() {
        for (Instant at : List.of(Instant.MIN, Instant.MAX, Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"))) {
            assertEquals(at.toString(), UtcText.format(at));
        }
    }
}
