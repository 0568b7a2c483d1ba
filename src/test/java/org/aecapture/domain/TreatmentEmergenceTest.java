package org.aecapture.domain;

import static org.aecapture.domain.TreatmentEmergence.isTreatmentEmergent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TreatmentEmergenceTest {

    private final LocalDate day1 = LocalDate.of(2021, 7, 15);
    private final LocalDate windowEnd = StudyDay.dateOf(197, day1);

    private static PartialDate d(String iso) {
        return PartialDate.parseIso(iso);
    }

    @Test
    void onsetOnDayOneIsTreatmentEmergentAndDayMinusOneIsNot() {
        assertTrue(isTreatmentEmergent(d("2021-07-15"), null, day1, windowEnd));
        assertFalse(isTreatmentEmergent(d("2021-07-14"), null, day1, windowEnd));
    }

    @Test
    void windowEndIsInclusive() {
        assertTrue(isTreatmentEmergent(PartialDate.of(windowEnd), null, day1, windowEnd));
        assertFalse(isTreatmentEmergent(PartialDate.of(windowEnd.plusDays(1)), null, day1, windowEnd));
    }

    @Test
    void partialOnsetInTheFirstDoseMonthIsImputedToDayOne() {
        assertEquals(day1, TreatmentEmergence.imputedOnset(d("2021-07"), day1));
        assertTrue(isTreatmentEmergent(d("2021-07"), null, day1, windowEnd));
    }

    @Test
    void partialOnsetInAnEarlierMonthIsNotTreatmentEmergent() {
        assertEquals(LocalDate.of(2021, 6, 1), TreatmentEmergence.imputedOnset(d("2021-06"), day1));
        assertFalse(isTreatmentEmergent(d("2021-06"), null, day1, windowEnd));
    }

    @Test
    void partialOnsetInALaterMonthIsImputedToItsFirst() {
        assertEquals(LocalDate.of(2021, 8, 1), TreatmentEmergence.imputedOnset(d("2021-08"), day1));
        assertTrue(isTreatmentEmergent(d("2021-08"), null, day1, windowEnd));
    }

    @Test
    void yearOnlyOnsetInTheFirstDoseYearIsImputedToDayOne() {
        assertEquals(day1, TreatmentEmergence.imputedOnset(d("2021"), day1));
        assertTrue(isTreatmentEmergent(d("2021"), null, day1, windowEnd));
        assertFalse(isTreatmentEmergent(d("2020"), null, day1, windowEnd));
        assertEquals(LocalDate.of(2022, 1, 1), TreatmentEmergence.imputedOnset(d("2022"), day1));
        assertTrue(isTreatmentEmergent(d("2022"), null, day1, windowEnd));
    }

    @Test
    void unknownOnsetCountsUnlessItEndedBeforeDayOne() {
        assertTrue(isTreatmentEmergent(null, null, day1, windowEnd));
        assertFalse(isTreatmentEmergent(null, d("2021-07-14"), day1, windowEnd));
        assertTrue(isTreatmentEmergent(null, d("2021-07-15"), day1, windowEnd));
    }

    @Test
    void completeEndBeforeDayOneIsNeverTreatmentEmergent() {
        assertFalse(isTreatmentEmergent(d("2021-07"), d("2021-07-10"), day1, windowEnd));
        // a partial end date cannot prove the AE ended before Day 1
        assertTrue(isTreatmentEmergent(d("2021-07"), d("2021-07"), day1, windowEnd));
    }

    @Test
    void undosedSubjectsHaveNoTreatmentEmergentAes() {
        assertFalse(isTreatmentEmergent(d("2021-07-20"), null, null, windowEnd));
    }

    @Test
    void earlyEndOfStudyShortensTheWindow() {
        LocalDate eos = LocalDate.of(2021, 9, 1);
        assertTrue(isTreatmentEmergent(d("2021-09-01"), null, day1, eos));
        assertFalse(isTreatmentEmergent(d("2021-09-02"), null, day1, eos));
        assertTrue(isTreatmentEmergent(d("2021-09"), null, day1, eos), "September imputes to the 1st, within the window");
    }
}
