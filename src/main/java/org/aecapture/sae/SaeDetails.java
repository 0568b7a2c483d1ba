package org.aecapture.sae;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.aecapture.domain.StoredRecord;

/**
 * What the site reports of a serious adverse event beyond the AE itself (CDASH and CIOMS I wording).
 *
 * @param aeId the AE this belongs to
 * @param awareAt when the site became aware that the event is serious: the reporting clock starts here; with the site's
 *     offset from UTC, as it was typed
 * @param admissionDate hospital admission, when the event required hospitalisation (or prolonged it)
 * @param deathDate date of death, when the event was fatal; with its cause and whether an autopsy was done
 */
public record SaeDetails(Long id, long aeId, String subjectNumber, OffsetDateTime awareAt, LocalDate admissionDate,
                         LocalDate dischargeDate, LocalDate deathDate, String causeOfDeath, Autopsy autopsy, String narrative,
                         String medicalHistory, String concomitantMedications, ChallengeResult dechallenge,
                         ChallengeResult rechallenge, int version) implements StoredRecord<SaeDetails> {

    @Override
    public SaeDetails withKey(long newId, int newVersion) {
        return new SaeDetails(newId, aeId, subjectNumber, awareAt, admissionDate, dischargeDate, deathDate, causeOfDeath, autopsy, narrative,
                medicalHistory, concomitantMedications, dechallenge, rechallenge, newVersion);
    }

    /** The same details for another AE (a new AE's key is known only once it is saved). */
    public SaeDetails forAe(long newAeId, String subject) {
        return new SaeDetails(id, newAeId, subject, awareAt, admissionDate, dischargeDate, deathDate, causeOfDeath, autopsy, narrative,
                medicalHistory, concomitantMedications, dechallenge, rechallenge, version);
    }
}
