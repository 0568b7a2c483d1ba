package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.ValidationException;
import org.aecapture.store.StoreTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Today" for an AE's dates is the site's, as the AE form reads it, not the date where the application runs. */
class SiteTodayTest {

    @TempDir
    Path dir;

    @Test
    void anOnsetOfTomorrowAtTheSiteIsRefusedThoughItIsAlreadyThatDayInUtc() {
        // 02:00 UTC on 6 August 2021 is 22:00 on 5 August in New York, site 101's zone
        Clock clock = Clock.fixed(Instant.parse("2021-08-06T02:00:00Z"), ZoneOffset.UTC);
        try (AeCapture app = AeCapture.openOrInit(dir.resolve("today.db"), () -> "coord", clock)) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            var onTheSixth = StoreTestSupport.headache("101-001").toBuilder().onsetDate(PartialDate.parseIso("2021-08-06")).endDate(null)
                    .ongoing(true).outcome(org.aecapture.domain.Outcome.NOT_RECOVERED).build();
            ValidationException e = assertThrows(ValidationException.class, () -> app.adverseEvents().record(onTheSixth));
            assertTrue(e.getMessage().contains("onset"), e.getMessage());
            var onTheFifth = onTheSixth.toBuilder().onsetDate(PartialDate.parseIso("2021-08-05")).build();
            assertEquals("2021-08-05", app.adverseEvents().record(onTheFifth).onsetDate().toIso());
        }
    }
}
