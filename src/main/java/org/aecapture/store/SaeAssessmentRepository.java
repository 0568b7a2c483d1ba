package org.aecapture.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.aecapture.domain.CodedValue;
import org.aecapture.domain.Relationship;
import org.aecapture.sae.Expectedness;
import org.aecapture.sae.SponsorAssessment;

/** The sponsor's assessment of an SAE (the safety reviewer's): causality, expectedness, SUSAR submission; audited. */
public final class SaeAssessmentRepository extends VersionedRepository<SponsorAssessment> {

    public static final String ENTITY = "sae_assessment";
    private static final String SELECT = "SELECT x.id, x.ae_ref, s.subject_id, x.sponsor_causality, x.expectedness, x.susar_submitted_on,"
            + " x.version FROM sae_assessment x JOIN adverse_event a ON a.id = x.ae_ref JOIN subject s ON s.id = a.subject_ref";

    public SponsorAssessment insert(Tx tx, SponsorAssessment a, String reason) throws SQLException {
        return insertRecord(tx, a, reason);
    }

    public SponsorAssessment update(Tx tx, SponsorAssessment a, String reason) throws SQLException {
        return updateRecord(tx, a, reason);
    }

    @Override
    protected Optional<SponsorAssessment> findById(Tx tx, long id) throws SQLException {
        return query(tx, SaeAssessmentRepository::read, SELECT + " WHERE x.id = ?", id).stream().findFirst();
    }

    public Optional<SponsorAssessment> findByAe(Tx tx, long aeId) throws SQLException {
        return query(tx, SaeAssessmentRepository::read, SELECT + " WHERE x.ae_ref = ?", aeId).stream().findFirst();
    }

    public List<SponsorAssessment> findAll(Tx tx) throws SQLException {
        return query(tx, SaeAssessmentRepository::read, SELECT);
    }

    private static SponsorAssessment read(ResultSet rs) throws SQLException {
        String causality = rs.getString(4);
        return new SponsorAssessment(rs.getLong(1), rs.getLong(2), rs.getString(3),
                causality == null ? null : CodedValue.fromCode(Relationship.class, causality).orElseThrow(),
                SaeRepository.value(Expectedness.class, rs.getString(5)), date(rs.getString(6)), rs.getInt(7));
    }

    @Override
    protected String table() {
        return ENTITY;
    }

    @Override
    protected LinkedHashMap<String, Object> columns(Tx tx, SponsorAssessment a) {
        LinkedHashMap<String, Object> c = new LinkedHashMap<>();
        c.put("ae_ref", a.aeId());
        c.put("sponsor_causality", a.causality() == null ? null : a.causality().code());
        c.put("expectedness", a.expectedness() == null ? null : a.expectedness().name());
        c.put("susar_submitted_on", iso(a.susarSubmittedOn()));
        return c;
    }

    @Override
    protected String describe(SponsorAssessment a) {
        return "the sponsor's assessment of adverse event " + a.aeId() + " of subject " + a.subjectNumber();
    }
}
