-- What the application promises, the server enforces for every login, whatever client it uses (psql included):
-- the database lock, the query workflow, the server's clock, who an audit row names, and who may make a login.
-- Every rule here reads who is connected (session_user) and the study role of that login; the owner (who migrates,
-- provisions and transfers, and could drop these triggers anyway) and superusers are not study logins and keep their
-- own times. The same rules, as far as a file can hold them, are in db/migration/sqlite V13.

-- The study role of the connected login (INVESTIGATOR, MONITOR, ...): its membership of this database's group roles
-- (named <database>_<role>, see ServerRoles); NULL for the owner, a superuser or a role of no study group.
-- (PL/pgSQL, not SQL, for these small functions that every trigger calls: a SQL function that cannot be inlined is planned
-- again at each call, which made them a third of a save's time on the server; PL/pgSQL keeps its plans for the session.)
-- (No SET search_path: it reads only the catalog, which is always searched first, and a SET costs every call.)
CREATE FUNCTION aecapture_session_role() RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT upper(substr(g.rolname, length(current_database()) + 2))
            FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
            WHERE u.rolname = session_user
              AND g.rolname IN (SELECT lower(current_database()) || '_' || r
                                FROM unnest(ARRAY['investigator', 'coordinator', 'monitor', 'safety_reviewer', 'unblinded_statistician',
                                                  'administrator']) r)
            ORDER BY 1 LIMIT 1);
END;
$$;

-- An instant as the store writes it (Java's Instant.toString: the fraction in groups of three digits, none when zero)
CREATE FUNCTION aecapture_utc_text(t timestamptz) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    micros bigint := extract(microseconds FROM t)::bigint % 1000000;
BEGIN
    RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN micros = 0 THEN ''
                WHEN micros % 1000 = 0 THEN '.' || lpad((micros / 1000)::text, 3, '0')
                ELSE '.' || lpad(micros::text, 6, '0') END
        || 'Z';
END;
$$;

-- The server's time of the transaction: what every online act of a study login is stamped with
CREATE FUNCTION aecapture_now() RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN aecapture_utc_text(now());
END;
$$;

-- Whether this transaction is a site's sync, which carries work done offline with the times of the site's device. A
-- login may say so of itself (a setting of its own transaction); what it then writes is still held to every rule
-- below but the time, which may not be later than the server's.
CREATE FUNCTION aecapture_in_sync() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN coalesce(current_setting('aecapture.sync', true), '') = 'on';
END;
$$;

-- A time column of a row a study login writes: the server's time for online work; for work a sync carries, the
-- device's time, never later than the server's. TG_ARGV[0] names the column.
CREATE FUNCTION aecapture_server_time() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    given text := to_jsonb(NEW) ->> TG_ARGV[0];
BEGIN
    IF aecapture_session_role() IS NULL THEN
        RETURN NEW;
    END IF;
    IF aecapture_in_sync() THEN
        IF given IS NULL OR given::timestamptz > now() THEN
            RAISE EXCEPTION '%.% of a record a sync carries is %, later than the server''s time %: refused', TG_TABLE_NAME, TG_ARGV[0],
                coalesce(given, 'empty'), aecapture_now() USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    RETURN jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], aecapture_now()));
END;
$$;

CREATE TRIGGER data_query_raised_at_server_time BEFORE INSERT ON data_query
    FOR EACH ROW EXECUTE FUNCTION aecapture_server_time('raised_at');
CREATE TRIGGER data_query_step_at_server_time BEFORE INSERT ON data_query_step
    FOR EACH ROW EXECUTE FUNCTION aecapture_server_time('at_utc');
CREATE TRIGGER sdv_mark_verified_at_server_time BEFORE INSERT OR UPDATE ON sdv_mark
    FOR EACH ROW EXECUTE FUNCTION aecapture_server_time('verified_at');
CREATE TRIGGER signature_signed_at_server_time BEFORE INSERT ON signature
    FOR EACH ROW EXECUTE FUNCTION aecapture_server_time('signed_at');
