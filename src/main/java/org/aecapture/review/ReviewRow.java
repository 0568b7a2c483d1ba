package org.aecapture.review;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.StudyDay;

/**
 * One AE as the safety reviewer sees it: the AE with its subject's site and Day 1, and whether it is
 * treatment-emergent. Never the treatment arm.
 */
public record ReviewRow(AdverseEvent ae, String site, LocalDate day1, boolean treatmentEmergent) {

    public Optional<Integer> onsetStudyDay() {
        return studyDay(ae.onsetDate() == null ? Optional.empty() : ae.onsetDate().toLocalDate());
    }

    public Optional<Integer> endStudyDay() {
        return studyDay(ae.endDate() == null ? Optional.empty() : ae.endDate().toLocalDate());
    }

    /** Days from onset to end, both counted, where both dates are complete. */
    public Optional<Long> durationDays() {
        if (ae.onsetDate() == null || ae.endDate() == null) {
            return Optional.empty();
        }
        Optional<LocalDate> onset = ae.onsetDate().toLocalDate();
        Optional<LocalDate> end = ae.endDate().toLocalDate();
        return onset.isPresent() && end.isPresent() ? Optional.of(ChronoUnit.DAYS.between(onset.get(), end.get()) + 1) : Optional.empty();
    }

    private Optional<Integer> studyDay(Optional<LocalDate> date) {
        return date.isPresent() && day1 != null ? Optional.of(StudyDay.of(date.get(), day1)) : Optional.empty();
    }
}
