package org.aecapture.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.aecapture.domain.DataQuery;
import org.aecapture.domain.SdvMark;

/** The monitors' source data verification marks, one per record, audited each time a record is verified (again). */
public final class SdvMarkRepository extends VersionedRepository<SdvMark> {

    public static final String ENTITY = "sdv_mark";
    private static final String SELECT = "SELECT m.id, s.subject_id, m.target, m.record_id, m.verified_version, m.verified_by, m.verified_at,"
            + " m.version, m.verified_hash FROM sdv_mark m JOIN subject s ON s.id = m.subject_ref";

    private final SubjectRepository subjects;

    public SdvMarkRepository(SubjectRepository subjects) {
        this.subjects = subjects;
    }

    /** Marks the record verified at its version now: a new mark, or the record's mark moved on (audited either way). */
    public SdvMark mark(Tx tx, SdvMark mark, String reason) throws SQLException {
        Optional<SdvMark> existing = find(tx, mark.target(), mark.recordId());
        if (existing.isEmpty()) {
            return insertRecord(tx, mark, null);
        }
        SdvMark moved = new SdvMark(existing.get().id(), mark.subjectNumber(), mark.target(), mark.recordId(), mark.verifiedVersion(),
                mark.verifiedHash(), mark.verifiedBy(), mark.verifiedAt(), existing.get().version());
        return updateRecord(tx, moved, reason);
    }

    public Optional<SdvMark> find(Tx tx, DataQuery.Target target, long recordId) throws SQLException {
        return query(tx, SdvMarkRepository::read, SELECT + " WHERE m.target = ? AND m.record_id = ?", target.code(), recordId).stream().findFirst();
    }

    public List<SdvMark> findAll(Tx tx, DataQuery.Target target) throws SQLException {
        return query(tx, SdvMarkRepository::read, SELECT + " WHERE m.target = ?", target.code());
    }

    @Override
    protected Optional<SdvMark> findById(Tx tx, long id) throws SQLException {
        return query(tx, SdvMarkRepository::read, SELECT + " WHERE m.id = ?", id).stream().findFirst();
    }

    private static SdvMark read(ResultSet rs) throws SQLException {
        return new SdvMark(rs.getLong(1), rs.getString(2), DataQuery.Target.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)), rs.getLong(4),
                rs.getInt(5), rs.getString(9), rs.getString(6), UtcText.parse(rs.getString(7)), rs.getInt(8));
    }

    @Override
    protected String table() {
        return ENTITY;
    }

    @Override
    protected LinkedHashMap<String, Object> columns(Tx tx, SdvMark m) throws SQLException {
        LinkedHashMap<String, Object> c = new LinkedHashMap<>();
        c.put("subject_ref", subjects.keyOf(tx, m.subjectNumber()));
        c.put("target", m.target().code());
        c.put("record_id", m.recordId());
        c.put("record_uid", DataQueryRepository.uidOf(tx, m.target(), m.recordId()));
        c.put("verified_version", m.verifiedVersion());
        c.put("verified_hash", m.verifiedHash());
        c.put("verified_by", m.verifiedBy());
        c.put("verified_at", UtcText.format(m.verifiedAt()));
        return c;
    }

    @Override
    protected String describe(SdvMark m) {
        return "the verification of " + m.target().code().replace('_', ' ') + " " + m.recordId() + " of subject " + m.subjectNumber();
    }
}
