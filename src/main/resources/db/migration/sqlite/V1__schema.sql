-- AE Capture schema. Clinical records are never physically deleted (soft delete with a reason), every
-- change is written to the append-only audit_trail in the same transaction, and each record carries a
-- version for optimistic locking.

CREATE TABLE study (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    study_id        TEXT NOT NULL,
    protocol        TEXT NOT NULL,
    definition_yaml TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);

CREATE TABLE subject (
    id              INTEGER PRIMARY KEY,
    subject_id      TEXT NOT NULL UNIQUE,
    site            TEXT NOT NULL,
    sex             TEXT NOT NULL CHECK (sex IN ('F', 'M')),
    birth_date      TEXT NOT NULL,
    consent_date    TEXT NOT NULL,
    first_dose_date TEXT,
    eos_date        TEXT,
    status          TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE adverse_event (
    id             INTEGER PRIMARY KEY,
    subject_ref    INTEGER NOT NULL REFERENCES subject (id),
    verbatim_term  TEXT NOT NULL,
    meddra_code    TEXT NOT NULL,
    ctcae_term     TEXT NOT NULL,
    soc            TEXT NOT NULL,
    other_specify  TEXT,
    grade          INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 5),
    onset_date     TEXT,
    end_date       TEXT,
    ongoing        INTEGER NOT NULL CHECK (ongoing IN (0, 1)),
    serious        INTEGER NOT NULL CHECK (serious IN (0, 1)),
    sdth           INTEGER NOT NULL DEFAULT 0 CHECK (sdth IN (0, 1)),
    slife          INTEGER NOT NULL DEFAULT 0 CHECK (slife IN (0, 1)),
    shosp          INTEGER NOT NULL DEFAULT 0 CHECK (shosp IN (0, 1)),
    sdisab         INTEGER NOT NULL DEFAULT 0 CHECK (sdisab IN (0, 1)),
    scong          INTEGER NOT NULL DEFAULT 0 CHECK (scong IN (0, 1)),
    smie           INTEGER NOT NULL DEFAULT 0 CHECK (smie IN (0, 1)),
    relationship   TEXT NOT NULL,
    action_taken   TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    visit          TEXT,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    delete_reason  TEXT,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX adverse_event_subject ON adverse_event (subject_ref);

-- The treatment arm is kept apart from the subject table so that ordinary queries cannot show it.
CREATE TABLE randomization (
    subject_ref INTEGER PRIMARY KEY REFERENCES subject (id),
    arm_code    TEXT NOT NULL,
    loaded_at   TEXT NOT NULL,
    loaded_by   TEXT NOT NULL
);

CREATE TABLE audit_trail (
    id          INTEGER PRIMARY KEY,
    at_utc      TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
    entity      TEXT NOT NULL,
    record_id   INTEGER NOT NULL,
    subject_id  TEXT,
    field       TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    reason      TEXT
);
CREATE INDEX audit_trail_record ON audit_trail (entity, record_id);

CREATE TRIGGER audit_trail_is_append_only_update BEFORE UPDATE ON audit_trail
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: its rows cannot be changed');
END;

CREATE TRIGGER audit_trail_is_append_only_delete BEFORE DELETE ON audit_trail
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: its rows cannot be deleted');
END;

CREATE TRIGGER adverse_event_soft_delete_only BEFORE DELETE ON adverse_event
BEGIN
    SELECT RAISE(ABORT, 'adverse events are never physically deleted: mark them deleted with a reason');
END;

CREATE TRIGGER subject_never_deleted BEFORE DELETE ON subject
BEGIN
    SELECT RAISE(ABORT, 'subjects are never physically deleted');
END;
