package org.aecapture.domain;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** Study day arithmetic: Day 1 is the first dose date, the day before is Day -1; there is no Day 0. */
public final class StudyDay {

    private StudyDay() {
    }

    public static int of(LocalDate date, LocalDate day1) {
        long diff = ChronoUnit.DAYS.between(day1, date);
        return Math.toIntExact(diff >= 0 ? diff + 1 : diff);
    }

    public static LocalDate dateOf(int studyDay, LocalDate day1) {
        if (studyDay == 0) {
            throw new IllegalArgumentException("there is no study Day 0");
        }
        return day1.plusDays(studyDay > 0 ? studyDay - 1L : studyDay);
    }

    /** Adds days to a study day, skipping the non-existent Day 0 (Day -1 plus 1 is Day 1). */
    public static int plus(int studyDay, int days) {
        if (studyDay == 0) {
            throw new IllegalArgumentException("there is no study Day 0");
        }
        int raw = studyDay + days;
        if (studyDay < 0 && raw >= 0) {
            return raw + 1;
        }
        if (studyDay > 0 && raw <= 0) {
            return raw - 1;
        }
        return raw;
    }
}
