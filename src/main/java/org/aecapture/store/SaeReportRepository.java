package org.aecapture.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aecapture.sae.SaeReport;

/**
 * The SAE reports as they were sent: inserted once with an audit row that carries the content's SHA-256, never
 * changed or deleted (the tables' triggers refuse it).
 */
public final class SaeReportRepository {

    public static final String ENTITY = "sae_report";
    private static final String SELECT = "SELECT r.id, r.ae_ref, s.subject_id, r.report_type, r.follow_up_number, r.sent_at, r.sent_by,"
            + " r.content, r.sha256, d.delivered_at FROM sae_report r JOIN adverse_event a ON a.id = r.ae_ref JOIN subject s ON s.id = a.subject_ref"
            + " LEFT JOIN sae_report_delivery d ON d.report_uid = r.uid";

    public SaeReport insert(Tx tx, SaeReport r) throws SQLException {
        long id;
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO sae_report (ae_ref, report_type, follow_up_number,"
                + " sent_at, sent_by, content, sha256, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            ps.setLong(1, r.aeId());
            ps.setString(2, r.type().name());
            ps.setInt(3, r.followUpNumber());
            ps.setString(4, UtcText.format(r.sentAt()));
            ps.setString(5, r.sentBy());
            ps.setString(6, r.content());
            ps.setString(7, r.sha256());
            ps.setString(8, Identity.newUid());
            try (ResultSet keys = ps.executeQuery()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        Map<String, String> audited = new LinkedHashMap<>();
        audited.put("report", r.label());
        audited.put("adverse_event", Long.toString(r.aeId()));
        audited.put("sent_at", UtcText.format(r.sentAt()));
        audited.put("sha256", r.sha256());
        AuditTrail.recordInsert(tx, ENTITY, id, r.subjectNumber(), audited, null);
        boolean offlineSite = offlineSite(tx);
        return new SaeReport(id, r.aeId(), r.subjectNumber(), r.type(), r.followUpNumber(), r.sentAt(), r.sentBy(), r.content(), r.sha256(),
                offlineSite ? null : r.sentAt()); // made offline: delivered by the next sync
    }

    /** An AE's reports, oldest first. */
    public List<SaeReport> findByAe(Tx tx, long aeId) throws SQLException {
        return query(tx, SELECT + " WHERE r.ae_ref = ? ORDER BY r.follow_up_number", aeId);
    }

    /** Every report, by AE and then oldest first. */
    public List<SaeReport> findAll(Tx tx) throws SQLException {
        return query(tx, SELECT + " ORDER BY r.ae_ref, r.follow_up_number");
    }

    /**
     * Whether this is a site's file that syncs with a central database: a report without a delivery row reached the sponsor
     * as it was made, except there, where it waits for the sync that carries it.
     */
    private static boolean offlineSite(Tx tx) throws SQLException {
        return tx.dialect() == Database.Dialect.SQLITE && SiteSync.linkedTo(tx).isPresent();
    }

    private static List<SaeReport> query(Tx tx, String sql, Object... args) throws SQLException {
        boolean offlineSite = offlineSite(tx);
        List<SaeReport> list = new ArrayList<>();
        try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant sent = UtcText.parse(rs.getString(6));
                    String delivered = rs.getString(10);
                    list.add(new SaeReport(rs.getLong(1), rs.getLong(2), rs.getString(3), SaeReport.Type.valueOf(rs.getString(4)),
                            rs.getInt(5), sent, rs.getString(7), rs.getString(8), rs.getString(9),
                            delivered != null ? UtcText.parse(delivered) : offlineSite ? null : sent));
                }
            }
        }
        return list;
    }

    /** When each AE's reportable data last changed: the latest audit time of the AE and of its SAE details. */
    public Map<Long, Instant> lastChanges(Tx tx) throws SQLException {
        Map<Long, Instant> last = new java.util.HashMap<>();
        // the times compared as instants, not as text: "10:00:00.5Z" sorts before "10:00:00Z" as text
        String sql = "SELECT DISTINCT a.id, t.at_utc FROM audit_trail t JOIN adverse_event a ON t.entity = 'adverse_event'"
                + " AND t.record_id = a.id WHERE a.serious = 1"
                + " UNION SELECT x.ae_ref, t.at_utc FROM audit_trail t JOIN sae x ON t.entity = 'sae' AND t.record_id = x.id";
        try (PreparedStatement ps = tx.connection().prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant at = UtcText.parse(rs.getString(2));
                last.merge(rs.getLong(1), at, (x, y) -> x.isAfter(y) ? x : y);
            }
        }
        return last;
    }
}
