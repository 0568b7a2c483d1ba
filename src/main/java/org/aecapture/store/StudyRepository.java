package org.aecapture.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.aecapture.study.StudyDefinition;

/** The study this database holds; its definition is stored with the data so that the file is self-describing. */
public final class StudyRepository {

    public static final String ENTITY = "study";

    public Optional<String> definitionYaml(Tx tx) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT definition_yaml FROM study WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    public void insert(Tx tx, StudyDefinition study, String yaml) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "INSERT INTO study (id, study_id, protocol, definition_yaml, created_at, created_by, ctcae_version) VALUES (1, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, study.studyId());
            ps.setString(2, study.protocol());
            ps.setString(3, yaml);
            ps.setString(4, UtcText.format(tx.now()));
            ps.setString(5, tx.user());
            ps.setString(6, study.ctcae());
            ps.executeUpdate();
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("study_id", study.studyId());
        values.put("protocol", study.protocol());
        values.put("definition_yaml", yaml);
        AuditTrail.recordInsert(tx, ENTITY, 1, null, values, "database initialised");
    }
}
