package org.aecapture.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.StoredRecord;

/**
 * Insert and update of a versioned table with its audit rows: the one place where optimistic locking
 * and field-by-field audit of changes are done, for every entity.
 */
abstract class VersionedRepository<T extends StoredRecord<T>> {

    /** The table, which is also the entity name in the audit trail. */
    protected abstract String table();

    /** The record's columns (not id, version or deletion) as Java values: String, Integer, Boolean or null. */
    protected abstract LinkedHashMap<String, Object> columns(Tx tx, T record) throws SQLException;

    protected abstract Optional<T> findById(Tx tx, long id) throws SQLException;

    /** What a person reading the trail calls the record, e.g. "adverse event 12 of subject 101-001". */
    protected abstract String describe(T record);

    /**
     * Whether the table's records travel between a site's file and the central database, with a global identity
     * ({@code uid}, a random UUID given here, where the record is made): every clinical record; not accounts or the lock.
     */
    protected boolean travels() {
        return true;
    }

    /** The INSERT of the columns last inserted: an import inserts the same columns a hundred thousand times. */
    private volatile InsertStatement lastInsert;

    private record InsertStatement(List<String> columns, String sql) { }

    protected T insertRecord(Tx tx, T record, String reason) throws SQLException {
        LinkedHashMap<String, Object> cols = columns(tx, record);
        InsertStatement insert = lastInsert;
        if (insert == null || !sameInOrder(insert.columns(), cols.keySet())) {
            String names = String.join(", ", cols.keySet());
            String marks = marks(cols.size());
            // RETURNING (SQLite 3.35+, PostgreSQL): the key comes with the insert, with no second statement per row
            insert = new InsertStatement(List.copyOf(cols.keySet()), "INSERT INTO " + table() + " (" + names + ", version"
                    + (travels() ? ", uid" : "") + ") VALUES (" + marks + ", 1" + (travels() ? ", ?" : "") + ") RETURNING id");
            lastInsert = insert;
        }
        long id;
        PreparedStatement ps = tx.reused(insert.sql());
        int next = bind(ps, cols);
        if (travels()) {
            ps.setString(next, Identity.newUid());
        }
        try (ResultSet keys = ps.executeQuery()) {
            keys.next();
            id = keys.getLong(1);
        }
        AuditTrail.recordInsert(tx, table(), id, record.subjectNumber(), auditValues(cols), reason);
        return record.withKey(id, 1);
    }

