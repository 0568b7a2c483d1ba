-- Account management by administrators: role changes and password resets are security events too.
-- SQLite cannot widen a CHECK constraint in place, so the append-only table is rebuilt with its rows and
-- triggers (DROP TABLE removes the triggers before its implicit delete, so they do not refuse it).
CREATE TABLE security_event_v4 (
    id        INTEGER PRIMARY KEY,
    at_utc    TEXT NOT NULL,
    user_name TEXT NOT NULL,
    event     TEXT NOT NULL CHECK (event IN ('LOGIN', 'LOGIN_FAILED', 'LOCKED_OUT', 'UNLOCKED', 'PASSWORD_CHANGED',
                                             'PASSWORD_RESET', 'ROLE_CHANGED', 'SIGNED_OUT', 'DISABLED')),
    detail    TEXT
);

INSERT INTO security_event_v4 (id, at_utc, user_name, event, detail)
SELECT id, at_utc, user_name, event, detail FROM security_event ORDER BY id;

DROP TABLE security_event;

ALTER TABLE security_event_v4 RENAME TO security_event;

CREATE INDEX security_event_at ON security_event (at_utc);

CREATE TRIGGER security_event_is_append_only_update BEFORE UPDATE ON security_event
BEGIN
    SELECT RAISE(ABORT, 'security events are append-only: they cannot be changed');
END;

CREATE TRIGGER security_event_is_append_only_delete BEFORE DELETE ON security_event
BEGIN
    SELECT RAISE(ABORT, 'security events are append-only: they cannot be deleted');
END;
