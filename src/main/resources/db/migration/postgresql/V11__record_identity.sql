-- Every record that travels between a site's file and the central database has a global identity (a random UUID),
-- given where the record is made and never changed: sync matches records by it, not by row keys (which each database
-- numbers for itself) nor by subject numbers. Existing rows get theirs here (a volatile default fills each row with its
-- own, without firing the append-only tables' update triggers); the application gives new rows theirs.
ALTER TABLE subject ADD COLUMN uid text NOT NULL DEFAULT gen_random_uuid()::text;
ALTER TABLE eligibility ADD COLUMN uid text NOT NULL DEFAULT gen_random_uuid()::text;
ALTER TABLE visit ADD COLUMN uid text NOT NULL DEFAULT gen_random_uuid()::text;
ALTER TABLE adverse_event ADD COLUMN uid text NOT NULL DEFAULT gen_random_uuid()::text;
ALTER TABLE signature ADD COLUMN uid text NOT NULL DEFAULT gen_random_uuid()::text;
ALTER TABLE sae ADD COLUMN uid text NOT NULL DEFAULT gen_random_uuid()::text;
ALTER TABLE sae_assessment ADD COLUMN uid text NOT NULL DEFAULT gen_random_uuid()::text;
ALTER TABLE sae_report ADD COLUMN uid text NOT NULL DEFAULT gen_random_uuid()::text;
ALTER TABLE audit_trail ADD COLUMN uid text NOT NULL DEFAULT gen_random_uuid()::text;
CREATE UNIQUE INDEX subject_uid ON subject (uid);
CREATE UNIQUE INDEX eligibility_uid ON eligibility (uid);
CREATE UNIQUE INDEX visit_uid ON visit (uid);
CREATE UNIQUE INDEX adverse_event_uid ON adverse_event (uid);
CREATE UNIQUE INDEX signature_uid ON signature (uid);
CREATE UNIQUE INDEX sae_uid ON sae (uid);
CREATE UNIQUE INDEX sae_assessment_uid ON sae_assessment (uid);
CREATE UNIQUE INDEX sae_report_uid ON sae_report (uid);
CREATE UNIQUE INDEX audit_trail_uid ON audit_trail (uid);

-- an audit row carried from one database to the other by a sync keeps its original user, time and reason, and names
-- the person whose sync carried it
ALTER TABLE audit_trail ADD COLUMN carried_by TEXT;

-- When an SAE report reached the sponsor. A report made on the central database reaches it as it is made; one made in
-- an offline site's file, when a sync carries it there: until then it is "made, not yet delivered" and its clock runs.
CREATE TABLE sae_report_delivery (
    report_uid   text COLLATE "C" PRIMARY KEY,
    delivered_at text COLLATE "C" NOT NULL
);

-- The clinical facts CTCAE asks for beside a laboratory value (symptomatic, physiologic consequences, …), as the
-- investigator stated them: "symptomatic=yes;physiologic_consequences=no"; empty when none is stated.
ALTER TABLE adverse_event ADD COLUMN lab_facts TEXT;
