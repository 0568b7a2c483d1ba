package org.aecapture.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class StudyDayTest {

    private final LocalDate day1 = LocalDate.of(2021, 12, 30);

    @Test
    void dayOneIsTheFirstDoseAndThereIsNoDayZero() {
        assertEquals(1, StudyDay.of(day1, day1));
        assertEquals(2, StudyDay.of(day1.plusDays(1), day1));
        assertEquals(-1, StudyDay.of(day1.minusDays(1), day1));
        assertEquals(-28, StudyDay.of(day1.minusDays(28), day1));
    }

    @Test
    void crossesYearEnds() {
        assertEquals(3, StudyDay.of(LocalDate.of(2022, 1, 1), day1));
        assertEquals(197, StudyDay.of(LocalDate.of(2022, 7, 14), day1));
    }

    @Test
    void dateOfIsTheInverseOfOf() {
        for (int d : new int[] {-30, -2, -1, 1, 2, 29, 197}) {
            assertEquals(d, StudyDay.of(StudyDay.dateOf(d, day1), day1));
        }
        assertThrows(IllegalArgumentException.class, () -> StudyDay.dateOf(0, day1));
    }

    @Test
    void arithmeticSkipsDayZero() {
        assertEquals(1, StudyDay.plus(-1, 1));
        assertEquals(-1, StudyDay.plus(1, -1));
        assertEquals(-2, StudyDay.plus(1, -2));
        assertEquals(4, StudyDay.plus(1, 3));
        assertEquals(12, StudyDay.plus(15, -3));
    }

    @Test
    void leapDayCounts() {
        LocalDate d1 = LocalDate.of(2024, 2, 28);
        assertEquals(3, StudyDay.of(LocalDate.of(2024, 3, 1), d1));
    }
}
