package org.aecapture.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aecapture.security.ArmSeal;

/**
 * The randomization list (subject to arm), kept apart from the subject data. Its audit rows record
 * that an arm was assigned, who loaded it and when, but never the arm itself: the audit trail is read
 * by blinded staff.
 */
public final class RandomizationRepository {

    public static final String ENTITY = "randomization";
    static final String MASKED = "(masked)";

    private final SubjectRepository subjects;

    public RandomizationRepository(SubjectRepository subjects) {
        this.subjects = subjects;
    }

    /** Stores each subject's arm; a subject already randomized is refused. */
    public void insertAll(Tx tx, Map<String, String> armsAsLoaded, String reason) throws SQLException {
        // in subject order, whatever the list's order: the order of the rows and of their audit rows must not follow the arms
        Map<String, String> armBySubjectNumber = new java.util.TreeMap<>(armsAsLoaded);
        // in a file the arms are stored sealed (anyone who can read the file reads its tables); on a server the
        // grants keep them from everyone but the unblinded statistician
        ArmKeys.Sealed sealed = ArmKeys.applies(tx) ? ArmKeys.seal(tx, armBySubjectNumber) : null;
        String sql = sealed != null ? "INSERT INTO randomization (subject_ref, arm_code, loaded_at, loaded_by, batch_ref) VALUES (?, ?, ?, ?, ?)"
                : "INSERT INTO randomization (subject_ref, arm_code, loaded_at, loaded_by) VALUES (?, ?, ?, ?)";
        try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
            for (Map.Entry<String, String> e : armBySubjectNumber.entrySet()) {
                long key = subjects.keyOf(tx, e.getKey());
                ps.setLong(1, key);
                ps.setString(2, sealed != null ? sealed.armBySubject().get(e.getKey()) : e.getValue());
                ps.setString(3, UtcText.format(tx.now()));
                ps.setString(4, tx.user());
                if (sealed != null) {
                    ps.setLong(5, sealed.batch());
                }
                ps.executeUpdate();
                AuditTrail.recordInsert(tx, ENTITY, key, e.getKey(), Map.of("arm_code", MASKED), reason);
            }
        }
    }

    public boolean isLoaded(Tx tx) throws SQLException {
        try (Statement st = tx.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT subjects FROM randomization_status")) {
            return rs.next() && rs.getInt(1) > 0;
        }
    }

    /** When and by whom the list was loaded, e.g. "on 2026-11-24T10:00:00Z by jdoe"; empty when none is. */
    public java.util.Optional<String> loadedBy(Tx tx) throws SQLException {
        try (Statement st = tx.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT loaded_at, loaded_by FROM randomization_status")) {
            return rs.next() && rs.getString(1) != null ? java.util.Optional.of("on " + rs.getString(1) + " (UTC) by " + rs.getString(2)) : java.util.Optional.empty();
        }
    }

    /**
     * The arms by subject number. Only the unblinded outputs may call this. In a file the sealed arms are opened
     * with the study's private key ({@code armKey}), which only the unblinded statistician's password unlocks.
     */
    public Map<String, String> armsBySubjectNumber(Tx tx, java.security.PrivateKey armKey) throws SQLException {
        return storedArms(tx).open(armKey);
    }

    /**
     * The arms as stored, sealed or not: read here, opened by {@link StoredArms#open} with no database, so that an export
     * can open them on another thread while it reads on.
     */
    public StoredArms storedArms(Tx tx) throws SQLException {
        return readStoredArms(tx);
    }

    static StoredArms readStoredArms(Tx tx) throws SQLException {
        List<StoredArm> arms = new ArrayList<>();
        boolean sealedFile = ArmKeys.applies(tx);
        // each batch's wrapped key read once, not once with every arm of it (half a kilobyte a subject)
        Map<Long, String> wrappedDataKeys = new HashMap<>();
        if (sealedFile) {
            try (Statement st = tx.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, wrapped_data_key FROM arm_batch")) {
                while (rs.next()) {
                    wrappedDataKeys.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        String sql = sealedFile ? "SELECT s.subject_id, r.arm_code, r.batch_ref FROM randomization r"
                + " JOIN subject s ON s.id = r.subject_ref ORDER BY s.subject_id"
                : "SELECT s.subject_id, r.arm_code FROM randomization r JOIN subject s ON s.id = r.subject_ref ORDER BY s.subject_id";
        try (Statement st = tx.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                long batch = sealedFile ? rs.getLong(3) : 0;
                arms.add(new StoredArm(rs.getString(1), rs.getString(2), batch, wrappedDataKeys.get(batch)));
            }
        }
        return new StoredArms(arms);
    }

    /** A subject's arm as stored: in the clear, or sealed under the data key of its batch (wrapped to the study key). */
    private record StoredArm(String subjectNumber, String stored, long batch, String wrappedDataKey) { }

    /** Arms as read from the database, not yet opened. */
    public static final class StoredArms {
        private final List<StoredArm> arms;

        private StoredArms(List<StoredArm> arms) {
            this.arms = List.copyOf(arms);
        }

        /**
         * The arms by subject number, in subject order; the sealed ones opened with {@code armKey}.
         *
         * @throws StoreException when an arm is sealed and there is no key to open it
         */
        public Map<String, String> open(java.security.PrivateKey armKey) {
            Map<String, String> open = new LinkedHashMap<>();
            Map<Long, ArmSeal.Opener> openers = new HashMap<>();
            for (StoredArm arm : arms) {
                if (!ArmSeal.isSealed(arm.stored())) {
                    open.put(arm.subjectNumber(), arm.stored());
                    continue;
                }
                if (armKey == null) {
                    throw new StoreException("The treatment arms in this file are sealed: only the unblinded statistician, signed in with"
                            + " their password, can open them.");
                }
                ArmSeal.Opener opener = openers.computeIfAbsent(arm.batch(),
                        b -> new ArmSeal.Opener(ArmSeal.openDataKey(armKey, arm.wrappedDataKey())));
                open.put(arm.subjectNumber(), opener.open(arm.subjectNumber(), arm.stored()));
            }
            return open;
        }
    }
}
