-- Whether a randomization list is loaded, when and by whom, without its arms: what blinded staff may
-- know. On PostgreSQL only the unblinded statistician may read the randomization table itself; this
-- view is the same in both dialects so that one query serves both.
CREATE VIEW randomization_status AS
SELECT (SELECT count(*) FROM randomization) AS subjects,
       (SELECT loaded_at FROM randomization ORDER BY loaded_at DESC LIMIT 1) AS loaded_at,
       (SELECT loaded_by FROM randomization ORDER BY loaded_at DESC LIMIT 1) AS loaded_by;
-- A view reads its tables with its owner's privileges: granting it does not grant the arms.
