package org.aecapture.sae;

import java.time.LocalDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.StoredRecord;

/**
 * The sponsor's own assessment of a serious adverse event, recorded by the safety reviewer (medical monitor): its
 * causality and expectedness (kept beside the investigator's, never replacing it), and, for a SUSAR, the date it was
 * submitted to the regulators.
 */
public record SponsorAssessment(Long id, long aeId, String subjectNumber, Relationship causality, Expectedness expectedness,
                                LocalDate susarSubmittedOn, int version) implements StoredRecord<SponsorAssessment> {

    @Override
    public SponsorAssessment withKey(long newId, int newVersion) {
        return new SponsorAssessment(newId, aeId, subjectNumber, causality, expectedness, susarSubmittedOn, newVersion);
    }
}