CREATE TRIGGER sae_report_sent_at_server_time BEFORE INSERT ON sae_report
    FOR EACH ROW EXECUTE FUNCTION aecapture_server_time('sent_at');
CREATE TRIGGER database_lock_changed_at_server_time BEFORE INSERT OR UPDATE ON database_lock
    FOR EACH ROW EXECUTE FUNCTION aecapture_server_time('changed_at');
CREATE TRIGGER randomization_loaded_at_server_time BEFORE INSERT ON randomization
    FOR EACH ROW EXECUTE FUNCTION aecapture_server_time('loaded_at');
CREATE TRIGGER security_event_at_server_time BEFORE INSERT ON security_event
    FOR EACH ROW EXECUTE FUNCTION aecapture_server_time('at_utc');

-- The audit trail: when the server received each row. An online row of a study login is stamped with the server's time
-- and names the person connected (the write_as_self policy); a row a sync carries keeps the device's time (not later
-- than the server's), names a person who holds an account at the subject's site (or the edit checks, "system"), and
-- names who carried it (the carried_by_sync policy): "entered offline by X, brought in by Y at T".
ALTER TABLE audit_trail ADD COLUMN received_at TEXT COLLATE "C";

CREATE FUNCTION aecapture_audit_authorship() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF aecapture_session_role() IS NULL THEN
        RETURN NEW;
    END IF;
    NEW.received_at := aecapture_now();
    IF NEW.carried_by IS NULL THEN
        NEW.at_utc := NEW.received_at;
        RETURN NEW;
    END IF;
    IF NOT aecapture_in_sync() THEN
        RAISE EXCEPTION 'an audit row names who carried it only in a sync: refused' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.at_utc::timestamptz > now() THEN
        RAISE EXCEPTION 'an audit row carried by a sync is dated %, later than the server''s time %: refused', NEW.at_utc, NEW.received_at
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.user_name <> 'system' AND NOT EXISTS (SELECT 1 FROM account a JOIN subject s ON s.subject_id = NEW.subject_id
            WHERE lower(a.user_name) = lower(NEW.user_name) AND s.site = ANY (string_to_array(a.sites, ','))) THEN
        RAISE EXCEPTION 'an audit row carried by a sync names %, who holds no account at the site of subject %: refused',
            NEW.user_name, coalesce(NEW.subject_id, '(none)') USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER audit_trail_authorship BEFORE INSERT ON audit_trail
    FOR EACH ROW EXECUTE FUNCTION aecapture_audit_authorship();

