package org.aecapture.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.aecapture.domain.Texts;
import org.aecapture.sae.Autopsy;
import org.aecapture.sae.ChallengeResult;
import org.aecapture.sae.SaeDetails;

/** The site's SAE details of an AE (one row per serious AE), audited field by field like every clinical record. */
public final class SaeRepository extends VersionedRepository<SaeDetails> {

    public static final String ENTITY = "sae";
    private static final String SELECT = "SELECT x.id, x.ae_ref, s.subject_id, x.aware_at, x.admission_date, x.discharge_date, x.death_date,"
            + " x.death_cause, x.autopsy, x.narrative, x.medical_history, x.concomitant_medications, x.dechallenge, x.rechallenge, x.version"
            + " FROM sae x JOIN adverse_event a ON a.id = x.ae_ref JOIN subject s ON s.id = a.subject_ref";

    public SaeDetails insert(Tx tx, SaeDetails d, String reason) throws SQLException {
        return insertRecord(tx, d, reason);
    }

    public SaeDetails update(Tx tx, SaeDetails d, String reason) throws SQLException {
        return updateRecord(tx, d, reason);
    }

    @Override
    protected Optional<SaeDetails> findById(Tx tx, long id) throws SQLException {
        return query(tx, SaeRepository::read, SELECT + " WHERE x.id = ?", id).stream().findFirst();
    }

    public Optional<SaeDetails> findByAe(Tx tx, long aeId) throws SQLException {
        return query(tx, SaeRepository::read, SELECT + " WHERE x.ae_ref = ?", aeId).stream().findFirst();
    }

    /** The SAE details of a subject's AEs, in one read (the edit checks after a save). */
    public List<SaeDetails> findBySubject(Tx tx, String subjectNumber) throws SQLException {
        return query(tx, SaeRepository::read, SELECT + " WHERE s.subject_id = ?", subjectNumber);
    }

    public List<SaeDetails> findAll(Tx tx) throws SQLException {
        return query(tx, SaeRepository::read, SELECT);
    }

    private static SaeDetails read(ResultSet rs) throws SQLException {
        return new SaeDetails(rs.getLong(1), rs.getLong(2), rs.getString(3), offsetDateTime(rs.getString(4)), date(rs.getString(5)),
                date(rs.getString(6)), date(rs.getString(7)), rs.getString(8), value(Autopsy.class, rs.getString(9)), rs.getString(10),
                rs.getString(11), rs.getString(12), value(ChallengeResult.class, rs.getString(13)),
                value(ChallengeResult.class, rs.getString(14)), rs.getInt(15));
    }

    static OffsetDateTime offsetDateTime(String s) {
        return s == null ? null : OffsetDateTime.parse(s);
    }

    static <E extends Enum<E>> E value(Class<E> type, String s) {
        return s == null ? null : Enum.valueOf(type, s);
    }

    @Override
    protected String table() {
        return ENTITY;
    }

    @Override
    protected LinkedHashMap<String, Object> columns(Tx tx, SaeDetails d) {
        LinkedHashMap<String, Object> c = new LinkedHashMap<>();
        c.put("ae_ref", d.aeId());
        c.put("aware_at", d.awareAt() == null ? null : d.awareAt().toString());
        c.put("admission_date", iso(d.admissionDate()));
        c.put("discharge_date", iso(d.dischargeDate()));
        c.put("death_date", iso(d.deathDate()));
        c.put("death_cause", Texts.blankToNull(d.causeOfDeath()));
        c.put("autopsy", d.autopsy() == null ? null : d.autopsy().name());
        c.put("narrative", Texts.blankToNull(d.narrative()));
        c.put("medical_history", Texts.blankToNull(d.medicalHistory()));
        c.put("concomitant_medications", Texts.blankToNull(d.concomitantMedications()));
        c.put("dechallenge", d.dechallenge() == null ? null : d.dechallenge().name());
        c.put("rechallenge", d.rechallenge() == null ? null : d.rechallenge().name());
        return c;
    }

    @Override
    protected String describe(SaeDetails d) {
        return "the SAE details of adverse event " + d.aeId() + " of subject " + d.subjectNumber();
    }
}