    private static boolean sameInOrder(List<String> a, java.util.Collection<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        int i = 0;
        for (String name : b) {
            if (!a.get(i++).equals(name)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Saves a changed record. {@code record}'s version is the one the user started from: if the stored
     * record has moved on since, nothing is written. Returns the stored record as it now is.
     */
    protected T updateRecord(Tx tx, T record, String reason) throws SQLException {
        return updateRecord(tx, record, reason, stored -> { });
    }

    /** {@link #updateRecord(Tx, StoredRecord, String)}, handing {@code storedBefore} the record as stored until now. */
    protected T updateRecord(Tx tx, T record, String reason, java.util.function.Consumer<T> storedBefore) throws SQLException {
        T stored = loadCurrent(tx, record, "change");
        storedBefore.accept(stored);
        AuditTrail.requireReason(reason, "change " + describe(stored));
        LinkedHashMap<String, Object> cols = columns(tx, record);
        LinkedHashMap<String, Object> before = columns(tx, stored);
        int changed = AuditTrail.recordChanges(tx, table(), record.id(), record.subjectNumber(),
                auditValues(before), auditValues(cols), reason);
        if (changed == 0) {
            return stored;
        }
        // only the columns that change: on a server a person may be granted some columns only (their own password)
        LinkedHashMap<String, Object> differing = new LinkedHashMap<>(cols);
        differing.keySet().removeIf(c -> java.util.Objects.equals(before.get(c), cols.get(c)));
        if (!differing.isEmpty()) {
            cols.keySet().retainAll(differing.keySet());
        }
        String sets = cols.keySet().stream().map(c -> c + " = ?").collect(Collectors.joining(", "));
        PreparedStatement ps = tx.reused("UPDATE " + table() + " SET " + sets + ", version = version + 1 WHERE id = ? AND version = ?");
        int i = bind(ps, cols);
        ps.setLong(i++, record.id());
        ps.setInt(i, record.version());
        if (ps.executeUpdate() != 1) {
            throw stale(tx, record);
        }
        return record.withKey(record.id(), record.version() + 1);
    }

    /** The stored record, if it is still at the version the caller holds. */
    protected T loadCurrent(Tx tx, T record, String what) throws SQLException {
        if (record.id() == null) {
            throw new IllegalArgumentException("Cannot " + what + " a " + table().replace('_', ' ') + " that was never saved.");
        }
        T stored = findById(tx, record.id()).orElseThrow(() -> new StoreException(
                "There is no " + table().replace('_', ' ') + " " + record.id() + " in the database."));
        if (stored.version() != record.version()) {
            throw stale(tx, record);
        }
        return stored;
    }

    protected StaleRecordException stale(Tx tx, T record) throws SQLException {
        return new StaleRecordException("Not saved: " + describe(record) + " was changed "
                + AuditTrail.lastChange(tx, table(), record.id()) + " after you opened it. Reload it to see that change, then"
                + " enter yours again.");
    }

    @FunctionalInterface
    protected interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs a query with positional arguments and maps each row. */
    protected static <T> List<T> query(Tx tx, RowMapper<T> mapper, String sql, Object... args) throws SQLException {
        List<T> list = new ArrayList<>();
        forEach(tx, mapper, list::add, sql, args);
        return list;
    }

    /** Runs a query with positional arguments and hands each mapped row to {@code each} as it is read. */
    protected static <T> void forEach(Tx tx, RowMapper<T> mapper, java.util.function.Consumer<T> each, String sql, Object... args)
            throws SQLException {
        PreparedStatement ps = tx.reused(sql); // a lookup repeated for every row of an import is prepared once
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                each.accept(mapper.map(rs));
            }
        }
    }

    private static int bind(PreparedStatement ps, Map<String, Object> cols) throws SQLException {
        int i = 1;
        for (Object v : cols.values()) {
            if (v instanceof Boolean b) {
                ps.setInt(i++, b ? 1 : 0);
            } else {
                ps.setObject(i++, v);
            }
        }
        return i;
    }

    /** Columns whose values the audit trail must never show (a password hash): it shows that they changed, not to what. */
    protected Set<String> secretColumns() {
        return Set.of();
    }

    /** Column values as the audit trail shows them: booleans as Y/N; keys to other tables are left out; secrets masked. */
    private Map<String, String> auditValues(Map<String, Object> cols) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> secret = secretColumns();
        for (Map.Entry<String, Object> c : cols.entrySet()) {
            String k = c.getKey();
            if (k.endsWith("_ref")) {
                continue;
            }
            Object v = c.getValue();
            String shown = v == null ? null : v instanceof Boolean b ? (b ? "Y" : "N") : v.toString();
            values.put(k, shown != null && secret.contains(k) ? mask(shown) : shown);
        }
        return values;
    }

    /** A short fingerprint that differs when the secret changes and tells nothing about it. */
    private static String mask(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "(secret " + HexFormat.of().formatHex(digest, 0, 4) + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A stored ISO date (YYYY-MM-DD), or null. Read by PartialDate's own hand-written parser when it has that length: in a
     * new JVM, LocalDate.parse took 0.15 s for the 7,500 dates of 2,500 subjects, which every summary export reads.
     * Anything that parser refuses (or a year outside its range) goes to LocalDate.parse, which says what is wrong.
     */
    static java.time.LocalDate date(String iso) {
        if (iso == null) {
            return null;
        }
        if (iso.length() == 10) {
            try {
                PartialDate day = PartialDate.parseIso(iso);
                if (day.isComplete()) { // not "2021" padded with spaces, which the parser trims
                    return day.earliest();
                }
            } catch (java.time.DateTimeException e) {
                // LocalDate.parse reads it, or says why not, below
            }
        }
        return java.time.LocalDate.parse(iso);
    }

    /** "?, ?, ?": {@code n} parameter marks, for an INSERT's values or an IN list. */
    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    static String iso(Object date) {
        return date == null ? null : date.toString();
    }
}
