-- Enrolment and visits: the eligibility decision of each subject (its checklist answers, outcome, who and
-- when) and the visits that took place. Both are versioned and audited like every clinical record.

CREATE TABLE eligibility (
    id              INTEGER PRIMARY KEY,
    subject_ref     INTEGER NOT NULL UNIQUE REFERENCES subject (id),
    outcome         TEXT NOT NULL CHECK (outcome IN ('ELIGIBLE', 'SCREEN_FAILURE')),
    answers         TEXT NOT NULL,
    failed_criteria TEXT,
    assessed_by     TEXT NOT NULL,
    assessed_at     TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE visit (
    id          INTEGER PRIMARY KEY,
    subject_ref INTEGER NOT NULL REFERENCES subject (id),
    visit_code  TEXT NOT NULL,
    visit_date  TEXT NOT NULL,
    note        TEXT,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX visit_subject ON visit (subject_ref);

CREATE TRIGGER eligibility_never_deleted BEFORE DELETE ON eligibility
BEGIN
    SELECT RAISE(ABORT, 'eligibility decisions are never deleted: record a new decision with a reason');
END;

CREATE TRIGGER visit_never_deleted BEFORE DELETE ON visit
BEGIN
    SELECT RAISE(ABORT, 'visits are never physically deleted: correct the date with a reason');
END;
