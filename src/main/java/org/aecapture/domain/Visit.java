package org.aecapture.domain;

import java.time.LocalDate;

/**
 * A visit that took place: its code in the study's schedule (e.g. W4, UNS, ET), its date, and a note
 * (the reason for an Unscheduled visit or for Early Termination).
 */
public record Visit(Long id, String subjectNumber, String visitCode, LocalDate visitDate, String note, int version)
        implements StoredRecord<Visit> {

    @Override
    public Visit withKey(long newId, int newVersion) {
        return new Visit(newId, subjectNumber, visitCode, visitDate, note, newVersion);
    }
}
