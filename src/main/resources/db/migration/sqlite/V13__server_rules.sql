-- The rules of db/migration/postgresql V13 that a file can hold (a file has no logins: who may take a step is the
-- application's to check there, and the server's again when a sync brings the step in):
-- the database lock refuses every change of clinical data, signatures, SAE reports, query steps and verification marks;
-- a query's step follows from the one before it and leaves the state its action gives. `check` reports a query whose
-- stored state is not the one its steps leave.
ALTER TABLE audit_trail ADD COLUMN received_at TEXT;

CREATE TRIGGER subject_refused_when_locked_insert BEFORE INSERT ON subject
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (subject refused).');
END;
CREATE TRIGGER subject_refused_when_locked_update BEFORE UPDATE ON subject
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (subject refused).');
END;
CREATE TRIGGER eligibility_refused_when_locked_insert BEFORE INSERT ON eligibility
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (eligibility refused).');
END;
CREATE TRIGGER eligibility_refused_when_locked_update BEFORE UPDATE ON eligibility
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (eligibility refused).');
END;
CREATE TRIGGER visit_refused_when_locked_insert BEFORE INSERT ON visit
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (visit refused).');
END;
CREATE TRIGGER visit_refused_when_locked_update BEFORE UPDATE ON visit
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (visit refused).');
END;
CREATE TRIGGER adverse_event_refused_when_locked_insert BEFORE INSERT ON adverse_event
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (adverse_event refused).');
END;
CREATE TRIGGER adverse_event_refused_when_locked_update BEFORE UPDATE ON adverse_event
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (adverse_event refused).');
END;
CREATE TRIGGER signature_refused_when_locked_insert BEFORE INSERT ON signature
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (signature refused).');
END;
CREATE TRIGGER signature_refused_when_locked_update BEFORE UPDATE ON signature
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (signature refused).');
END;
CREATE TRIGGER sae_refused_when_locked_insert BEFORE INSERT ON sae
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (sae refused).');
END;
CREATE TRIGGER sae_refused_when_locked_update BEFORE UPDATE ON sae
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (sae refused).');
END;
CREATE TRIGGER sae_assessment_refused_when_locked_insert BEFORE INSERT ON sae_assessment
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (sae_assessment refused).');
END;
CREATE TRIGGER sae_assessment_refused_when_locked_update BEFORE UPDATE ON sae_assessment
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (sae_assessment refused).');
END;
CREATE TRIGGER sae_report_refused_when_locked_insert BEFORE INSERT ON sae_report
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (sae_report refused).');
END;
CREATE TRIGGER sae_report_refused_when_locked_update BEFORE UPDATE ON sae_report
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (sae_report refused).');
END;
CREATE TRIGGER sae_report_delivery_refused_when_locked_insert BEFORE INSERT ON sae_report_delivery
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (sae_report_delivery refused).');
END;
CREATE TRIGGER sae_report_delivery_refused_when_locked_update BEFORE UPDATE ON sae_report_delivery
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (sae_report_delivery refused).');
END;
CREATE TRIGGER data_query_refused_when_locked_insert BEFORE INSERT ON data_query
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (data_query refused).');
END;
CREATE TRIGGER data_query_refused_when_locked_update BEFORE UPDATE ON data_query
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (data_query refused).');
END;
CREATE TRIGGER data_query_step_refused_when_locked_insert BEFORE INSERT ON data_query_step
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (data_query_step refused).');
END;
CREATE TRIGGER data_query_step_refused_when_locked_update BEFORE UPDATE ON data_query_step
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (data_query_step refused).');
END;
CREATE TRIGGER sdv_mark_refused_when_locked_insert BEFORE INSERT ON sdv_mark
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (sdv_mark refused).');
END;
CREATE TRIGGER sdv_mark_refused_when_locked_update BEFORE UPDATE ON sdv_mark
    WHEN EXISTS (SELECT 1 FROM database_lock WHERE id = 1 AND locked = 1)
BEGIN
    SELECT RAISE(ABORT, 'The database is locked: no clinical data can be changed (sdv_mark refused).');
END;
CREATE TRIGGER data_query_step_leaves_its_state BEFORE INSERT ON data_query_step
    WHEN NEW.state_after IS NOT CASE NEW.action WHEN 'RAISE' THEN 'OPEN' WHEN 'REOPEN' THEN 'OPEN' WHEN 'ANSWER' THEN 'ANSWERED'
        WHEN 'CLOSE' THEN 'CLOSED' WHEN 'RESOLVED_BY_DATA' THEN 'CLOSED' WHEN 'CANCEL' THEN 'CANCELLED' END
BEGIN
    SELECT RAISE(ABORT, 'a query step leaves the state its action gives: refused');
END;
CREATE TRIGGER data_query_step_follows_the_last BEFORE INSERT ON data_query_step
    WHEN NOT coalesce(CASE NEW.action
        WHEN 'RAISE' THEN NOT EXISTS (SELECT 1 FROM data_query_step WHERE query_ref = NEW.query_ref)
        WHEN 'ANSWER' THEN (SELECT state_after FROM data_query_step WHERE query_ref = NEW.query_ref ORDER BY id DESC LIMIT 1) = 'OPEN'
        WHEN 'REOPEN' THEN (SELECT state_after FROM data_query_step WHERE query_ref = NEW.query_ref ORDER BY id DESC LIMIT 1)
            IN ('ANSWERED', 'CLOSED')
        ELSE (SELECT state_after FROM data_query_step WHERE query_ref = NEW.query_ref ORDER BY id DESC LIMIT 1) IN ('OPEN', 'ANSWERED')
        END, 0)
BEGIN
    SELECT RAISE(ABORT, 'a query step follows from the one before it (raise first; answer an open query; close, cancel or resolve an outstanding one; re-open an answered or closed one): refused');
END;
