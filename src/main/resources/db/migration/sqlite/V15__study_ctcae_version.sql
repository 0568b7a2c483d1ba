-- The CTCAE version the study grades by (its definition's "ctcae"; v5.0 for a study stored before there was a choice),
-- kept beside the definition so that the database itself can hold it still: once the study has an AE, every AE was
-- graded by it, and a change would silently regrade them (db/migration/postgresql V15 is the same rule).
ALTER TABLE study ADD COLUMN ctcae_version TEXT NOT NULL DEFAULT '5.0';

CREATE TRIGGER study_ctcae_version_kept BEFORE UPDATE OF ctcae_version ON study
    WHEN NEW.ctcae_version IS NOT OLD.ctcae_version AND EXISTS (SELECT 1 FROM adverse_event)
BEGIN
    SELECT RAISE(ABORT, 'The study grades by CTCAE v' || OLD.ctcae_version || ' and has adverse events graded by it: it cannot change to v'
        || NEW.ctcae_version || '.');
END;
