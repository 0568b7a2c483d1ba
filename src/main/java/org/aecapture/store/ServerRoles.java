package org.aecapture.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.aecapture.domain.Role;

/**
 * The PostgreSQL server as the boundary: one group role per application role, the grants and the row-level
 * security policies that restrict each person, whatever program they connect with (the application, psql):
 * <ul>
 *   <li>investigators and coordinators read and write only their own sites' subjects, AEs, visits, eligibility
 *       and signatures, and only their sites' audit rows;</li>
 *   <li>monitors read only their own sites' clinical data (never an arm), and write only queries and verification marks;</li>
 *   <li>only the unblinded statistician's role may SELECT the randomization (everyone else reads
 *       {@code randomization_status}: whether it is loaded, never the arms);</li>
 *   <li>only administrators change accounts (beyond one's own password); nobody updates or deletes audit rows
 *       or security events (no grant, and the append-only triggers hold even for the owner);</li>
 *   <li>an audit row names the person who is connected: nobody writes one in another's name.</li>
 * </ul>
 * Each person signs in as their own login role (SCRAM-SHA-256, the server's default), named as their
 * account in lower case and a member of their role's group. The group roles are named after the database
 * ({@code <database>_investigator}, ...), so that two studies on one server never share them, and only the
 * study's accounts may connect to its database. Nothing here applies to SQLite.
 */
public final class ServerRoles {

    /** The group of every account of the study. */
    static final String ALL = "user";
    /** The group of investigators and coordinators, whose rows are narrowed to their sites. */
    static final String SITE_STAFF = "site_staff";

    private ServerRoles() {
    }

    /** The login role of an account: its user name in lower case (user names are unique whatever their case). */
    public static String loginRole(String userName) {
        return org.aecapture.location.Credentials.loginRole(userName);
    }

    /** The group role of an application role in this database, e.g. {@code aecapture_safety_reviewer}. */
    static String group(String database, String suffix) {
        return (database + "_" + suffix).toLowerCase(Locale.ROOT);
    }

    static String group(String database, Role role) {
        return group(database, role.name());
    }

    /** Whether the database was provisioned: its group roles exist. */
    public static boolean isProvisioned(Tx tx) throws SQLException {
        if (tx.dialect() != Database.Dialect.POSTGRESQL) {
            return false;
        }
        return roleExists(tx.connection(), group(database(tx.connection()), ALL), false);
    }

    /** Whether the server has the role (one that may sign in, with {@code canLogin}). */
    private static boolean roleExists(Connection c, String role, boolean canLogin) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?" + (canLogin ? " AND rolcanlogin" : ""))) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String database(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Creates (or brings up to date) the group roles, grants and policies of the database it runs in. Run by
     * the database's owner, who needs CREATEROLE; running it again changes nothing that is already right.
     *
     * @return the unblinded statistician's recovery code when this run made it (the first), to be printed once
     */
    public static java.util.Optional<String> provision(Tx tx) throws SQLException {
        if (tx.dialect() != Database.Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("Provisioning is for a PostgreSQL database; an SQLite file has no server roles.");
        }
        String database = database(tx.connection());
        try (Statement st = tx.connection().createStatement()) {
            for (String group : groupNames(database)) {
                if (!roleExists(tx.connection(), group, false)) {
                    st.execute("CREATE ROLE " + q(group) + " NOLOGIN");
                }
            }
            for (String sql : provisionSql(database)) {
                st.execute(sql);
            }
            registerLogins(tx, database);
        }
        return makeRecoveryCode(tx);
    }

