package org.aecapture.sae;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.domain.Violation;

/** The rules an SAE's details must satisfy before they are stored or reported; each broken rule names its field. */
public final class SaeRules {

    public static final String AWARE_AT = "aware_at";
    public static final String ADMISSION_DATE = "admission_date";
    public static final String DISCHARGE_DATE = "discharge_date";
    public static final String DEATH_DATE = "death_date";
    public static final String DEATH_CAUSE = "death_cause";
    public static final String NARRATIVE = "narrative";
    public static final int MAX_TEXT = 4000;

    private SaeRules() {
    }

    public static List<Violation> validate(AdverseEvent ae, SaeDetails d, Instant now) {
        List<Violation> v = new ArrayList<>();
        if (d.awareAt() == null) {
            v.add(Violation.of(AWARE_AT, "sae.awareRequired"));
        } else {
            if (d.awareAt().toInstant().isAfter(now)) {
                v.add(Violation.of(AWARE_AT, "sae.awareFuture", d.awareAt()));
            }
            if (ae.onsetDate() != null && ae.onsetDate().isComplete() && d.awareAt().toLocalDate().isBefore(ae.onsetDate().toLocalDate().orElseThrow())) {
                v.add(Violation.of(AWARE_AT, "sae.awareBeforeOnset", d.awareAt().toLocalDate(), ae.onsetDate().toIso()));
            }
        }
        if (ae.seriousCriteria().contains(SeriousCriterion.HOSPITALIZATION) && d.admissionDate() == null) {
            v.add(Violation.of(ADMISSION_DATE, "sae.admissionRequired"));
        }
        if (d.admissionDate() != null && d.dischargeDate() != null && d.dischargeDate().isBefore(d.admissionDate())) {
            v.add(Violation.of(DISCHARGE_DATE, "sae.dischargeBeforeAdmission", d.dischargeDate(), d.admissionDate()));
        }
        java.time.LocalDate today = now.atOffset(java.time.ZoneOffset.UTC).toLocalDate().plusDays(1); // a day's grace for time zones
        future(ADMISSION_DATE, d.admissionDate(), today, v);
        future(DISCHARGE_DATE, d.dischargeDate(), today, v);
        future(DEATH_DATE, d.deathDate(), today, v);
        if (ae.seriousCriteria().contains(SeriousCriterion.RESULTS_IN_DEATH)) {
            if (d.deathDate() == null) {
                v.add(Violation.of(DEATH_DATE, "sae.deathDateRequired"));
            }
            if (d.causeOfDeath() == null || d.causeOfDeath().isBlank()) {
                v.add(Violation.of(DEATH_CAUSE, "sae.deathCauseRequired"));
            }
        }
        for (String text : new String[] {d.narrative(), d.medicalHistory(), d.concomitantMedications(), d.causeOfDeath()}) {
            if (text != null && text.length() > MAX_TEXT) {
                v.add(Violation.of(NARRATIVE, "text.tooLong", MAX_TEXT));
                break;
            }
        }
        return v;
    }

    private static void future(String field, java.time.LocalDate date, java.time.LocalDate latest, List<Violation> v) {
        if (date != null && date.isAfter(latest)) {
            v.add(Violation.of(field, "date.future", date));
        }
    }
}
