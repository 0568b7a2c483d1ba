package org.aecapture.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.aecapture.domain.AuditEntry;
import org.aecapture.domain.AuditQuery;

/**
 * Writes and reads the append-only audit trail, written in the caller's transaction so that a change and its audit
 * stand or fall together. A change or a deletion is one row for each changed field, with its old and new value. A new
 * record is one row whose field is {@value #RECORD_FIELDS}, whose new value is the record's fields with a value as one
 * JSON object in column order, and whose field_count is how many: an import of 100,000 AEs then writes 100,000 audit
 * rows instead of 1.8 million. The trail is read as entries, one for each field, the same whichever way a row was
 * written (older files have inserts written field by field).
 */
public final class AuditTrail {

    /** The field name of an insert's single row, whose new value holds all the record's fields. */
    static final String RECORD_FIELDS = "*";

    private static final JsonFactory JSON = new JsonFactory();

    private static final String INSERT_SQL = "INSERT INTO audit_trail (at_utc, user_name, action, entity, record_id, subject_id,"
            + " field, old_value, new_value, reason, field_count, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private AuditTrail() {
    }

    /** A new record: one row holding every field that has a value. */
    static void recordInsert(Tx tx, String entity, long recordId, String subjectId, Map<String, String> values, String reason)
            throws SQLException {
        int fields = 0;
        for (String v : values.values()) {
            fields += v == null ? 0 : 1;
        }
        PreparedStatement ps = tx.reused(INSERT_SQL);
        bind(ps, tx, AuditEntry.Action.INSERT, entity, recordId, subjectId, RECORD_FIELDS, null, json(values), reason, fields);
        ps.executeUpdate();
    }

    /** The fields that have a value, as one JSON object in their order; {@link #fields} reads it back. */
    static String json(Map<String, String> values) {
        StringBuilder json = new StringBuilder(512).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue() != null) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                quote(json, e.getKey()).append(':');
                quote(json, e.getValue());
            }
        }
        return json.append('}').toString();
    }

    /** A JSON string (RFC 8259): quote, backslash and control characters escaped, everything else as it is. */
    private static StringBuilder quote(StringBuilder json, String s) {
        json.append('"');
        int plain = 0; // most values need no escape: copied whole, not a character at a time (every save writes its audit rows)
        while (plain < s.length() && s.charAt(plain) >= 0x20 && s.charAt(plain) != '"' && s.charAt(plain) != '\\') {
            plain++;
        }
        json.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }

    /** The fields of an insert's row, in the order written. */
    static Map<String, String> fields(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new StoreException("An audit row of an insert does not hold its fields: " + json);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                fields.put(name, p.getText());
            }
        } catch (IOException e) {
            throw new StoreException("An audit row of an insert does not hold its fields: " + e.getMessage());
        }
        return fields;
    }

    /** A changed record: one row for each field whose value differs; returns how many differ. */
    static int recordChanges(Tx tx, String entity, long recordId, String subjectId, Map<String, String> before,
                             Map<String, String> after, String reason) throws SQLException {
        int changed = 0;
        PreparedStatement ps = tx.reused(INSERT_SQL);
        for (Map.Entry<String, String> e : after.entrySet()) {
            String old = before.get(e.getKey());
            if (!Objects.equals(old, e.getValue())) {
                bind(ps, tx, AuditEntry.Action.UPDATE, entity, recordId, subjectId, e.getKey(), old, e.getValue(), reason, null);
                ps.addBatch();
                changed++;
            }
        }
        ps.executeBatch();
        return changed;
    }

    static void recordDelete(Tx tx, String entity, long recordId, String subjectId, String reason) throws SQLException {
        PreparedStatement ps = tx.reused(INSERT_SQL);
        bind(ps, tx, AuditEntry.Action.DELETE, entity, recordId, subjectId, "deleted", "N", "Y", reason, null);
        ps.executeUpdate();
    }

    private static void bind(PreparedStatement ps, Tx tx, AuditEntry.Action action, String entity, long recordId, String subjectId,
                             String field, String oldValue, String newValue, String reason, Integer fieldCount) throws SQLException {
        ps.setString(1, UtcText.format(tx.now()));
        ps.setString(2, tx.user());
        ps.setString(3, action.name());
        ps.setString(4, entity);
        ps.setLong(5, recordId);
        ps.setString(6, subjectId);
        ps.setString(7, field);
        ps.setString(8, oldValue);
        ps.setString(9, newValue);
        ps.setString(10, reason);
        ps.setObject(11, fieldCount, java.sql.Types.INTEGER); // an insert's row only: a change's row is one field
        ps.setString(12, Identity.newUid()); // so that a row carried to the other database by sync is carried once
    }

    /** The history of one record, oldest first. */
    public static List<AuditEntry> history(Tx tx, String entity, long recordId) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(SELECT + " WHERE entity = ? AND record_id = ? ORDER BY id")) {
            ps.setString(1, entity);
            ps.setLong(2, recordId);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    read(rs, false, entries::add);
                }
            }
            return entries;
        }
    }

    /** The WHERE clause of a search of the trail, its arguments added to {@code args}. */
    private static String where(AuditQuery q, List<Object> args) {
        List<String> parts = new ArrayList<>();
        add(parts, args, "user_name = ?", q.user());
        add(parts, args, "entity = ?", q.entity());
        add(parts, args, "subject_id LIKE ?", q.subjectId() == null || q.subjectId().isBlank() ? null : "%" + q.subjectId().strip() + "%");
        add(parts, args, "at_utc >= ?", q.from() == null ? null : q.from().toString());
        add(parts, args, "at_utc < ?", q.to() == null ? null : q.to().plusDays(1).toString());
        add(parts, args, "action = ?", q.action() == null ? null : q.action().name());
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    private static void add(List<String> parts, List<Object> args, String clause, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            parts.add(clause);
            args.add(value);
        }
    }

    private static final String SELECT = "SELECT id, at_utc, user_name, action, entity, record_id, subject_id, field, old_value, new_value,"
            + " reason, carried_by, received_at FROM audit_trail";

    /** The newest {@code limit} entries that match, newest first. */
    public static List<AuditEntry> search(Tx tx, AuditQuery q, int limit) throws SQLException {
        List<AuditEntry> found = new ArrayList<>();
        // each row is at least one entry, so the newest {@code limit} rows hold the newest {@code limit} entries
        forEach(tx, q, " ORDER BY id DESC LIMIT " + limit, true, found::add);
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }

    /** Every matching entry, oldest first, one at a time (the trail may be long). */
    public static void forEach(Tx tx, AuditQuery q, Consumer<AuditEntry> each) throws SQLException {
        forEach(tx, q, " ORDER BY id", false, each);
    }

    /** How many entries match: one for each row of a change, and for an insert's row the number of its fields. */
    public static int count(Tx tx, AuditQuery q) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = where(q, args);
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT coalesce(sum(coalesce(field_count, 1)), 0) FROM audit_trail"
                + where)) {
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

    private static void forEach(Tx tx, AuditQuery q, String order, boolean newestFirst, Consumer<AuditEntry> each) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = where(q, args);
        try (PreparedStatement ps = tx.connection().prepareStatement(SELECT + where + order)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    read(rs, newestFirst, each);
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    /** The entries of one row: the row itself, or an insert's fields one by one (last field first when newest first). */
    private static void read(ResultSet rs, boolean newestFirst, Consumer<AuditEntry> each) throws SQLException {
        long id = rs.getLong(1);
        Instant at = UtcText.parse(rs.getString(2));
        String user = rs.getString(3);
        AuditEntry.Action action = AuditEntry.Action.valueOf(rs.getString(4));
        String entity = rs.getString(5);
        long recordId = rs.getLong(6);
        String subjectId = rs.getString(7);
        String field = rs.getString(8);
        String reason = rs.getString(11);
        String carriedBy = rs.getString(12);
        String received = rs.getString(13);
        Instant receivedAt = received == null ? null : UtcText.parse(received);
        if (!RECORD_FIELDS.equals(field)) {
            each.accept(new AuditEntry(id, at, user, action, entity, recordId, subjectId, field, rs.getString(9), rs.getString(10), reason,
                    carriedBy, receivedAt));
            return;
        }
        // the row's columns are fetched once, not again for each of its fields
        List<AuditEntry> entries = new ArrayList<>();
        for (Map.Entry<String, String> f : fields(rs.getString(10)).entrySet()) {
            entries.add(new AuditEntry(id, at, user, action, entity, recordId, subjectId, f.getKey(), null, f.getValue(), reason,
                    carriedBy, receivedAt));
        }
        if (newestFirst) {
            Collections.reverse(entries);
        }
        entries.forEach(each);
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
