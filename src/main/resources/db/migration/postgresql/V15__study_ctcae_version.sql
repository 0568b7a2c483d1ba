-- The CTCAE version the study grades by (its definition's "ctcae"; v5.0 for a study stored before there was a choice),
-- kept beside the definition so that the server itself holds it still for every login: once the study has an AE, every
-- AE was graded by it, and a change would silently regrade them (db/migration/sqlite V15 is the same rule).
ALTER TABLE study ADD COLUMN ctcae_version TEXT NOT NULL DEFAULT '5.0';

CREATE FUNCTION aecapture_study_ctcae_version_kept() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    -- every AE of every site counts, whoever is connected (the definer reads past the row-level policies)
    IF NEW.ctcae_version IS DISTINCT FROM OLD.ctcae_version AND EXISTS (SELECT 1 FROM adverse_event) THEN
        RAISE EXCEPTION 'The study grades by CTCAE v% and has adverse events graded by it: it cannot change to v%.',
            OLD.ctcae_version, NEW.ctcae_version USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER study_ctcae_version_kept BEFORE UPDATE ON study
    FOR EACH ROW EXECUTE FUNCTION aecapture_study_ctcae_version_kept();
