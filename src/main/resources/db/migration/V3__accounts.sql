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
