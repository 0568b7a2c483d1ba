package org.aecapture.store;

import org.aecapture.domain.Signature;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Electronic signatures of subjects' AE data; append-only. */
public final class SignatureRepository {


    private final SubjectRepository subjects;

    public SignatureRepository(SubjectRepository subjects) {
        this.subjects = subjects;
    }

    public Signature insert(Tx tx, String subjectNumber, String meaning, String dataHash) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "INSERT INTO signature (subject_ref, signed_by, signed_at, meaning, data_hash, uid) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, subjects.keyOf(tx, subjectNumber));
            ps.setString(2, tx.user());
            ps.setString(3, UtcText.format(tx.now()));
            ps.setString(4, meaning);
            ps.setString(5, dataHash);
            ps.setString(6, Identity.newUid());
            ps.executeUpdate();
        }
        return new Signature(subjectNumber, tx.user(), UtcText.format(tx.now()), meaning, dataHash);
    }

    /** The subject's latest signature. */
    public Optional<Signature> latest(Tx tx, String subjectNumber) throws SQLException {
        List<Signature> found = VersionedRepository.query(tx, rs -> new Signature(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5)), "SELECT s.subject_id, g.signed_by, g.signed_at, g.meaning, g.data_hash FROM signature g"
                + " JOIN subject s ON s.id = g.subject_ref WHERE s.subject_id = ? ORDER BY g.id DESC LIMIT 1", subjectNumber);
        return found.stream().findFirst();
    }
}
