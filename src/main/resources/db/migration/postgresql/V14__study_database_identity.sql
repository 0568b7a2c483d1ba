-- The central database's identity, for the site files that sync with it: a file links to this id, not to the address it
-- was reached at (a host renamed or ?sslmode=require added is the same database; another study's database on the same
-- server is another id, refused by name). And a ledger of syncs: a sequence every sync draws from, which a restore from a
-- backup (pg_dump keeps a sequence's value) sets back, so that a site whose last sync drew a higher number knows the
-- centre lost what was sent after the backup and compares its records with the centre's instead of trusting its base.
CREATE TABLE study_database (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    database_uid TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
INSERT INTO study_database (id, database_uid, created_at) VALUES (1, gen_random_uuid()::text, aecapture_now());
CREATE TRIGGER study_database_is_kept BEFORE UPDATE OR DELETE ON study_database
    FOR EACH ROW EXECUTE FUNCTION aecapture_refuse('the study database''s identity is kept as it was made');

CREATE SEQUENCE sync_ledger;

-- A verification mark names the content it verified (a SHA-256 digest of the record's content, the same in a site's file
-- and centrally), not only this database's version counter, which differs between them.
ALTER TABLE sdv_mark ADD COLUMN verified_hash TEXT;
