-- What a site file knows of the central database it syncs with (db/migration/postgresql V14): its identity, which the
-- file is linked to whatever address reaches it, and the number the file's last sync drew from the centre's ledger of
-- syncs (a lower one at the centre later means it was restored from a backup since).
ALTER TABLE sync_link ADD COLUMN central_uid TEXT;
ALTER TABLE sync_link ADD COLUMN central_sync_number INTEGER;

-- A verification mark names the content it verified (a SHA-256 digest of the record's content, the same in a site's file
-- and centrally), not only this database's version counter, which differs between them.
ALTER TABLE sdv_mark ADD COLUMN verified_hash TEXT;
