package org.aecapture.ctcae;

import java.util.Map;

/**
 * How this study has coded its verbatim terms so far: for a verbatim's {@link ClinicalText#key key}, the MedDRA
 * codes of the CTCAE terms it was coded to and how often.
 */
@FunctionalInterface
public interface CodingHistory {

    CodingHistory NONE = key -> Map.of();

    /** MedDRA code to the number of AEs coded to it, for one verbatim key; empty when the verbatim is new. */
    Map<String, Integer> codedAs(String verbatimKey);
}