-- The database lock binds every client: while the study is locked no clinical data, signature, SAE report, query step or
-- verification mark is inserted or changed, whoever is connected (unlocking stays an administrator's act, with a reason).
CREATE FUNCTION aecapture_refuse_when_locked() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    l record;
BEGIN
    -- held (FOR SHARE) until this transaction ends: an administrator's lock waits for the writes in flight, and a write
    -- after it reads it, whatever the isolation level of either
    SELECT locked, changed_at, changed_by, reason INTO l FROM database_lock WHERE id = 1 FOR SHARE;
    IF FOUND AND l.locked = 1 THEN
        RAISE EXCEPTION 'The database is locked (since % UTC, by %: %): no clinical data can be changed (% refused).',
            l.changed_at, l.changed_by, l.reason, TG_TABLE_NAME USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN NULL;
END;
$$;
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['subject', 'eligibility', 'visit', 'adverse_event', 'signature', 'sae', 'sae_assessment', 'sae_report',
                             'sae_report_delivery', 'data_query', 'data_query_step', 'sdv_mark'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION aecapture_refuse_when_locked()',
                       t || '_refused_when_locked', t);
    END LOOP;
END;
$$;

-- The query workflow. A step follows from the one before it (raise first; answer an open query; close, cancel or resolve
-- an outstanding one; re-open an answered or closed one) and leaves the state its action gives. Each role takes only its
-- own steps, in its own name: the site answers; monitors and safety reviewers raise, and the one who raised a query (any
-- of them for an edit check's) closes, re-opens or cancels it; the edit checks ("system") raise and resolve only their
-- own queries, in whoever's transaction saves. A sync may carry an answer of another person of the same site.
CREATE FUNCTION aecapture_query_step_rules() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    who text := aecapture_session_role();
    q record;
    before_state text;
    gives text := CASE NEW.action WHEN 'RAISE' THEN 'OPEN' WHEN 'REOPEN' THEN 'OPEN' WHEN 'ANSWER' THEN 'ANSWERED'
        WHEN 'CLOSE' THEN 'CLOSED' WHEN 'RESOLVED_BY_DATA' THEN 'CLOSED' WHEN 'CANCEL' THEN 'CANCELLED' END;
    refusal text;
BEGIN
    IF NEW.state_after IS DISTINCT FROM gives THEN
        RAISE EXCEPTION 'a % step leaves query % %, not %: refused', lower(NEW.action), NEW.query_ref, lower(gives), lower(NEW.state_after)
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT state_after INTO before_state FROM data_query_step WHERE query_ref = NEW.query_ref ORDER BY id DESC LIMIT 1;
    IF NOT coalesce((CASE NEW.action WHEN 'RAISE' THEN before_state IS NULL
                                     WHEN 'ANSWER' THEN before_state = 'OPEN'
                                     WHEN 'REOPEN' THEN before_state IN ('ANSWERED', 'CLOSED')
                                     ELSE before_state IN ('OPEN', 'ANSWERED') END), false) THEN
        RAISE EXCEPTION 'query % is %: a % step cannot follow: refused', NEW.query_ref, coalesce(lower(before_state), 'not raised yet'),
            lower(NEW.action) USING ERRCODE = 'check_violation';
    END IF;
    IF who IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT d.raised_by, d.check_id, s.site INTO q FROM data_query d JOIN subject s ON s.id = d.subject_ref WHERE d.id = NEW.query_ref;
    IF NEW.by_user = 'system' THEN
        IF NEW.action NOT IN ('RAISE', 'RESOLVED_BY_DATA') OR q.check_id IS NULL THEN
            refusal := 'the edit checks only raise and resolve their own queries';
        END IF;
    ELSIF lower(NEW.by_user) <> session_user AND NOT (aecapture_in_sync() AND who IN ('INVESTIGATOR', 'COORDINATOR')
            AND NEW.action = 'ANSWER' AND EXISTS (SELECT 1 FROM account a WHERE lower(a.user_name) = lower(NEW.by_user)
                AND a.role IN ('INVESTIGATOR', 'COORDINATOR') AND q.site = ANY (string_to_array(a.sites, ',')))) THEN
        refusal := 'a step names the person who takes it, and ' || session_user || ' is connected, not ' || NEW.by_user;
    ELSIF NEW.action = 'ANSWER' AND who NOT IN ('INVESTIGATOR', 'COORDINATOR') THEN
        refusal := 'the site answers a query';
    ELSIF NEW.action = 'RAISE' AND who NOT IN ('MONITOR', 'SAFETY_REVIEWER') THEN
        refusal := 'only a monitor or a safety reviewer raises queries';
    ELSIF NEW.action IN ('CLOSE', 'REOPEN', 'CANCEL') AND (who NOT IN ('MONITOR', 'SAFETY_REVIEWER')
            OR q.check_id IS NULL AND lower(q.raised_by) <> session_user) THEN
        refusal := 'the one who raised the query closes, re-opens or cancels it';
    ELSIF NEW.action = 'RESOLVED_BY_DATA' THEN
        refusal := 'only the edit checks resolve a query by the data';
    END IF;
    IF refusal IS NOT NULL THEN
        RAISE EXCEPTION '% (%) may not take a % step on query %: %. Nothing was changed.', session_user, lower(who), lower(NEW.action),
            NEW.query_ref, refusal USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER data_query_step_rules BEFORE INSERT ON data_query_step
    FOR EACH ROW EXECUTE FUNCTION aecapture_query_step_rules();

-- A query is raised open, by the person connected (or by the edit checks, on their own query), and then changes only its
-- state, which follows from its steps: checked when the transaction commits, so that the state and its step may be
-- written in either order (a sync writes the query before its steps).
CREATE FUNCTION aecapture_query_rules() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    who text := aecapture_session_role();
BEGIN
    IF who IS NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NOT (NEW.raised_by = 'system' AND NEW.check_id IS NOT NULL OR lower(NEW.raised_by) = session_user
                OR aecapture_in_sync() AND EXISTS (SELECT 1 FROM account a WHERE lower(a.user_name) = lower(NEW.raised_by)
                    AND a.role IN ('MONITOR', 'SAFETY_REVIEWER'))) THEN
            RAISE EXCEPTION 'a query names who raised it, and % is connected, not %: refused', session_user, NEW.raised_by
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF (NEW.uid, NEW.subject_ref, NEW.target, NEW.record_id, NEW.record_uid, NEW.field, NEW.check_id, NEW.raised_by, NEW.raised_at,
           NEW.text) IS DISTINCT FROM (OLD.uid, OLD.subject_ref, OLD.target, OLD.record_id, OLD.record_uid, OLD.field, OLD.check_id,
           OLD.raised_by, OLD.raised_at, OLD.text) THEN
        RAISE EXCEPTION 'query %: only its state changes, by its steps: refused', OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER data_query_rules BEFORE INSERT OR UPDATE ON data_query
    FOR EACH ROW EXECUTE FUNCTION aecapture_query_rules();

CREATE FUNCTION aecapture_query_state_follows_steps() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    query_id bigint;
    stored text;
    last_step text;
BEGIN
    -- (each table's own column: NEW has the columns of the table whose trigger fired)
    IF TG_TABLE_NAME = 'data_query' THEN
        query_id := NEW.id;
    ELSE
        query_id := NEW.query_ref;
    END IF;
    SELECT state INTO stored FROM data_query WHERE id = query_id;
    SELECT state_after INTO last_step FROM data_query_step WHERE query_ref = query_id ORDER BY id DESC LIMIT 1;
    IF last_step IS NULL OR stored IS DISTINCT FROM last_step THEN
        RAISE EXCEPTION 'query % is stored %, but its steps leave it %: a query''s state follows from its steps. Nothing was changed.',
            query_id, lower(stored), coalesce(lower(last_step), 'not raised') USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER data_query_state_follows_steps AFTER INSERT OR UPDATE ON data_query
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION aecapture_query_state_follows_steps();
CREATE CONSTRAINT TRIGGER data_query_step_state_follows_steps AFTER INSERT ON data_query_step
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION aecapture_query_state_follows_steps();

-- A verification mark is the verifying monitor's own, in their name
CREATE FUNCTION aecapture_sdv_mark_rules() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF aecapture_session_role() IS NOT NULL AND lower(NEW.verified_by) <> session_user THEN
        RAISE EXCEPTION 'a verification mark names who verified, and % is connected, not %: refused', session_user, NEW.verified_by
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER sdv_mark_rules BEFORE INSERT OR UPDATE ON sdv_mark
    FOR EACH ROW EXECUTE FUNCTION aecapture_sdv_mark_rules();

-- An SAE report reaches the sponsor when a sync carries it to the server: the delivery is written by the server itself,
-- at its own time, only for a report the caller may read and only once (site staff have no INSERT on the table).
CREATE FUNCTION aecapture_deliver_sae_report(report text) RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    at text := aecapture_utc_text(clock_timestamp());
    readable boolean;
BEGIN
    -- whether the caller's own policies let them read the report (its site is theirs)
    IF aecapture_session_role() IS NULL THEN
        readable := EXISTS (SELECT 1 FROM sae_report WHERE uid = report);
    ELSE
        -- (aecapture_my_sites comes with provision, as every study login does)
        EXECUTE 'SELECT EXISTS (SELECT 1 FROM sae_report r JOIN adverse_event a ON a.id = r.ae_ref JOIN subject s ON s.id = a.subject_ref'
            || ' WHERE r.uid = $1 AND s.site = ANY (aecapture_my_sites()))' INTO readable USING report;
    END IF;
    IF NOT readable THEN
        RAISE EXCEPTION 'there is no SAE report % of your sites to deliver', report USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO sae_report_delivery (report_uid, delivered_at) VALUES (report, at) ON CONFLICT DO NOTHING;
    RETURN (SELECT delivered_at FROM sae_report_delivery WHERE report_uid = report);
END;
$$;
REVOKE ALL ON FUNCTION aecapture_deliver_sae_report(text) FROM PUBLIC;

-- The login roles this study made: the only ones its login functions change, so that no administrator reaches the
-- owner, a superuser or another study's people through them. Read and written by the owner's functions alone.
CREATE TABLE server_login (
    role_name  TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
REVOKE ALL ON server_login FROM PUBLIC;

-- The unblinded statistician's recovery code, made by the owner at provision (shown once, kept in the sponsor's safe):
-- an administrator needs it to make a statistician's login, give a login the statistician's group or reset a
-- statistician's password, so that an administrator alone never reaches the arms. Kept as a salted SHA-256 digest; the
-- client sends the digest of the code typed with this salt, never the code (which a statement log would keep).
CREATE TABLE server_recovery (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    salt    TEXT NOT NULL,
    digest  TEXT NOT NULL,
    made_at TEXT NOT NULL
);
REVOKE ALL ON server_recovery FROM PUBLIC;

CREATE FUNCTION aecapture_recovery_salt() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT salt FROM server_recovery WHERE id = 1
$$;
REVOKE ALL ON FUNCTION aecapture_recovery_salt() FROM PUBLIC;

-- Refuses what reaches the statistician's group without the recovery code, to anyone but the owner
CREATE FUNCTION aecapture_require_recovery_code(login text, proof text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = public AS $$
BEGIN
    IF aecapture_session_role() IS NULL THEN
        RETURN;
    END IF;
    IF proof IS NULL OR NOT EXISTS (SELECT 1 FROM server_recovery WHERE id = 1 AND digest = proof) THEN
        RAISE EXCEPTION 'the login % of an unblinded statistician is made, reset or given that role only with the statistician''s'
            ' recovery code (printed when the database was provisioned): an administrator alone never reaches the arms. Nothing was'
            ' changed.', login USING ERRCODE = 'insufficient_privilege';
    END IF;
END;
$$;
REVOKE ALL ON FUNCTION aecapture_require_recovery_code(text, text) FROM PUBLIC;

-- Refuses a login function to anyone but the owner and this study's administrators, and a name that is not (or cannot
-- become) one of this study's logins.
CREATE FUNCTION aecapture_require_login_of_study(login text, may_be_new boolean) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = public AS $$
DECLARE
    who text := aecapture_session_role();
BEGIN
    IF who IS NOT NULL AND who <> 'ADMINISTRATOR' THEN
        RAISE EXCEPTION 'only an administrator of the study manages its logins' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF login IS NULL OR login !~ '^[a-z0-9][a-z0-9_.@-]*$' OR login LIKE 'pg\_%' OR login = session_user AND who IS NULL THEN
        RAISE EXCEPTION 'the login % is not a name this study gives its people: nothing was changed', coalesce(login, '(none)')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT 1 FROM server_login WHERE role_name = login) THEN
        RETURN;
    END IF;
    IF NOT may_be_new OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
        RAISE EXCEPTION 'the server''s role % was not made by this study (the owner, a superuser, a group or another study''s person):'
            ' choose another user name. Nothing was changed.', login USING ERRCODE = 'insufficient_privilege';
    END IF;
END;
$$;

-- The group role of an application role in this database (<database>_<role>), or a refusal for a role the study has not
CREATE FUNCTION aecapture_group_of(app_role text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF upper(coalesce(app_role, '')) NOT IN ('INVESTIGATOR', 'COORDINATOR', 'MONITOR', 'SAFETY_REVIEWER', 'UNBLINDED_STATISTICIAN',
                                              'ADMINISTRATOR') THEN
        RAISE EXCEPTION 'there is no role % in this study', coalesce(app_role, '(none)') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN lower(current_database()) || '_' || lower(app_role);
END;
$$;

-- Puts a study login in exactly one group: out of the study's others, into this one (its own function, so that making a
-- login and changing its role share it); the statistician's group only with the recovery code
CREATE FUNCTION aecapture_join_group(login text, target text, recovery_proof text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = public AS $$
DECLARE
    g text;
BEGIN
    IF target = aecapture_group_of('UNBLINDED_STATISTICIAN') THEN
        PERFORM aecapture_require_recovery_code(login, recovery_proof);
    END IF;
    FOREACH g IN ARRAY ARRAY(SELECT aecapture_group_of(r) FROM unnest(ARRAY['INVESTIGATOR', 'COORDINATOR', 'MONITOR', 'SAFETY_REVIEWER',
            'UNBLINDED_STATISTICIAN', 'ADMINISTRATOR']) r) LOOP
        IF g <> target AND pg_has_role(login, g, 'MEMBER') THEN
            EXECUTE format('REVOKE %I FROM %I', g, login);
        END IF;
    END LOOP;
    EXECUTE format('GRANT %I TO %I', target, login);
END;
$$;
REVOKE ALL ON FUNCTION aecapture_join_group(text, text, text) FROM PUBLIC;

-- A study login with its password (a SCRAM-SHA-256 verifier hashed by the client: no password travels) in exactly one
-- role's group: made when new, else given the password and the group. Never superuser, never CREATEROLE.
CREATE FUNCTION aecapture_set_login(login text, app_role text, verifier text, recovery_proof text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = public AS $$
DECLARE
    target text := aecapture_group_of(app_role);
BEGIN
    PERFORM aecapture_require_login_of_study(login, true);
    IF verifier IS NULL OR verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        RAISE EXCEPTION 'a login''s password is given as its SCRAM-SHA-256 verifier, never as text' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- an existing statistician's password reset needs the code too (a new one's joining the group asks it below)
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
        IF pg_has_role(login, aecapture_group_of('UNBLINDED_STATISTICIAN'), 'MEMBER') THEN
            PERFORM aecapture_require_recovery_code(login, recovery_proof);
        END IF;
    ELSIF target = aecapture_group_of('UNBLINDED_STATISTICIAN') THEN
        PERFORM aecapture_require_recovery_code(login, recovery_proof); -- before the role is made
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', login, verifier);
        INSERT INTO server_login (role_name, created_at, created_by) VALUES (login, aecapture_now(), session_user);
    ELSE
        EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', login, verifier);
    END IF;
    PERFORM aecapture_join_group(login, target, recovery_proof);
END;
$$;

-- A study login's group, changed with its account's role
CREATE FUNCTION aecapture_set_login_role(login text, app_role text, recovery_proof text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = public AS $$
BEGIN
    PERFORM aecapture_require_login_of_study(login, false);
    PERFORM aecapture_join_group(login, aecapture_group_of(app_role), recovery_proof);
END;
$$;

-- A study login stopped (a disabled or locked account) or let in again
CREATE FUNCTION aecapture_set_login_enabled(login text, enabled boolean) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = public AS $$
BEGIN
    PERFORM aecapture_require_login_of_study(login, false);
    EXECUTE format('ALTER ROLE %I %s', login, CASE WHEN enabled THEN 'LOGIN' ELSE 'NOLOGIN' END);
END;
$$;

REVOKE ALL ON FUNCTION aecapture_require_login_of_study(text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION aecapture_set_login(text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION aecapture_set_login_role(text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION aecapture_set_login_enabled(text, boolean) FROM PUBLIC;
