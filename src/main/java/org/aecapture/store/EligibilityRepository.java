package org.aecapture.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.aecapture.domain.Eligibility;
import org.aecapture.domain.EligibilityChecklist;

/** The eligibility decision of each subject, with its audit trail. */
public final class EligibilityRepository extends VersionedRepository<Eligibility> {

    public static final String ENTITY = "eligibility";
    private static final String SELECT = "SELECT e.id, s.subject_id, e.outcome, e.answers, e.failed_criteria, e.assessed_by,"
            + " e.assessed_at, e.version FROM eligibility e JOIN subject s ON s.id = e.subject_ref";

    private final SubjectRepository subjects;

    public EligibilityRepository(SubjectRepository subjects) {
        this.subjects = subjects;
    }

    public Eligibility insert(Tx tx, Eligibility e) throws SQLException {
        return insertRecord(tx, e, null);
    }

    public Eligibility update(Tx tx, Eligibility e, String reason) throws SQLException {
        return updateRecord(tx, e, reason);
    }

    public Optional<Eligibility> findBySubject(Tx tx, String subjectNumber) throws SQLException {
        return query(tx, EligibilityRepository::read, SELECT + " WHERE s.subject_id = ?", subjectNumber).stream().findFirst();
    }

    @Override
    protected Optional<Eligibility> findById(Tx tx, long id) throws SQLException {
        return query(tx, EligibilityRepository::read, SELECT + " WHERE e.id = ?", id).stream().findFirst();
    }

    private static Eligibility read(ResultSet rs) throws SQLException {
        return new Eligibility(rs.getLong(1), rs.getString(2), EligibilityChecklist.Outcome.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8));
    }

    @Override
    protected String table() {
        return ENTITY;
    }

    @Override
    protected LinkedHashMap<String, Object> columns(Tx tx, Eligibility e) throws SQLException {
        LinkedHashMap<String, Object> c = new LinkedHashMap<>();
        c.put("subject_ref", subjects.keyOf(tx, e.subjectNumber()));
        c.put("outcome", e.outcome().name());
        c.put("answers", e.answers());
        c.put("failed_criteria", e.failedCriteria());
        c.put("assessed_by", e.assessedBy());
        c.put("assessed_at", e.assessedAt());
        return c;
    }

    @Override
    protected String describe(Eligibility e) {
        return "the eligibility of subject " + e.subjectNumber();
    }
}
