package org.aecapture.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes and reads the append-only audit trail. Each changed field is one row with its old and new
 * value, written in the caller's transaction so that a change and its audit stand or fall together.
 */
public final class AuditTrail {

    public enum Action { INSERT, UPDATE, DELETE }

    public record Entry(long id, Instant at, String user, Action action, String entity, long recordId, String subjectId,
                        String field, String oldValue, String newValue, String reason) { }

    private static final String INSERT_SQL = "INSERT INTO audit_trail (at_utc, user_name, action, entity, record_id, subject_id,"
            + " field, old_value, new_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private AuditTrail() {
    }

    /**
     * On SQLite an insert's audit rows are one statement: the fields go as one JSON object that SQLite itself
     * unfolds into rows ({@code json_each}, in the object's order), so that an import of 100,000 AEs does not
     * cross into the database two million times.
     */
    private static final String INSERT_FROM_JSON_SQL = "INSERT INTO audit_trail (at_utc, user_name, action, entity, record_id,"
            + " subject_id, field, old_value, new_value, reason) SELECT ?, ?, 'INSERT', ?, ?, ?, key, NULL, value, ?"
            + " FROM json_each(?) WHERE value IS NOT NULL";

    /** A new record: one row for each field that has a value. */
    static void recordInsert(Tx tx, String entity, long recordId, String subjectId, Map<String, String> values, String reason)
            throws SQLException {
        if (tx.dialect() == Database.Dialect.SQLITE) {
            PreparedStatement ps = tx.reused(INSERT_FROM_JSON_SQL);
            ps.setString(1, tx.now().toString());
            ps.setString(2, tx.user());
            ps.setString(3, entity);
            ps.setLong(4, recordId);
            ps.setString(5, subjectId);
            ps.setString(6, reason);
            ps.setString(7, json(values));
            ps.executeUpdate();
            return;
        }
        PreparedStatement ps = tx.reused(INSERT_SQL);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue() != null) {
                add(ps, tx, Action.INSERT, entity, recordId, subjectId, e.getKey(), null, e.getValue(), reason);
            }
        }
        ps.executeBatch();
    }

    /** The fields with a value as one JSON object of strings, in order. */
    static String json(Map<String, String> values) {
        StringBuilder sb = new StringBuilder(512).append('{');
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue() != null) {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                quote(sb, e.getKey()).append(':');
                quote(sb, e.getValue());
            }
        }
        return sb.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    /** A changed record: one row for each field whose value differs; returns how many differ. */
    static int recordChanges(Tx tx, String entity, long recordId, String subjectId, Map<String, String> before,
                             Map<String, String> after, String reason) throws SQLException {
        int changed = 0;
        PreparedStatement ps = tx.reused(INSERT_SQL);
        for (Map.Entry<String, String> e : after.entrySet()) {
            String old = before.get(e.getKey());
            if (!Objects.equals(old, e.getValue())) {
                add(ps, tx, Action.UPDATE, entity, recordId, subjectId, e.getKey(), old, e.getValue(), reason);
                changed++;
            }
        }
        ps.executeBatch();
        return changed;
    }

    static void recordDelete(Tx tx, String entity, long recordId, String subjectId, String reason) throws SQLException {
        PreparedStatement ps = tx.reused(INSERT_SQL);
        add(ps, tx, Action.DELETE, entity, recordId, subjectId, "deleted", "N", "Y", reason);
        ps.executeBatch();
    }

    private static void add(PreparedStatement ps, Tx tx, Action action, String entity, long recordId, String subjectId,
                            String field, String oldValue, String newValue, String reason) throws SQLException {
        ps.setString(1, tx.now().toString());
        ps.setString(2, tx.user());
        ps.setString(3, action.name());
        ps.setString(4, entity);
        ps.setLong(5, recordId);
        ps.setString(6, subjectId);
        ps.setString(7, field);
        ps.setString(8, oldValue);
        ps.setString(9, newValue);
        ps.setString(10, reason);
        ps.addBatch();
    }

    /** The history of one record, oldest first. */
    public static List<Entry> history(Tx tx, String entity, long recordId) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(SELECT + " WHERE entity = ? AND record_id = ? ORDER BY id")) {
            ps.setString(1, entity);
            ps.setLong(2, recordId);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(read(rs));
                }
            }
            return entries;
        }
    }

    /**
     * What to look for in the whole trail; null parts match anything. Dates are UTC days, both included.
     */
    public record Query(String user, String entity, String subjectId, LocalDate from, LocalDate to, Action action) {

        public static final Query ALL = new Query(null, null, null, null, null, null);

        private String where(List<Object> args) {
            List<String> parts = new ArrayList<>();
            add(parts, args, "user_name = ?", user);
            add(parts, args, "entity = ?", entity);
            add(parts, args, "subject_id LIKE ?", subjectId == null || subjectId.isBlank() ? null : "%" + subjectId.strip() + "%");
            add(parts, args, "at_utc >= ?", from == null ? null : from.toString());
            add(parts, args, "at_utc < ?", to == null ? null : to.plusDays(1).toString());
            add(parts, args, "action = ?", action == null ? null : action.name());
            return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
        }

        private static void add(List<String> parts, List<Object> args, String clause, Object value) {
            if (value != null && !(value instanceof String s && s.isBlank())) {
                parts.add(clause);
                args.add(value);
            }
        }
    }

    private static final String SELECT = "SELECT id, at_utc, user_name, action, entity, record_id, subject_id, field, old_value, new_value,"
            + " reason FROM audit_trail";

    /** The newest {@code limit} entries that match, newest first. */
    public static List<Entry> search(Tx tx, Query q, int limit) throws SQLException {
        List<Entry> found = new ArrayList<>();
        forEach(tx, q, " ORDER BY id DESC LIMIT " + limit, found::add);
        return found;
    }

    /** Every matching entry, oldest first, one at a time (the trail may be long). */
    public static void forEach(Tx tx, Query q, Consumer<Entry> each) throws SQLException {
        forEach(tx, q, " ORDER BY id", each);
    }

    public static int count(Tx tx, Query q) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = q.where(args);
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT count(*) FROM audit_trail" + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The values a filter can choose from: the users and the entities that occur in the trail. */
    public static List<String> distinct(Tx tx, String column) throws SQLException {
        if (!List.of("user_name", "entity").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT DISTINCT " + column + " FROM audit_trail ORDER BY 1");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static void forEach(Tx tx, Query q, String order, Consumer<Entry> each) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = q.where(args);
        try (PreparedStatement ps = tx.connection().prepareStatement(SELECT + where + order)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(read(rs));
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    private static Entry read(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3), Action.valueOf(rs.getString(4)), rs.getString(5),
                rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11));
    }

    /** Who last changed a record and when, for a stale-version message. */
    static String lastChange(Tx tx, String entity, long recordId) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT user_name, at_utc FROM audit_trail WHERE entity = ? AND record_id = ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, entity);
            ps.setLong(2, recordId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? "by " + rs.getString(1) + " at " + rs.getString(2) + " UTC" : "by someone else";
            }
        }
    }

    /** Refuses a blank reason for an action that must be justified. */
    public static void requireReason(String reason, String what) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A reason for the change is required to " + what + ".");
        }
    }
}
