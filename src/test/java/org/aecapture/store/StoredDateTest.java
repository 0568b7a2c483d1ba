package org.aecapture.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

/** A stored date reads as LocalDate.parse reads it, and what that refuses is still refused. */
class StoredDateTest {

    @Test
    void aStoredDateReadsAsLocalDateParseReadsIt() {
        for (String iso : new String[] {"2021-07-01", "1999-12-31", "2024-02-29", "0001-01-01", "9999-12-31"}) {
            assertEquals(LocalDate.parse(iso), VersionedRepository.date(iso), iso);
        }
        assertNull(VersionedRepository.date(null));
    }

    @Test
    void whatLocalDateParseRefusesIsRefusedWithItsMessage() {
        for (String bad : new String[] {"2021-02-30", "2023-02-29", "2021-13-01", "2021-+1-01", "2021-1-01", "2021/07/01", "20210701", "", "2021      ", "2021-07   ", " 2021-07-1"}) {
            assertThrows(DateTimeParseException.class, () -> VersionedRepository.date(bad), bad);
        }
    }
}
