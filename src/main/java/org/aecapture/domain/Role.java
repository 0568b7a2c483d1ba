package org.aecapture.domain;

/** What a person may do in the study (enforced by the services, not only hidden in the screens). */
public enum Role {
    /** Enters and edits AEs and subjects at their own sites; signs. */
    INVESTIGATOR,
    /** Enters and edits at their own sites; cannot sign. */
    COORDINATOR,
    /** Reads everything at all sites; blinded export; changes no data. */
    SAFETY_REVIEWER,
    /** Loads the randomization; unblinded export; changes no clinical data. */
    UNBLINDED_STATISTICIAN,
    /** Accounts, sites, study settings, database lock; no clinical data entry. */
    ADMINISTRATOR
}
