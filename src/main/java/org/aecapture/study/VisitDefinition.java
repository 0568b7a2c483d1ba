package org.aecapture.study;

import java.time.LocalDate;
import org.aecapture.domain.StudyDay;

/**
 * A visit of the schedule. Scheduled visits have either a target study day with a symmetric window
 * ({@code targetDay}, {@code windowDays}) or a range of study days ({@code fromDay}, {@code toDay}).
 * Unscheduled and Early Termination visits have neither: they happen on any date.
 */
public record VisitDefinition(String code, String name, Kind kind, Integer targetDay, Integer windowDays,
                              Integer fromDay, Integer toDay) {

    public enum Kind { SCHEDULED, END_OF_STUDY, UNSCHEDULED, EARLY_TERMINATION }

    public VisitDefinition {
        boolean scheduled = kind == Kind.SCHEDULED || kind == Kind.END_OF_STUDY;
        boolean byTarget = targetDay != null && windowDays != null;
        boolean byRange = fromDay != null && toDay != null;
        if (scheduled && byTarget == byRange) {
            throw new IllegalArgumentException("visit " + code + ": give either targetDay and windowDays, or fromDay and toDay");
        }
        if (!scheduled && (byTarget || byRange)) {
            throw new IllegalArgumentException("visit " + code + ": an " + kind + " visit has no target day");
        }
        if (targetDay != null && targetDay == 0 || fromDay != null && fromDay == 0 || toDay != null && toDay == 0) {
            throw new IllegalArgumentException("visit " + code + ": there is no study Day 0");
        }
    }

    public record DateWindow(LocalDate from, LocalDate target, LocalDate to) {
        public boolean contains(LocalDate date) {
            return !date.isBefore(from) && !date.isAfter(to);
        }
    }

    public boolean isScheduled() {
        return kind == Kind.SCHEDULED || kind == Kind.END_OF_STUDY;
    }

    public int earliestDay() {
        requireScheduled();
        return fromDay != null ? fromDay : StudyDay.plus(targetDay, -windowDays);
    }

    public int latestDay() {
        requireScheduled();
        return toDay != null ? toDay : StudyDay.plus(targetDay, windowDays);
    }

    /** The nominal day: the target day, or the last day of a range (Screening ends on Day -1). */
    public int nominalDay() {
        requireScheduled();
        return targetDay != null ? targetDay : toDay;
    }

    public DateWindow window(LocalDate day1) {
        return new DateWindow(StudyDay.dateOf(earliestDay(), day1), StudyDay.dateOf(nominalDay(), day1),
                StudyDay.dateOf(latestDay(), day1));
    }

    private void requireScheduled() {
        if (!isScheduled()) {
            throw new IllegalStateException("visit " + code + " is not scheduled");
        }
    }
}
