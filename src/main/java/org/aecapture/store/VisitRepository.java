package org.aecapture.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.aecapture.domain.Visit;

/** The visits that took place, with their audit trail. */
public final class VisitRepository extends VersionedRepository<Visit> {

    public static final String ENTITY = "visit";
    private static final String SELECT = "SELECT v.id, s.subject_id, v.visit_code, v.visit_date, v.note, v.version"
            + " FROM visit v JOIN subject s ON s.id = v.subject_ref";

    private final SubjectRepository subjects;

    public VisitRepository(SubjectRepository subjects) {
        this.subjects = subjects;
    }

    public Visit insert(Tx tx, Visit v) throws SQLException {
        return insertRecord(tx, v, null);
    }

    public Visit update(Tx tx, Visit v, String reason) throws SQLException {
        return updateRecord(tx, v, reason);
    }

    /** A subject's visits in date order. */
    public List<Visit> findBySubject(Tx tx, String subjectNumber) throws SQLException {
        return query(tx, VisitRepository::read, SELECT + " WHERE s.subject_id = ? ORDER BY v.visit_date, v.id", subjectNumber);
    }

    @Override
    public Optional<Visit> findById(Tx tx, long id) throws SQLException {
        return query(tx, VisitRepository::read, SELECT + " WHERE v.id = ?", id).stream().findFirst();
    }

    private static Visit read(ResultSet rs) throws SQLException {
        return new Visit(rs.getLong(1), rs.getString(2), rs.getString(3), date(rs.getString(4)), rs.getString(5), rs.getInt(6));
    }

    @Override
    protected String table() {
        return ENTITY;
    }

    @Override
    protected LinkedHashMap<String, Object> columns(Tx tx, Visit v) throws SQLException {
        LinkedHashMap<String, Object> c = new LinkedHashMap<>();
        c.put("subject_ref", subjects.keyOf(tx, v.subjectNumber()));
        c.put("visit_code", v.visitCode());
        c.put("visit_date", iso(v.visitDate()));
        c.put("note", v.note() == null || v.note().isBlank() ? null : v.note().strip());
        return c;
    }

    @Override
    protected String describe(Visit v) {
        return "visit " + v.visitCode() + " of subject " + v.subjectNumber();
    }
}
