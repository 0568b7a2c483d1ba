-- The monitor's loop: data queries on a record or one of its fields, their steps (kept as written, never changed), and
-- source data verification marks. A query carries the state its last step left; every change of either is audited.
-- The record a query or a mark is about is named by its key here and by its uid (record_uid), which a sync carries.
CREATE TABLE data_query (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    subject_ref  INTEGER NOT NULL REFERENCES subject (id),
    target       TEXT NOT NULL CHECK (target IN ('adverse_event', 'subject', 'visit')),
    record_id    INTEGER NOT NULL,
    record_uid   TEXT NOT NULL,
    field        TEXT,
    check_id     TEXT,
    state        TEXT NOT NULL CHECK (state IN ('OPEN', 'ANSWERED', 'CLOSED', 'CANCELLED')),
    raised_by    TEXT NOT NULL,
    raised_at    TEXT NOT NULL,
    text         TEXT NOT NULL,
    version      INTEGER NOT NULL
);
CREATE INDEX data_query_subject ON data_query (subject_ref);
CREATE INDEX data_query_record ON data_query (target, record_id);
CREATE INDEX data_query_state ON data_query (state);

CREATE TABLE data_query_step (
    id                INTEGER PRIMARY KEY,
    uid               TEXT NOT NULL UNIQUE,
    query_ref         INTEGER NOT NULL REFERENCES data_query (id),
    action            TEXT NOT NULL CHECK (action IN ('RAISE', 'ANSWER', 'CLOSE', 'REOPEN', 'CANCEL', 'RESOLVED_BY_DATA')),
    by_user          TEXT NOT NULL,
    at_utc            TEXT NOT NULL,
    text              TEXT,
    state_after       TEXT NOT NULL,
    corrected_version INTEGER NOT NULL DEFAULT 0,
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX data_query_step_query ON data_query_step (query_ref);
CREATE TRIGGER data_query_step_is_append_only_update BEFORE UPDATE ON data_query_step
BEGIN
    SELECT RAISE(ABORT, 'a query''s steps are kept as written: they cannot be changed');
END;
CREATE TRIGGER data_query_step_is_append_only_delete BEFORE DELETE ON data_query_step
BEGIN
    SELECT RAISE(ABORT, 'a query''s steps are kept as written: they cannot be deleted');
END;
CREATE TRIGGER data_query_never_deleted BEFORE DELETE ON data_query
BEGIN
    SELECT RAISE(ABORT, 'queries are never deleted: cancel them with a reason');
END;

CREATE TABLE sdv_mark (
    id               INTEGER PRIMARY KEY,
    uid              TEXT NOT NULL UNIQUE,
    subject_ref      INTEGER NOT NULL REFERENCES subject (id),
    target           TEXT NOT NULL CHECK (target IN ('adverse_event', 'subject', 'visit')),
    record_id       INTEGER NOT NULL,
    record_uid      TEXT NOT NULL,
    verified_version INTEGER NOT NULL,
    verified_by      TEXT NOT NULL,
    verified_at      TEXT NOT NULL,
    version          INTEGER NOT NULL,
    UNIQUE (target, record_id)
);
CREATE INDEX sdv_mark_subject ON sdv_mark (subject_ref);
CREATE TRIGGER sdv_mark_never_deleted BEFORE DELETE ON sdv_mark
BEGIN
    SELECT RAISE(ABORT, 'verification marks are never deleted');
END;

-- the monitor's role (CRA): SQLite cannot change a CHECK constraint, so the account table is copied into one that
-- allows it, row for row, keys kept (DROP TABLE removes the table's triggers before it empties it: none fires)
CREATE TABLE account_with_monitor (
    id            INTEGER PRIMARY KEY,
    user_name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('INVESTIGATOR', 'COORDINATOR', 'SAFETY_REVIEWER', 'UNBLINDED_STATISTICIAN',
                                                'ADMINISTRATOR', 'MONITOR')),
    sites         TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked        INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    version       INTEGER NOT NULL DEFAULT 1
);
INSERT INTO account_with_monitor (id, user_name, full_name, role, sites, password_hash, failed_logins, locked, version)
    SELECT id, user_name, full_name, role, sites, password_hash, failed_logins, locked, version FROM account;
DROP TABLE account;
ALTER TABLE account_with_monitor RENAME TO account;
CREATE TRIGGER account_never_deleted BEFORE DELETE ON account
BEGIN
    SELECT RAISE(ABORT, 'accounts are never deleted: lock them instead');
END;
