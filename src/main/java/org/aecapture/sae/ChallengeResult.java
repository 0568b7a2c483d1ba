package org.aecapture.sae;

/**
 * Dechallenge: did the reaction abate after the drug was stopped (CIOMS I item 20)? Rechallenge: did it reappear after
 * the drug was given again (item 21)? Not applicable when the drug was not stopped, or not given again.
 */
public enum ChallengeResult {
    YES, NO, NOT_APPLICABLE, UNKNOWN
}
