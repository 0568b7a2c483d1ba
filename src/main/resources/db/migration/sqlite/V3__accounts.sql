-- Accounts and security events. Passwords are stored only as salted PBKDF2 hashes, and the audit trail
-- shows a password change without the hash. Logins, failures and lockouts are security events, kept
-- append-only like the audit trail.

CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    user_name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('INVESTIGATOR', 'COORDINATOR', 'SAFETY_REVIEWER', 'UNBLINDED_STATISTICIAN',
                                                'ADMINISTRATOR')),
    sites         TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked        INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    version       INTEGER NOT NULL DEFAULT 1
);

CREATE TRIGGER account_never_deleted BEFORE DELETE ON account
BEGIN
    SELECT RAISE(ABORT, 'accounts are never deleted: lock them instead');
END;

CREATE TABLE security_event (
    id        INTEGER PRIMARY KEY,
    at_utc    TEXT NOT NULL,
    user_name TEXT NOT NULL,
    event     TEXT NOT NULL CHECK (event IN ('LOGIN', 'LOGIN_FAILED', 'LOCKED_OUT', 'UNLOCKED', 'PASSWORD_CHANGED')),
    detail    TEXT
);

CREATE TRIGGER security_event_is_append_only_update BEFORE UPDATE ON security_event
BEGIN
    SELECT RAISE(ABORT, 'security events are append-only: they cannot be changed');
END;

CREATE TRIGGER security_event_is_append_only_delete BEFORE DELETE ON security_event
BEGIN
    SELECT RAISE(ABORT, 'security events are append-only: they cannot be deleted');
END;

-- Database lock: one row, changed only by an administrator with a reason (audited like every record).
CREATE TABLE database_lock (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    locked     INTEGER NOT NULL CHECK (locked IN (0, 1)),
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    reason     TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

-- Electronic signatures of a subject's AE data: who, when, what the signature means, and a hash of the
-- data signed; a later change of the data no longer matches the hash. Append-only.
CREATE TABLE signature (
    id          INTEGER PRIMARY KEY,
    subject_ref INTEGER NOT NULL REFERENCES subject (id),
    signed_by   TEXT NOT NULL,
    signed_at   TEXT NOT NULL,
    meaning     TEXT NOT NULL,
    data_hash   TEXT NOT NULL
);
CREATE INDEX signature_subject ON signature (subject_ref);

CREATE TRIGGER signature_is_append_only_update BEFORE UPDATE ON signature
BEGIN
    SELECT RAISE(ABORT, 'signatures are append-only: they cannot be changed');
END;

CREATE TRIGGER signature_is_append_only_delete BEFORE DELETE ON signature
BEGIN
    SELECT RAISE(ABORT, 'signatures are append-only: they cannot be deleted');
END;
