-- Every record that travels between a site's file and the central database has a global identity (a random UUID),
-- given where the record is made and never changed: sync matches records by it, not by row keys (which each database
-- numbers for itself) nor by subject numbers. Existing rows get theirs here. sync_base keeps, in a site's file, what
-- each record held at the last sync (a hash of its content), so that a change on either side, or on both (a conflict),
-- can be told apart; sync_link names the central database the file is linked to.
ALTER TABLE subject ADD COLUMN uid TEXT;
ALTER TABLE eligibility ADD COLUMN uid TEXT;
ALTER TABLE visit ADD COLUMN uid TEXT;
ALTER TABLE adverse_event ADD COLUMN uid TEXT;
ALTER TABLE signature ADD COLUMN uid TEXT;
ALTER TABLE sae ADD COLUMN uid TEXT;
ALTER TABLE sae_assessment ADD COLUMN uid TEXT;
ALTER TABLE sae_report ADD COLUMN uid TEXT;
ALTER TABLE audit_trail ADD COLUMN uid TEXT;

-- an audit row carried from one database to the other by a sync keeps its original user, time and reason, and names
-- the person whose sync carried it
ALTER TABLE audit_trail ADD COLUMN carried_by TEXT;

-- the append-only tables let this one update through, then refuse every other again
DROP TRIGGER audit_trail_is_append_only_update;
DROP TRIGGER signature_is_append_only_update;
DROP TRIGGER sae_report_is_kept_update;

UPDATE subject SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE eligibility SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE visit SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE adverse_event SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE signature SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE sae SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE sae_assessment SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE sae_report SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE audit_trail SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));

CREATE TRIGGER audit_trail_is_append_only_update BEFORE UPDATE ON audit_trail
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: its rows cannot be changed');
END;
CREATE TRIGGER signature_is_append_only_update BEFORE UPDATE ON signature
BEGIN
    SELECT RAISE(ABORT, 'signatures are append-only: they cannot be changed');
END;
CREATE TRIGGER sae_report_is_kept_update BEFORE UPDATE ON sae_report
BEGIN
    SELECT RAISE(ABORT, 'a sent SAE report is kept as it was sent: it cannot be changed');
END;

CREATE UNIQUE INDEX subject_uid ON subject (uid);
CREATE UNIQUE INDEX eligibility_uid ON eligibility (uid);
CREATE UNIQUE INDEX visit_uid ON visit (uid);
CREATE UNIQUE INDEX adverse_event_uid ON adverse_event (uid);
CREATE UNIQUE INDEX signature_uid ON signature (uid);
CREATE UNIQUE INDEX sae_uid ON sae (uid);
CREATE UNIQUE INDEX sae_assessment_uid ON sae_assessment (uid);
CREATE UNIQUE INDEX sae_report_uid ON sae_report (uid);
CREATE UNIQUE INDEX audit_trail_uid ON audit_trail (uid);

CREATE TABLE sync_link (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    central     TEXT NOT NULL,
    linked_at   TEXT NOT NULL,
    linked_by   TEXT NOT NULL,
    last_sync   TEXT
);

-- the conflicts the last sync found: each record's central content as it was then, for a person of the site to resolve
CREATE TABLE sync_conflict (
    entity         TEXT NOT NULL,
    uid            TEXT NOT NULL,
    subject_id     TEXT,
    description    TEXT NOT NULL,
    central_values TEXT NOT NULL,
    central_hash   TEXT NOT NULL,
    listed_at      TEXT NOT NULL,
    PRIMARY KEY (entity, uid)
);

CREATE TABLE sync_base (
    entity TEXT NOT NULL,
    uid    TEXT NOT NULL,
    hash   TEXT NOT NULL,
    PRIMARY KEY (entity, uid)
);

-- When an SAE report reached the sponsor. A report made on the central database reaches it as it is made; one made in
-- an offline site's file, when a sync carries it there: until then it is "made, not yet delivered" and its clock runs.
CREATE TABLE sae_report_delivery (
    report_uid   TEXT PRIMARY KEY,
    delivered_at TEXT NOT NULL
);

-- The clinical facts CTCAE asks for beside a laboratory value (symptomatic, physiologic consequences, …), as the
-- investigator stated them: "symptomatic=yes;physiologic_consequences=no"; empty when none is stated.
ALTER TABLE adverse_event ADD COLUMN lab_facts TEXT;
