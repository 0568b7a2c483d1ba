package org.aecapture.domain;

import java.time.LocalDate;

/**
 * Whether an AE is treatment-emergent: onset on or after Day 1 and on or before the end of the AE
 * window. A partial onset is imputed for this decision only (the stored value stays partial), in the
 * direction that does not lose a possibly treatment-emergent event.
 */
public final class TreatmentEmergence {

    private TreatmentEmergence() {
    }

    /**
     * @param onset null when wholly unknown
     * @param end null when unknown or ongoing
     * @param day1 the first dose date; null for an undosed subject (never treatment-emergent)
     * @param windowEnd the End of Study date if recorded, else the nominal End of Study day's date
     */
    public static boolean isTreatmentEmergent(PartialDate onset, PartialDate end, LocalDate day1, LocalDate windowEnd) {
        if (day1 == null) {
            return false;
        }
        if (end != null && end.isComplete() && end.earliest().isBefore(day1)) {
            return false;
        }
        if (onset == null) {
            return true; // a wholly unknown onset cannot be shown to precede treatment
        }
        LocalDate imputed = imputedOnset(onset, day1);
        return !imputed.isBefore(day1) && !imputed.isAfter(windowEnd);
    }

    /**
     * A missing day becomes the 1st of the month, or Day 1 when the onset is in Day 1's month; a
     * missing month and day become 1 January, or Day 1 when the onset is in Day 1's year.
     */
    public static LocalDate imputedOnset(PartialDate onset, LocalDate day1) {
        if (onset.isComplete()) {
            return onset.earliest();
        }
        boolean sameYear = onset.year() == day1.getYear();
        if (onset.month().isEmpty()) {
            return sameYear ? day1 : onset.earliest();
        }
        boolean sameMonth = sameYear && onset.month().get() == day1.getMonthValue();
        return sameMonth ? day1 : onset.earliest();
    }
}