    /**
     * The logins of the study's accounts made before the server kept a list of its own (an earlier release): listed as the
     * study's, and their CREATEROLE taken away (administrators had it, and with it every non-superuser role of the server).
     */
    private static void registerLogins(Tx tx, String database) throws SQLException {
        List<String> logins = new ArrayList<>();
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT DISTINCT u.rolname FROM pg_auth_members m"
                + " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
                + " WHERE g.rolname = ANY (?) AND u.rolcanlogin AND NOT u.rolsuper AND u.rolname IN (SELECT lower(user_name) FROM account)")) {
            List<String> groups = new ArrayList<>();
            for (Role r : Role.values()) {
                groups.add(group(database, r));
            }
            ps.setArray(1, tx.connection().createArrayOf("text", groups.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    logins.add(rs.getString(1));
                }
            }
        }
        try (Statement st = tx.connection().createStatement();
             PreparedStatement register = tx.connection().prepareStatement("INSERT INTO server_login (role_name, created_at, created_by)"
                     + " VALUES (?, aecapture_now(), session_user) ON CONFLICT DO NOTHING")) {
            for (String login : logins) {
                register.setString(1, login);
                register.executeUpdate();
                st.execute("ALTER ROLE " + q(login) + " NOCREATEROLE");
            }
        }
    }

    /** The group roles of a database, which {@link #provision} creates first. */
    public static List<String> groupNames(String database) {
        List<String> groups = new ArrayList<>(List.of(group(database, ALL), group(database, SITE_STAFF)));
        for (Role r : Role.values()) {
            groups.add(group(database, r));
        }
        return groups;
    }

    /** The grants and policies, as SQL statements (also what {@code provision --sql} prints and the README shows). */
    public static List<String> provisionSql(String database) {
        String all = q(group(database, ALL));
        String site = q(group(database, SITE_STAFF));
        String inv = q(group(database, Role.INVESTIGATOR));
        String coord = q(group(database, Role.COORDINATOR));
        String rev = q(group(database, Role.SAFETY_REVIEWER));
        String stat = q(group(database, Role.UNBLINDED_STATISTICIAN));
        String admin = q(group(database, Role.ADMINISTRATOR));
        String mon = q(group(database, Role.MONITOR));
        String everySite = rev + ", " + stat + ", " + admin;
        // the rows of one's own sites: site staff (who write them) and their monitors (who read them, and write queries)
        String ownSiteRoles = site + ", " + mon;
        List<String> sql = new ArrayList<>();
        for (String member : List.of(site, rev, stat, admin, mon)) {
            sql.add("GRANT " + all + " TO " + member);
        }
        sql.add("GRANT " + site + " TO " + inv);
        sql.add("GRANT " + site + " TO " + coord);
        // only the study's accounts connect; nobody but the owner creates objects
        sql.add("REVOKE ALL ON DATABASE " + q(database) + " FROM PUBLIC");
        sql.add("GRANT CONNECT ON DATABASE " + q(database) + " TO " + all);
        sql.add("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        sql.add("GRANT USAGE ON SCHEMA public TO " + all);
        sql.add("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, " + all + ", " + site + ", " + inv + ", " + coord + ", "
                + everySite + ", " + mon);
        sql.add("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + all);
        // the central database's identity and its ledger of syncs, which a site's sync reads and draws from
        sql.add("GRANT SELECT ON study_database TO " + all);
        sql.add("GRANT SELECT, USAGE ON SEQUENCE sync_ledger TO " + site + ", " + mon);
        sql.add("GRANT EXECUTE ON FUNCTION aecapture_key_taken(text, text, text) TO " + all);
        // what everyone reads and writes, narrowed by the policies below
        sql.add("GRANT SELECT ON study, database_lock, randomization_status, flyway_schema_history TO " + all);
        sql.add("GRANT SELECT, INSERT ON audit_trail, security_event TO " + all);
        sql.add("GRANT SELECT ON account TO " + all);
        sql.add("GRANT UPDATE (password_hash, failed_logins, locked, version) ON account TO " + all);
        // clinical data
        sql.add("GRANT SELECT, INSERT, UPDATE ON subject, adverse_event, visit, eligibility TO " + site);
        sql.add("GRANT SELECT, INSERT ON signature TO " + site);
        sql.add("GRANT SELECT ON subject, adverse_event, visit, eligibility, signature TO " + rev + ", " + stat + ", " + mon);
        sql.add("GRANT SELECT ON sae, sae_report TO " + mon);
        // data queries: raised by monitors, reviewers and (in the saving person's transaction) the edit checks, answered by the
        // site; administrators run the checks; the monitors' verification marks
        sql.add("GRANT SELECT, INSERT, UPDATE ON data_query TO " + site + ", " + mon + ", " + rev + ", " + admin);
        sql.add("GRANT SELECT, INSERT ON data_query_step TO " + site + ", " + mon + ", " + rev + ", " + admin);
        sql.add("GRANT SELECT ON data_query, data_query_step TO " + stat);
        sql.add("GRANT SELECT, INSERT, UPDATE ON sdv_mark TO " + mon);
        sql.add("GRANT SELECT ON sdv_mark TO " + site + ", " + everySite);
        sql.add("GRANT SELECT, INSERT ON randomization TO " + stat);
        // SAE reporting: the site reports (sae, sae_report), the reviewer assesses for the sponsor (sae_assessment)
        sql.add("GRANT SELECT, INSERT, UPDATE ON sae TO " + site);
        sql.add("GRANT SELECT, INSERT ON sae_report TO " + site);
        sql.add("GRANT SELECT ON sae_assessment TO " + site);
        // a sync delivers the reports made offline, through the server's own function (its time, only once, only one's sites)
        sql.add("GRANT SELECT ON sae_report_delivery TO " + site + ", " + rev + ", " + stat + ", " + admin);
        sql.add("GRANT EXECUTE ON FUNCTION aecapture_deliver_sae_report(text) TO " + site);
        sql.add("GRANT SELECT ON sae, sae_report TO " + rev + ", " + stat);
        sql.add("GRANT SELECT, INSERT ON sae, sae_report TO " + admin); // the demo trial's SAEs come reported
        sql.add("GRANT SELECT, INSERT, UPDATE ON sae_assessment TO " + rev);
        sql.add("GRANT SELECT ON sae_assessment TO " + stat + ", " + admin);
        // the administrator: accounts, the database lock, and the demo trial of an empty database (arms stored, not read)
        sql.add("GRANT SELECT, INSERT ON subject, adverse_event, visit, eligibility, signature TO " + admin);
        sql.add("GRANT INSERT ON randomization TO " + admin);
        sql.add("GRANT INSERT, UPDATE ON account, database_lock TO " + admin);
        // logins are made and changed only through the owner's functions, which touch only this study's own logins: an
        // administrator has no CREATEROLE, so never grants themselves the statistician's group nor takes the owner's role
        for (String function : List.of("aecapture_set_login(text, text, text, text)", "aecapture_set_login_role(text, text, text)",
                "aecapture_set_login_enabled(text, boolean)", "aecapture_recovery_salt()")) {
            sql.add("REVOKE ALL ON FUNCTION " + function + " FROM PUBLIC");
            sql.add("GRANT EXECUTE ON FUNCTION " + function + " TO " + admin);
        }
        // the sites of whoever is connected, read with the owner's rights (the function sees every account)
        // PL/pgSQL keeps its plan for the session (a SQL function with SET is planned again at every call); the policies call it
        // once per statement, as a sub-select, not once per row
        sql.add("CREATE OR REPLACE FUNCTION aecapture_my_sites() RETURNS text[] LANGUAGE plpgsql STABLE SECURITY DEFINER"
                + " SET search_path = public AS $$ BEGIN RETURN coalesce((SELECT string_to_array(nullif(sites, ''), ',') FROM account"
                + " WHERE lower(user_name) = session_user AND locked = 0), '{}'::text[]); END $$");
        sql.add("REVOKE ALL ON FUNCTION aecapture_my_sites() FROM PUBLIC");
        sql.add("GRANT EXECUTE ON FUNCTION aecapture_my_sites() TO " + all);
        String ownSites = "site = ANY ((SELECT aecapture_my_sites())::text[])";
        String ownSubjects = "subject_ref IN (SELECT id FROM subject)";
        policies(sql, "subject", everySite, ownSiteRoles, ownSites);
        for (String table : List.of("adverse_event", "visit", "eligibility", "signature", "data_query", "sdv_mark")) {
            policies(sql, table, everySite, ownSiteRoles, ownSubjects);
        }
        policies(sql, "data_query_step", everySite, ownSiteRoles, "query_ref IN (SELECT id FROM data_query)");
        for (String table : List.of("sae", "sae_assessment", "sae_report")) {
            policies(sql, table, everySite, ownSiteRoles, "ae_ref IN (SELECT id FROM adverse_event)");
        }
        policies(sql, "sae_report_delivery", everySite, site, "report_uid IN (SELECT uid FROM sae_report)");
        // the audit trail: reviewers and administrators read it all; the others their subjects' rows, never the
        // randomization's; everyone writes rows in their own name only
        sql.add("ALTER TABLE audit_trail ENABLE ROW LEVEL SECURITY");
        sql.add("DROP POLICY IF EXISTS read_all ON audit_trail");
        sql.add("CREATE POLICY read_all ON audit_trail FOR SELECT TO " + rev + ", " + admin + " USING (true)");
        sql.add("DROP POLICY IF EXISTS read_own_subjects ON audit_trail");
        sql.add("CREATE POLICY read_own_subjects ON audit_trail FOR SELECT TO " + site + ", " + stat + ", " + mon
                + " USING (entity <> 'randomization' AND subject_id IN (SELECT subject_id FROM subject))");
        sql.add("DROP POLICY IF EXISTS write_as_self ON audit_trail");
        sql.add("CREATE POLICY write_as_self ON audit_trail FOR INSERT TO " + all + " WITH CHECK (lower(user_name) = session_user)");
        // a site's sync carries its subjects' rows made offline by their original users, naming who carried them
        sql.add("DROP POLICY IF EXISTS carried_by_sync ON audit_trail");
        sql.add("CREATE POLICY carried_by_sync ON audit_trail FOR INSERT TO " + site + ", " + mon + " WITH CHECK (lower(carried_by) = session_user"
                + " AND entity <> 'randomization' AND subject_id IN (SELECT subject_id FROM subject))");
        // security events: reviewers and administrators read them all, everyone else their own
        sql.add("ALTER TABLE security_event ENABLE ROW LEVEL SECURITY");
        sql.add("DROP POLICY IF EXISTS read_all ON security_event");
        sql.add("CREATE POLICY read_all ON security_event FOR SELECT TO " + rev + ", " + admin + " USING (true)");
        sql.add("DROP POLICY IF EXISTS read_own ON security_event");
        sql.add("CREATE POLICY read_own ON security_event FOR SELECT TO " + all + " USING (lower(user_name) = session_user)");
        sql.add("DROP POLICY IF EXISTS write_own ON security_event");
        sql.add("CREATE POLICY write_own ON security_event FOR INSERT TO " + all + " WITH CHECK (lower(user_name) = session_user)");
        sql.add("DROP POLICY IF EXISTS write_any ON security_event");
        sql.add("CREATE POLICY write_any ON security_event FOR INSERT TO " + admin + " WITH CHECK (true)");
        // accounts: one's own row (its password, after the current one was given); administrators every row
        sql.add("ALTER TABLE account ENABLE ROW LEVEL SECURITY");
        sql.add("DROP POLICY IF EXISTS own ON account");
        sql.add("CREATE POLICY own ON account FOR SELECT TO " + all + " USING (lower(user_name) = session_user)");
        sql.add("DROP POLICY IF EXISTS own_password ON account");
        sql.add("CREATE POLICY own_password ON account FOR UPDATE TO " + all
                + " USING (lower(user_name) = session_user) WITH CHECK (lower(user_name) = session_user AND locked = 0)");
        sql.add("DROP POLICY IF EXISTS administer ON account");
        sql.add("CREATE POLICY administer ON account FOR ALL TO " + admin + " USING (true) WITH CHECK (true)");
        return sql;
    }

    private static void policies(List<String> sql, String table, String everySite, String siteStaff, String ownRows) {
        sql.add("ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY");
        sql.add("DROP POLICY IF EXISTS every_site ON " + table);
        sql.add("CREATE POLICY every_site ON " + table + " FOR ALL TO " + everySite + " USING (true) WITH CHECK (true)");
        sql.add("DROP POLICY IF EXISTS own_sites ON " + table);
        sql.add("CREATE POLICY own_sites ON " + table + " FOR ALL TO " + siteStaff + " USING (" + ownRows + ") WITH CHECK (" + ownRows + ")");
    }

    /**
     * The login role of an account, with its password, in its role's group: made when new, else given the password and
     * the group (an account made before the database was provisioned, a reset). Through the owner's function, which
     * refuses any role this study did not make (the owner, a superuser, another study's people) and never gives
     * CREATEROLE; only the SCRAM-SHA-256 verifier, hashed here with a fresh salt, travels: no statement log, nor a failing
     * statement's log line, ever holds the password itself.
     */
    public static void createLogin(Tx tx, String userName, Role role, char[] password, String recoveryCode) throws SQLException {
        // the driver wipes the array it is given: a copy, since a transaction that lost a race is run again with the caller's
        String verifier = org.postgresql.util.PasswordUtil.encodeScramSha256(password.clone());
        call(tx, "SELECT aecapture_set_login(?, ?, ?, ?)", loginRole(userName), role.name(), verifier, recoveryProof(tx, recoveryCode));
    }

    /**
     * Made by the owner once, at the first provision: the unblinded statistician's recovery code, which an administrator
     * needs to make, reset or promote a statistician's login. The server keeps only its salted digest.
     *
     * @return the new code, to be printed once and kept in the sponsor's safe; empty when the database has one already
     */
    static java.util.Optional<String> makeRecoveryCode(Tx tx) throws SQLException {
        try (Statement st = tx.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM server_recovery WHERE id = 1")) {
            if (rs.next()) {
                return java.util.Optional.empty();
            }
        }
        String code = org.aecapture.security.ArmSeal.newRecoveryCode();
        byte[] random = new byte[16];
        new java.security.SecureRandom().nextBytes(random);
        String salt = java.util.HexFormat.of().formatHex(random);
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO server_recovery (id, salt, digest, made_at)"
                + " VALUES (1, ?, ?, aecapture_now())")) {
            ps.setString(1, salt);
            ps.setString(2, digest(salt, code));
            ps.executeUpdate();
        }
        return java.util.Optional.of(code);
    }

    /**
     * What proves the recovery code to the server without sending it (a statement log would keep it): its digest with the
     * server's salt; null without a code.
     */
    private static String recoveryProof(Tx tx, String recoveryCode) throws SQLException {
        if (recoveryCode == null || recoveryCode.isBlank()) {
            return null;
        }
        try (Statement st = tx.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT aecapture_recovery_salt()")) {
            rs.next();
            String salt = rs.getString(1);
            return salt == null ? null : digest(salt, recoveryCode);
        }
    }

    private static String digest(String salt, String code) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(new String(org.aecapture.security.ArmSeal.normaliseRecoveryCode(code)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Whether an account has its login role on this server. */
    public static boolean hasLogin(Tx tx, String userName) throws SQLException {
        return roleExists(tx.connection(), loginRole(userName), true);
    }

    /** A person's new password for their own login role (a role may change its own password, and nobody else's). */
    public static void setPassword(Tx tx, String userName, char[] password) throws SQLException {
        tx.connection().unwrap(org.postgresql.PGConnection.class).alterUserPassword(loginRole(userName), password.clone(), "scram-sha-256");
    }

    /** Moves a login role from one role's group to another's. */
    public static void changeRole(Tx tx, String userName, Role to, String recoveryCode) throws SQLException {
        call(tx, "SELECT aecapture_set_login_role(?, ?, ?)", loginRole(userName), to.name(), recoveryProof(tx, recoveryCode));
    }

    /** Lets a login role sign in again, or stops it (a disabled account). */
    public static void setLogin(Tx tx, String userName, boolean canLogin) throws SQLException {
        call(tx, "SELECT aecapture_set_login_enabled(?, ?)", loginRole(userName), canLogin);
    }

    private static void call(Tx tx, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        }
    }

    /** A quoted identifier. */
    static String q(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
