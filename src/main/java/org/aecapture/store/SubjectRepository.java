package org.aecapture.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.aecapture.domain.CodedValue;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Sex;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectStatus;

/** Subjects, with their audit trail. The arm is not here: see {@link RandomizationRepository}. */
public final class SubjectRepository extends VersionedRepository<Subject> {

    public static final String ENTITY = "subject";
    private static final String SELECT = "SELECT id, subject_id, site, sex, birth_date, consent_date, first_dose_date, eos_date,"
            + " status, version FROM subject";

    public Subject insert(Tx tx, Subject s, String reason) throws SQLException {
        return insertRecord(tx, s, reason);
    }

    public Subject update(Tx tx, Subject s, String reason) throws SQLException {
        return updateRecord(tx, s, reason);
    }

    /**
     * Takes the subject's row lock for a change of its records (AEs and what hangs on them), held until the transaction
     * ends: another change of the same subject waits its turn, and then reads what this one committed (the edit checks
     * compare a subject's AEs). Nothing on SQLite, whose writers take turns for the whole file. No lock when there is no
     * such subject (the rules refuse it by name).
     */
    public void lockForChange(Tx tx, String subjectNumber) throws SQLException {
        if (tx.dialect() != Database.Dialect.POSTGRESQL) {
            return;
        }
        var ps = tx.reused("SELECT 1 FROM subject WHERE subject_id = ? FOR NO KEY UPDATE");
        ps.setString(1, subjectNumber);
        ps.executeQuery().close();
    }

    public Optional<Subject> findByNumber(Tx tx, String subjectNumber) throws SQLException {
        List<Subject> found = query(tx, SubjectRepository::read, SELECT + " WHERE subject_id = ?", subjectNumber);
        // the key comes with the subject: a save that read it does not look it up again to store an AE under it
        found.forEach(s -> tx.subjectKeys().put(s.subjectNumber(), s.id()));
        return found.stream().findFirst();
    }

    public List<Subject> findAll(Tx tx) throws SQLException {
        return query(tx, SubjectRepository::read, SELECT + " ORDER BY subject_id");
    }

    /** The store key of a subject number, for tables that refer to subjects. */
    long keyOf(Tx tx, String subjectNumber) throws SQLException {
        // kept for the transaction: a subject's key never changes, and an import of 100,000 AEs asks for it once per AE
        Long key = tx.subjectKeys().get(subjectNumber);
        if (key == null) {
            key = query(tx, rs -> rs.getLong(1), "SELECT id FROM subject WHERE subject_id = ?", subjectNumber).stream().findFirst()
                    .orElseThrow(() -> new StoreException("Subject " + subjectNumber + " does not exist in this database."));
            tx.subjectKeys().put(subjectNumber, key);
        }
        return key;
    }

    @Override
    public Optional<Subject> findById(Tx tx, long id) throws SQLException {
        return query(tx, SubjectRepository::read, SELECT + " WHERE id = ?", id).stream().findFirst();
    }

    private static Subject read(ResultSet rs) throws SQLException {
        return new Subject(rs.getLong(1), rs.getString(2), rs.getString(3),
                CodedValue.fromCode(Sex.class, rs.getString(4)).orElseThrow(),
                PartialDate.parseIso(rs.getString(5)), date(rs.getString(6)),
                date(rs.getString(7)), date(rs.getString(8)),
                SubjectStatus.valueOf(rs.getString(9)), rs.getInt(10));
    }

    @Override
    protected String table() {
        return ENTITY;
    }

    @Override
    protected LinkedHashMap<String, Object> columns(Tx tx, Subject s) {
        LinkedHashMap<String, Object> c = new LinkedHashMap<>();
        c.put("subject_id", s.subjectNumber());
        c.put("site", s.site());
        c.put("sex", s.sex().code());
        c.put("birth_date", s.birthDate().toIso());
        c.put("consent_date", iso(s.consentDate()));
        c.put("first_dose_date", iso(s.firstDoseDate()));
        c.put("eos_date", iso(s.endOfStudyDate()));
        c.put("status", s.status().name());
        return c;
    }

    @Override
    protected String describe(Subject s) {
        return "subject " + s.subjectNumber();
    }
}
