package org.aecapture.domain;

/** An investigator's electronic signature of a subject's AE data: who, when, the statement, and the hash of the data. */
public record Signature(String subjectNumber, String signedBy, String signedAt, String meaning, String dataHash) { }
