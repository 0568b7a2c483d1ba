package org.aecapture.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DateTimeException;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PartialDateTest {

    @ParameterizedTest
    @CsvSource({
        "05-JUL-2021, 2021-07-05",
        "5-jul-2021, 2021-07-05",
        "UNK-JUL-2021, 2021-07",
        "UNK-UNK-2021, 2021",
        "2021-07-05, 2021-07-05",
        "2021-07, 2021-07",
        "2021, 2021",
        "29-FEB-2024, 2024-02-29",
    })
    void parsesCrfAndIsoEntriesToIso(String typed, String iso) {
        assertEquals(iso, PartialDate.parseEntry(typed).toIso());
    }

    @ParameterizedTest
    @ValueSource(strings = {"31-APR-2021", "29-FEB-2023", "05-UNK-2021", "05-XYZ-2021", "2021-13", "2021-7-5", "yesterday", "", "0999"})
    void rejectsImpossibleOrMalformedDates(String typed) {
        assertThrows(DateTimeException.class, () -> PartialDate.parseEntry(typed));
    }

    @Test
    void writesTheCrfForm() {
        assertEquals("05-JUL-2021", PartialDate.parseIso("2021-07-05").toCrf());
        assertEquals("UNK-JUL-2021", PartialDate.parseIso("2021-07").toCrf());
        assertEquals("UNK-UNK-2021", PartialDate.parseIso("2021").toCrf());
    }

    @Test
    void earliestAndLatestSpanTheUnknownParts() {
        PartialDate feb = PartialDate.parseIso("2024-02");
        assertEquals(LocalDate.of(2024, 2, 1), feb.earliest());
        assertEquals(LocalDate.of(2024, 2, 29), feb.latest());
        assertEquals(LocalDate.of(2021, 12, 31), PartialDate.ofYear(2021).latest());
    }

    @Test
    void comparesOnTheCommonParts() {
        PartialDate july = PartialDate.parseIso("2021-07");
        assertEquals(0, july.compareOnCommonParts(PartialDate.parseIso("2021-07-15")));
        assertTrue(july.compareOnCommonParts(PartialDate.parseIso("2021-08-01")) < 0);
        assertEquals(0, PartialDate.ofYear(2021).compareOnCommonParts(PartialDate.parseIso("2021-12-31")));
        assertFalse(july.isBefore(LocalDate.of(2021, 7, 31)));
        assertTrue(july.isBefore(LocalDate.of(2021, 8, 1)));
    }

    @Test
    void emptyTextIsAWhollyUnknownDate() {
        assertTrue(PartialDate.parseIsoOrEmpty(" ").isEmpty());
        assertEquals("2021", PartialDate.parseIsoOrEmpty("2021").orElseThrow().toIso());
    }
}
