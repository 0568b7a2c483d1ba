package org.aecapture.domain;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A study subject. The treatment arm is deliberately not here: it lives in the store's separate
 * randomization table so that nothing that handles subjects can show it by accident.
 *
 * @param id store key; null until saved
 * @param version optimistic-locking version; 0 until saved
 */
public record Subject(
        Long id,
        String subjectNumber,
        String site,
        Sex sex,
        PartialDate birthDate,
        LocalDate consentDate,
        LocalDate firstDoseDate,
        LocalDate endOfStudyDate,
        SubjectStatus status,
        int version) implements StoredRecord<Subject> {

    public Optional<LocalDate> day1() {
        return Optional.ofNullable(firstDoseDate);
    }

    public boolean isDosed() {
        return firstDoseDate != null;
    }

    /** The last day of the AE collection window: End of Study if recorded, else the nominal End of Study day. */
    public Optional<LocalDate> aeWindowEnd(int nominalEndOfStudyDay) {
        if (firstDoseDate == null) {
            return Optional.empty();
        }
        return Optional.of(endOfStudyDate != null ? endOfStudyDate : StudyDay.dateOf(nominalEndOfStudyDay, firstDoseDate));
    }

    public Optional<Integer> studyDayOf(LocalDate date) {
        return firstDoseDate == null || date == null ? Optional.empty() : Optional.of(StudyDay.of(date, firstDoseDate));
    }

    @Override
    public Subject withKey(long newId, int newVersion) {
        return new Subject(newId, subjectNumber, site, sex, birthDate, consentDate, firstDoseDate, endOfStudyDate, status, newVersion);
    }

    public Subject withStatus(SubjectStatus newStatus) {
        return new Subject(id, subjectNumber, site, sex, birthDate, consentDate, firstDoseDate, endOfStudyDate, newStatus, version);
    }

    /** The subject with Day 1, End of Study and the status they come with. */
    public Subject withStudyDates(LocalDate newFirstDose, LocalDate newEndOfStudy, SubjectStatus newStatus) {
        return new Subject(id, subjectNumber, site, sex, birthDate, consentDate, newFirstDose, newEndOfStudy, newStatus, version);
    }

    /** The status that the dates imply; the study's completion day separates completed from discontinued. */
    public static SubjectStatus derivedStatus(LocalDate firstDose, LocalDate endOfStudy, int completedFromStudyDay) {
        if (firstDose == null) {
            return SubjectStatus.SCREENING;
        }
        if (endOfStudy == null) {
            return SubjectStatus.ON_STUDY;
        }
        return StudyDay.of(endOfStudy, firstDose) >= completedFromStudyDay ? SubjectStatus.COMPLETED : SubjectStatus.DISCONTINUED;
    }
}
