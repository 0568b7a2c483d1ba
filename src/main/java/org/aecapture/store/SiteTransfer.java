package org.aecapture.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Brings a site's SQLite database into the central one: subjects, eligibility, visits, AEs, signatures, the
 * accounts and the audit trail of those records with their original users, times and reasons. All or nothing:
 * a subject or account that exists on both sides with other data is a conflict, listed, and nothing is written.
 * A subject that is already there with the same data (a second run) is left as it is, with its records.
 * Record keys change on the way (the central database numbers its own rows), so the audit rows are
 * re-pointed at the new keys. What belongs to the site file alone (its study row, database lock, arm key,
 * randomization) stays there.
 */
public final class SiteTransfer {

    /**
     * What a transfer did, or the conflicts that stopped it; {@code leftForSync}: the site file's rows that a transfer does
     * not copy and the site's first sync carries (its queries and SDV marks), by table.
     */
    public record Result(List<String> conflicts, Map<String, Integer> copied, List<String> alreadyThere, List<String> accountsWithoutLogin,
                         Map<String, Integer> leftForSync) {
        public boolean refused() {
            return !conflicts.isEmpty();
        }
    }

    private static final List<String> SUBJECT_COLUMNS = List.of("subject_id", "site", "sex", "birth_date", "consent_date",
            "first_dose_date", "eos_date", "status");
    private static final List<String> ACCOUNT_COLUMNS = List.of("role", "sites");
    /** The tables that hang off a subject, in the order they are copied. */
    private static final List<String> SUBJECT_TABLES = List.of("eligibility", "visit", "adverse_event", "signature");
    /** The audit trail's entities that are copied, with the table their record keys point into. */
    private static final Set<String> COPIED_ENTITIES = Set.of("subject", "eligibility", "visit", "adverse_event", "account", "sae",
            "sae_assessment", "sae_report");
    /** The tables that hang off an adverse event (SAE reporting), in the order they are copied. */
    private static final List<String> AE_TABLES = List.of("sae", "sae_assessment", "sae_report");
    /** Every table whose rows are copied. */
    private static final List<String> COPIED_TABLES = List.of("subject", "eligibility", "visit", "adverse_event", "signature", "account",
            "sae", "sae_assessment", "sae_report", "audit_trail");

    private SiteTransfer() {
    }

