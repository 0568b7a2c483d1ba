package org.aecapture.report;

import java.util.Set;

/**
 * The CIOMS I form ("Suspect adverse reaction report") of one serious adverse event, field by field with the form's
 * own numbering; plain data, laid out by {@link CiomsPdfWriter}. Dates are as the form writes them (DD MON YYYY, with
 * UNK for what is not known).
 */
public record CiomsForm(
        String patient,              // 1   patient initials, or the subject number
        String country,              // 1a
        String dateOfBirth,          // 2
        String age,                  // 2a
        String sex,                  // 3
        String reactionOnset,        // 4-6
        Set<Seriousness> seriousness, // 8-12
        String reactionDescription,  // 7 + 13
        String suspectDrug,          // 14
        String dailyDose,            // 15
        String route,                // 16
        String indication,           // 17
        String therapyDates,         // 18
        String therapyDuration,      // 19
        Answer dechallenge,          // 20
        Answer rechallenge,          // 21
        String concomitantDrugs,     // 22
        String relevantHistory,      // 23
        String manufacturer,         // 24a
        String controlNumber,        // 24b
        String dateReceived,         // 24c
        String reportSource,         // 24d
        String dateOfThisReport,
        String reportType,           // 25a  "INITIAL" or "FOLLOWUP 2"
        boolean unblinded) {

    /** The form's seriousness boxes (8 to 12), and the two ICH criteria it lacks a box for (written as words). */
    public enum Seriousness { PATIENT_DIED, HOSPITALISATION, DISABILITY, LIFE_THREATENING, CONGENITAL_ANOMALY, MEDICALLY_IMPORTANT }

    /** Items 20 and 21: yes, no, or not applicable; unknown ticks none. */
    public enum Answer { YES, NO, NOT_APPLICABLE, UNKNOWN }
}
