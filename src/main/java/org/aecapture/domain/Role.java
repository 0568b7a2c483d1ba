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
    ADMINISTRATOR,
    /**
     * The sponsor's monitor (CRA) of some sites: reads their subjects, visits, AEs and SAE details (never an arm), raises
     * and closes data queries, marks source data verified; changes no clinical data.
     */
    MONITOR;

    /** Whether the role is given sites and sees only theirs: site staff, and the monitors of those sites. */
    public boolean worksAtSites() {
        return this == INVESTIGATOR || this == COORDINATOR || this == MONITOR;
    }
}