    /**
     * Copies {@code site} into {@code central}, both in open transactions; the caller commits {@code central}'s
     * only when the result is not refused.
     */
    public static Result copy(Tx site, Tx central, String source) throws SQLException {
        Connection from = site.connection();
        Connection to = central.connection();
        List<String> conflicts = new ArrayList<>();
        List<String> alreadyThere = new ArrayList<>();
        Map<String, Map<Long, Long>> keys = new HashMap<>();
        for (String t : List.of("subject", "eligibility", "visit", "adverse_event", "signature", "account", "sae", "sae_assessment",
                "sae_report")) {
            keys.put(t, new HashMap<>());
        }
        // the tables' columns first: only the central tables' own columns are ever named in SQL, and a site file whose
        // tables have other columns (another schema version, or a crafted file) is refused before anything is read into them
        Map<String, List<String>> centralColumns = new HashMap<>();
        for (String table : COPIED_TABLES) {
            List<String> theirs = Rows.columns(to, table).stream().map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList();
            List<String> here = Rows.columns(from, table); // named in a message as they are in the file
            List<String> extra = here.stream().filter(c -> !theirs.contains(c.toLowerCase(java.util.Locale.ROOT))).toList();
            List<String> missing = theirs.stream().filter(c -> here.stream().noneMatch(h -> h.equalsIgnoreCase(c))).toList();
            if (!extra.isEmpty()) {
                conflicts.add("table " + table + " of the site file has columns the central database does not have: " + String.join(", ", extra));
            }
            if (!missing.isEmpty()) {
                conflicts.add("table " + table + " of the site file lacks the central database's columns " + String.join(", ", missing));
            }
            centralColumns.put(table, theirs);
        }
        if (!conflicts.isEmpty()) {
            return new Result(conflicts, Map.of(), alreadyThere, List.of(), Map.of());
        }
        Inserter insert = (table, row, replaced) -> insert(to, table, centralColumns.get(table), row, replaced);
        // subjects and accounts first: a conflict stops everything before a row is written
        List<Map<String, Object>> subjects = Rows.read(from, "SELECT * FROM subject ORDER BY id");
        Map<Long, Long> existingSubject = matchExisting(to, subjects, "subject", "subject_id",
                "SELECT * FROM subject WHERE subject_id = ?", SUBJECT_COLUMNS, conflicts);
        subjects.stream().filter(s -> existingSubject.containsKey(key(s))).forEach(s -> alreadyThere.add((String) s.get("subject_id")));
        List<Map<String, Object>> accounts = Rows.read(from, "SELECT * FROM account ORDER BY id");
        Map<Long, Long> existingAccount = matchExisting(to, accounts, "account", "user_name",
                "SELECT * FROM account WHERE lower(user_name) = lower(?)", ACCOUNT_COLUMNS, conflicts);
        if (!conflicts.isEmpty()) {
            return new Result(conflicts, Map.of(), alreadyThere, List.of(), Map.of());
        }

        Map<String, Integer> copied = new LinkedHashMap<>();
        copyNew(insert, "subject", subjects, existingSubject, keys.get("subject"), copied);
        for (String table : SUBJECT_TABLES) {
            for (Map<String, Object> row : Rows.read(from, "SELECT * FROM " + table + " ORDER BY id")) {
                long subject = ((Number) row.get("subject_ref")).longValue();
                if (existingSubject.containsKey(subject)) {
                    continue; // already transferred with its subject
                }
                long newKey = insert.insert(table, row, Map.of("subject_ref", keys.get("subject").get(subject)));
                keys.get(table).put(key(row), newKey);
                copied.merge(table, 1, Integer::sum);
            }
        }
        for (String table : AE_TABLES) {
            for (Map<String, Object> row : Rows.read(from, "SELECT * FROM " + table + " ORDER BY id")) {
                Long ae = keys.get("adverse_event").get(((Number) row.get("ae_ref")).longValue());
                if (ae == null) {
                    continue; // its AE was already there, transferred with its subject
                }
                keys.get(table).put(key(row), insert.insert(table, row, Map.of("ae_ref", ae)));
                copied.merge(table, 1, Integer::sum);
            }
        }
        List<String> withoutLogin = copyNew(insert, "account", accounts, existingAccount, keys.get("account"), copied).stream()
                .map(a -> (String) a.get("user_name")).toList();
        // the history of what was copied, with its original users, times and reasons, re-pointed at the new keys
        for (Map<String, Object> audit : Rows.read(from, "SELECT * FROM audit_trail ORDER BY id")) {
            String entity = (String) audit.get("entity");
            if (!COPIED_ENTITIES.contains(entity)) {
                continue;
            }
            long oldRecord = ((Number) audit.get("record_id")).longValue();
            boolean alreadyCopied = entity.equals("account") ? existingAccount.containsKey(oldRecord)
                    : existingSubject.containsKey(subjectOf(from, entity, oldRecord));
            Long newRecord = keys.get(entity).get(oldRecord);
            if (alreadyCopied || newRecord == null) {
                continue;
            }
            insert.insert("audit_trail", audit, Map.of("record_id", newRecord));
            copied.merge("audit_trail", 1, Integer::sum);
        }
        for (Map.Entry<Long, Long> s : keys.get("subject").entrySet()) {
            if (!existingSubject.containsKey(s.getKey())) {
                try (PreparedStatement ps = to.prepareStatement("INSERT INTO audit_trail (at_utc, user_name, action, entity, record_id,"
                        + " subject_id, field, old_value, new_value, reason, uid) SELECT ?, ?, 'INSERT', 'subject', id, subject_id, 'transfer',"
                        + " NULL, ?, ?, ? FROM subject WHERE id = ?")) {
                    ps.setString(1, UtcText.format(central.now()));
                    ps.setString(2, central.user());
                    ps.setString(3, source);
                    ps.setString(4, "transferred from the site database " + source);
                    ps.setString(5, Identity.newUid());
                    ps.setLong(6, s.getValue());
                    ps.executeUpdate();
                }
            }
        }
        Map<String, Integer> leftForSync = new LinkedHashMap<>();
        for (String table : List.of("data_query", "sdv_mark")) {
            int n = ((Number) Rows.read(from, "SELECT count(*) AS n FROM " + table).get(0).get("n")).intValue();
            if (n > 0) {
                leftForSync.put(table, n);
            }
        }
        return new Result(List.of(), copied, alreadyThere, withoutLogin, leftForSync);
    }

