package org.aecapture.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.aecapture.study.StudyDefinition.PlannedVisit;
import org.junit.jupiter.api.Test;

/** The bundled study's visit schedule laid out from Day 1: week N is Day 7N+1, and there is no Day 0. */
class VisitScheduleTest {

    private final StudyDefinition study = StudyDefinitions.bundled();

    private Map<String, PlannedVisit> plan(LocalDate day1) {
        return study.schedule(day1).stream().collect(Collectors.toMap(p -> p.visit().code(), Function.identity()));
    }

    @Test
    void week4IsDay29AndWindowsAreAroundTheTarget() {
        Map<String, PlannedVisit> plan = plan(LocalDate.of(2022, 3, 1));
        assertEquals(LocalDate.of(2022, 3, 1), plan.get("D1").window().target());
        assertEquals(LocalDate.of(2022, 3, 29), plan.get("W4").window().target(), "Day 29 is 28 days after Day 1");
        assertEquals(LocalDate.of(2022, 3, 26), plan.get("W4").window().from());
        assertEquals(LocalDate.of(2022, 4, 1), plan.get("W4").window().to());
        assertEquals(LocalDate.of(2022, 9, 13), plan.get("W28").window().target(), "Day 197");
        assertEquals(LocalDate.of(2022, 9, 6), plan.get("W28").window().from(), "+/- 7 days from Week 12 on");
    }

    @Test
    void screeningEndsTheDayBeforeDay1() {
        Map<String, PlannedVisit> plan = plan(LocalDate.of(2022, 3, 1));
        assertEquals(LocalDate.of(2022, 2, 28), plan.get("SCR").window().to(), "Day -1: no Day 0");
        assertEquals(LocalDate.of(2022, 2, 1), plan.get("SCR").window().from(), "Day -28");
    }

    @Test
    void acrossAYearEnd() {
        Map<String, PlannedVisit> plan = plan(LocalDate.of(2021, 12, 20));
        assertEquals(LocalDate.of(2022, 1, 3), plan.get("W2").window().target());
        assertEquals(LocalDate.of(2021, 12, 31), plan.get("W2").window().from());
        assertEquals(LocalDate.of(2021, 11, 22), plan.get("SCR").window().from());
    }

    @Test
    void acrossAMonthEndIntoALeapDay() {
        Map<String, PlannedVisit> plan = plan(LocalDate.of(2024, 2, 1));
        assertEquals(LocalDate.of(2024, 2, 29), plan.get("W4").window().target(), "Week 4 falls on the leap day");
        assertEquals(LocalDate.of(2024, 3, 3), plan.get("W4").window().to());
        Map<String, PlannedVisit> common = plan(LocalDate.of(2023, 2, 1));
        assertEquals(LocalDate.of(2023, 3, 1), common.get("W4").window().target(), "no leap day in 2023");
    }

    @Test
    void day1OnALeapDay() {
        Map<String, PlannedVisit> plan = plan(LocalDate.of(2024, 2, 29));
        assertEquals(LocalDate.of(2024, 3, 14), plan.get("W2").window().target());
        assertEquals(LocalDate.of(2024, 9, 12), plan.get("W28").window().target());
        assertEquals(LocalDate.of(2024, 2, 28), plan.get("SCR").window().to());
    }

    @Test
    void theScheduleIsInStudyOrderWithoutUnscheduledVisits() {
        List<String> codes = study.schedule(LocalDate.of(2022, 3, 1)).stream().map(p -> p.visit().code()).toList();
        assertEquals(List.of("SCR", "D1", "W2", "W4", "W8", "W12", "W16", "W20", "W24", "W28"), codes);
    }
}
