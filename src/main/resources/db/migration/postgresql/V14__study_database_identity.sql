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

-- Whether a record a site's sync would send clashes with one the centre holds under another identity, by the key the
-- schema keeps unique (a subject number; one eligibility decision per subject; one SAE details and one sponsor assessment
-- per AE; a follow-up number per AE; one verification mark per record) or by a visit's natural key (subject and visit):
-- answered for every site, without saying anything of the other record, so that a sync lists the clash as a conflict and
-- sends everything else, instead of failing whole on a unique key it cannot see.
CREATE FUNCTION aecapture_key_taken(tbl text, parent_uid text, natural_key text) RETURNS boolean LANGUAGE plpgsql STABLE
        SECURITY DEFINER SET search_path = public AS $$
BEGIN
    RETURN CASE tbl
        WHEN 'subject' THEN EXISTS (SELECT 1 FROM subject WHERE subject_id = natural_key)
        WHEN 'eligibility' THEN EXISTS (SELECT 1 FROM eligibility e JOIN subject s ON s.id = e.subject_ref WHERE s.uid = parent_uid)
        WHEN 'visit' THEN EXISTS (SELECT 1 FROM visit v JOIN subject s ON s.id = v.subject_ref WHERE s.uid = parent_uid
                                  AND v.visit_code = natural_key)
        WHEN 'sae' THEN EXISTS (SELECT 1 FROM sae x JOIN adverse_event a ON a.id = x.ae_ref WHERE a.uid = parent_uid)
        WHEN 'sae_assessment' THEN EXISTS (SELECT 1 FROM sae_assessment x JOIN adverse_event a ON a.id = x.ae_ref WHERE a.uid = parent_uid)
        WHEN 'sae_report' THEN EXISTS (SELECT 1 FROM sae_report r JOIN adverse_event a ON a.id = r.ae_ref WHERE a.uid = parent_uid
                                       AND r.follow_up_number::text = natural_key)
        WHEN 'sdv_mark' THEN EXISTS (SELECT 1 FROM sdv_mark WHERE target || ':' || record_uid = natural_key)
        ELSE false END;
END;
$$;
REVOKE ALL ON FUNCTION aecapture_key_taken(text, text, text) FROM PUBLIC;