    /**
     * The site's rows that the central database already has (found by {@code natural}, e.g. the subject number),
     * site key to central key, when they hold the same {@code compared} data; a differing one is a conflict.
     */
    private static Map<Long, Long> matchExisting(Connection to, List<Map<String, Object>> siteRows, String what, String natural,
                                                 String lookup, List<String> compared, List<String> conflicts) throws SQLException {
        Map<Long, Long> existing = new HashMap<>();
        for (Map<String, Object> row : siteRows) {
            List<Map<String, Object>> there = Rows.read(to, lookup, row.get(natural));
            if (there.isEmpty()) {
                continue;
            }
            List<String> differs = differing(row, there.get(0), compared);
            if (differs.isEmpty()) {
                existing.put(key(row), key(there.get(0)));
            } else {
                conflicts.add(what + " " + row.get(natural) + " exists in both with other " + String.join(", ", differs));
            }
        }
        return existing;
    }

    /**
     * Inserts the rows the central database does not have yet, noting every row's central key (the existing
     * ones' too) and the count copied.
     *
     * @return the rows copied
     */
    private static List<Map<String, Object>> copyNew(Inserter insert, String table, List<Map<String, Object>> rows, Map<Long, Long> existing,
                                                     Map<Long, Long> keys, Map<String, Integer> copied) throws SQLException {
        keys.putAll(existing);
        List<Map<String, Object>> inserted = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            if (!existing.containsKey(key(row))) {
                keys.put(key(row), insert.insert(table, row, Map.of()));
                copied.merge(table, 1, Integer::sum);
                inserted.add(row);
            }
        }
        return inserted;
    }

    private static long key(Map<String, Object> row) {
        return ((Number) row.get("id")).longValue();
    }

    /** The subject a record of {@code entity} belongs to (the subject itself for a subject), in the site database. */
    private static long subjectOf(Connection from, String entity, long record) throws SQLException {
        if (entity.equals("subject")) {
            return record;
        }
        List<Map<String, Object>> r = AE_TABLES.contains(entity)
                ? Rows.read(from, "SELECT a.subject_ref FROM " + entity + " x JOIN adverse_event a ON a.id = x.ae_ref WHERE x.id = ?", record)
                : Rows.read(from, "SELECT subject_ref FROM " + entity + " WHERE id = ?", record);
        return r.isEmpty() ? -1 : ((Number) r.get(0).get("subject_ref")).longValue();
    }

    private static List<String> differing(Map<String, Object> a, Map<String, Object> b, List<String> columns) {
        List<String> differs = new ArrayList<>();
        for (String c : columns) {
            if (!Objects.equals(text(a.get(c)), text(b.get(c)))) {
                differs.add(c + " (" + text(a.get(c)) + " here, " + text(b.get(c)) + " there)");
            }
        }
        return differs;
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    /** Inserts a site row into a central table. */
    @FunctionalInterface
    private interface Inserter {
        long insert(String table, Map<String, Object> row, Map<String, Object> replaced) throws SQLException;
    }

    /**
     * Inserts a row's values under the central table's own {@code columns} (all but its key, some values replaced), the
     * identifiers quoted, and returns the new key. No name from the site file reaches the SQL.
     */
    private static long insert(Connection to, String table, List<String> columns, Map<String, Object> row, Map<String, Object> replaced)
            throws SQLException {
        List<String> named = columns.stream().filter(c -> !c.equals("id")).toList();
        String sql = "INSERT INTO " + ServerRoles.q(table) + " (" + String.join(", ", named.stream().map(ServerRoles::q).toList())
                + ") VALUES (" + VersionedRepository.marks(named.size()) + ") RETURNING id";
        try (PreparedStatement ps = to.prepareStatement(sql)) {
            for (int i = 0; i < named.size(); i++) {
                String c = named.get(i);
                ps.setObject(i + 1, replaced.containsKey(c) ? replaced.get(c) : row.get(c));
            }
            try (ResultSet k = ps.executeQuery()) {
                k.next();
                return k.getLong(1);
            }
        }
    }
}
