package org.aecapture.domain;

import java.util.List;

/** The AE field names shared by the CSV format, validation messages and the audit trail. */
public final class AeFields {

    public static final String SUBJECT_ID = "subject_id";
    public static final String VERBATIM_TERM = "verbatim_term";
    public static final String MEDDRA_CODE = "meddra_code";
    public static final String CTCAE_TERM = "ctcae_term";
    public static final String SOC = "soc";
    public static final String OTHER_SPECIFY = "other_specify";
    public static final String GRADE = "grade";
    public static final String ONSET_DATE = "onset_date";
    public static final String END_DATE = "end_date";
    public static final String ONGOING = "ongoing";
    public static final String SERIOUS = "serious";
    public static final String RELATIONSHIP = "relationship";
    public static final String ACTION_TAKEN = "action_taken";
    public static final String OUTCOME = "outcome";
    public static final String REPORTED_AT_VISIT = "visit";
    /** The laboratory value a grade was read from, its unit, normal range and baseline (as typed, in one unit). */
    public static final String LAB_VALUE = "lab_value";
    public static final String LAB_UNIT = "lab_unit";
    public static final String LAB_LLN = "lab_lln";
    public static final String LAB_ULN = "lab_uln";
    public static final String LAB_BASELINE = "lab_baseline";
    public static final String LAB_FACTS = "lab_facts";
    /** A blood pressure's diastolic value (the laboratory value is then the systolic). */
    public static final String LAB_DIASTOLIC = "lab_diastolic";
    /** Why the grade differs from the one the laboratory value gives. */
    public static final String GRADE_REASON = "grade_reason";

    /** The columns of the AE import file, in order. */
    public static final List<String> CSV_COLUMNS = List.of(SUBJECT_ID, VERBATIM_TERM, MEDDRA_CODE, OTHER_SPECIFY, GRADE,
            ONSET_DATE, END_DATE, ONGOING, SERIOUS, "sdth", "slife", "shosp", "sdisab", "scong", "smie",
            RELATIONSHIP, ACTION_TAKEN, OUTCOME);

    private AeFields() {
    }
}
