-- Serious adverse event reporting: what the site reports beyond the AE (awareness time with its UTC offset,
-- hospitalisation, death, narrative, history, concomitant medications, de- and rechallenge), the sponsor's own
-- causality and expectedness with the SUSAR submission date, and every report as it was sent: its content and
-- SHA-256, never changed or deleted. Dates are ISO 8601 text, the awareness time with its offset.
CREATE TABLE sae (
    id                      INTEGER PRIMARY KEY,
    ae_ref                  INTEGER NOT NULL UNIQUE REFERENCES adverse_event (id),
    aware_at                TEXT,
    admission_date          TEXT,
    discharge_date          TEXT,
    death_date              TEXT,
    death_cause             TEXT,
    autopsy                 TEXT CHECK (autopsy IN ('YES', 'NO', 'UNKNOWN')),
    narrative               TEXT,
    medical_history         TEXT,
    concomitant_medications TEXT,
    dechallenge             TEXT CHECK (dechallenge IN ('YES', 'NO', 'NOT_APPLICABLE', 'UNKNOWN')),
    rechallenge             TEXT CHECK (rechallenge IN ('YES', 'NO', 'NOT_APPLICABLE', 'UNKNOWN')),
    version                 INTEGER NOT NULL
);
CREATE TABLE sae_assessment (
    id                 INTEGER PRIMARY KEY,
    ae_ref             INTEGER NOT NULL UNIQUE REFERENCES adverse_event (id),
    sponsor_causality  TEXT,
    expectedness       TEXT CHECK (expectedness IN ('EXPECTED', 'UNEXPECTED')),
    susar_submitted_on TEXT,
    version            INTEGER NOT NULL
);
CREATE TABLE sae_report (
    id               INTEGER PRIMARY KEY,
    ae_ref           INTEGER NOT NULL REFERENCES adverse_event (id),
    report_type      TEXT NOT NULL CHECK (report_type IN ('INITIAL', 'FOLLOW_UP')),
    follow_up_number INTEGER NOT NULL,
    sent_at          TEXT NOT NULL,
    sent_by          TEXT NOT NULL,
    content          TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    UNIQUE (ae_ref, follow_up_number)
);
CREATE INDEX sae_report_ae ON sae_report (ae_ref);
CREATE TRIGGER sae_report_is_kept_update BEFORE UPDATE ON sae_report
BEGIN
    SELECT RAISE(ABORT, 'a sent SAE report is kept as it was sent: it cannot be changed');
END;
CREATE TRIGGER sae_report_is_kept_delete BEFORE DELETE ON sae_report
BEGIN
    SELECT RAISE(ABORT, 'a sent SAE report is kept as it was sent: it cannot be deleted');
END;
