-- Account management events (as db/migration/sqlite V4). PostgreSQL widens the CHECK in place, so the
-- append-only table and its triggers stay as they are.
ALTER TABLE security_event DROP CONSTRAINT security_event_event_check;
ALTER TABLE security_event ADD CONSTRAINT security_event_event_check
    CHECK (event IN ('LOGIN', 'LOGIN_FAILED', 'LOCKED_OUT', 'UNLOCKED', 'PASSWORD_CHANGED',
                     'PASSWORD_RESET', 'ROLE_CHANGED', 'SIGNED_OUT', 'DISABLED'));
CREATE INDEX security_event_at ON security_event (at_utc);
