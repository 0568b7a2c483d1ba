package org.aecapture.sae;

/** Whether the reference safety information (e.g. the Investigator's Brochure) lists the event as expected. */
public enum Expectedness {
    EXPECTED, UNEXPECTED
}
