-- Sealed arms (SQLite files only: on a PostgreSQL server the grants keep the randomization from everyone but
-- the unblinded statistician). Anyone who can read the file reads its tables, so the arms are stored
-- encrypted (see org.aecapture.security.ArmSeal): each loaded list's data key is wrapped with the study's
-- public key, and the private key is kept wrapped under the statistician's password and a recovery code.
CREATE TABLE arm_key (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    public_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Who can open the private key: 'account:<user name in lower case>', 'recovery', or 'provisional' (until
-- the first unblinded statistician account exists, when it is replaced and its row erased).
CREATE TABLE arm_key_holder (
    holder     TEXT PRIMARY KEY,
    salt       TEXT NOT NULL,
    iterations INTEGER NOT NULL,
    wrapped    TEXT NOT NULL,
    secret     TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE arm_batch (
    id               INTEGER PRIMARY KEY,
    wrapped_data_key TEXT NOT NULL,
    sealed_at        TEXT NOT NULL
);

ALTER TABLE randomization ADD COLUMN batch_ref INTEGER REFERENCES arm_batch (id);
