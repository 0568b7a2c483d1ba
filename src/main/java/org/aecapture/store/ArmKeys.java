package org.aecapture.store;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.aecapture.security.ArmSeal;

/**
 * The study's arm key in an SQLite file (see {@link ArmSeal}): made when the file is created, kept under a
 * provisional wrap until the first unblinded statistician account exists, then under that person's password
 * and a recovery code. Not used on PostgreSQL, where the server's grants guard the randomization.
 */
public final class ArmKeys {

    public static final String ENTITY = "arm_key";
    static final String PROVISIONAL = "provisional";
    static final String RECOVERY = "recovery";

    private static final String LEAKING_ARMS = "SELECT count(*) FROM randomization WHERE substr(arm_code, 1, " + ArmSeal.PREFIX.length()
            + ") <> '" + ArmSeal.PREFIX + "'";

    private ArmKeys() {
    }

    static String accountHolder(String userName) {
        return "account:" + ServerRoles.loginRole(userName);
    }

    /** Whether arms are sealed in this database (an SQLite file). */
    public static boolean applies(Tx tx) {
        return tx.dialect() == Database.Dialect.SQLITE;
    }

    /**
     * Makes the key pair of a file that has none (a new file, or one made before arms were sealed), and seals
     * any arms it holds in the clear. A file whose arms were sealed in the leaking format while its key is still
     * provisional (a demo made by an earlier release) is re-sealed here too, since the key needs no password yet.
     */
    public static void ensure(Tx tx) throws SQLException {
        if (!applies(tx)) {
            return;
        }
        if (publicKey(tx).isEmpty()) {
            KeyPair pair = ArmSeal.newKeyPair();
            try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO arm_key (id, public_key, created_at) VALUES (1, ?, ?)")) {
                ps.setString(1, ArmSeal.encode(pair.getPublic()));
                ps.setString(2, UtcText.format(tx.now()));
                ps.executeUpdate();
            }
            String provisionalSecret = ArmSeal.newRecoveryCode();
            putHolder(tx, PROVISIONAL, ArmSeal.wrap(pair.getPrivate(), provisionalSecret.toCharArray()), provisionalSecret);
            AuditTrail.recordInsert(tx, ENTITY, 1, null, Map.of("holder", PROVISIONAL), "arm key of the study made");
        }
        if (leakingArms(tx) > 0) {
            // arms in the clear need no key to be sealed; arms in the leaking seal need the provisional one, if it is still there
            boolean sealedBefore = armsSealed(tx);
            Optional<PrivateKey> key = sealedBefore ? provisionalKey(tx) : Optional.empty();
            if (!sealedBefore || key.isPresent()) {
                reseal(tx, key.orElse(null));
            }
        }
    }

    /**
     * How many arms of this file are stored in a way that tells them apart: in the clear, or sealed in the first
     * format, whose length gives the arm away. 0 on a server, where the grants guard the randomization.
     */
    public static int leakingArms(Tx tx) throws SQLException {
        if (!applies(tx)) {
            return 0;
        }
        try (Statement st = tx.connection().createStatement(); ResultSet rs = st.executeQuery(LEAKING_ARMS)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** {@link #leakingArms(Tx)} of a file, read on a read-only connection of its own (the {@code check} command). */
    public static int leakingArms(java.nio.file.Path file) {
        org.sqlite.SQLiteConfig readOnly = new org.sqlite.SQLiteConfig();
        readOnly.setReadOnly(true);
        try (java.sql.Connection c = readOnly.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(LEAKING_ARMS)) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("Cannot read the randomization of " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean armsSealed(Tx tx) throws SQLException {
        try (Statement st = tx.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM randomization WHERE arm_code LIKE 'sealed:%' LIMIT 1")) {
            return rs.next();
        }
    }

    /**
     * Re-seals the file's arms in the fixed-length format when any is in the clear or in the leaking one, opening the
     * sealed ones with {@code key}: every arm of the file into one new batch, in subject order, the old values and
     * batches overwritten (SQLite's secure delete), audited without the arms. Nothing when every arm is already sealed
     * alike.
     *
     * @return how many arms were re-sealed
     */
    public static int resealLeaking(Tx tx, PrivateKey key) throws SQLException {
        return leakingArms(tx) == 0 ? 0 : reseal(tx, key);
    }

    private static int reseal(Tx tx, PrivateKey key) throws SQLException {
        Map<String, String> arms = new TreeMap<>(RandomizationRepository.readStoredArms(tx).open(key));
        Sealed sealed = seal(tx, arms);
        try (Statement st = tx.connection().createStatement()) {
            st.execute("PRAGMA secure_delete = ON"); // the leaking values must not stay behind in the file's free space
        }
        try (PreparedStatement ps = tx.connection().prepareStatement("UPDATE randomization SET arm_code = ?, batch_ref = ?"
                + " WHERE subject_ref = (SELECT id FROM subject WHERE subject_id = ?)")) {
            for (Map.Entry<String, String> e : sealed.armBySubject().entrySet()) {
                ps.setString(1, e.getValue());
                ps.setLong(2, sealed.batch());
                ps.setString(3, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = tx.connection().prepareStatement("DELETE FROM arm_batch WHERE id <> ?")) {
            ps.setLong(1, sealed.batch());
            ps.executeUpdate();
        }
        AuditTrail.recordChanges(tx, ENTITY, 1, null, Map.of("seal", "first format, length kept (or in the clear)"),
                Map.of("seal", "second format, one fixed length"), arms.size() + " arms re-sealed at one fixed length, in one batch");
        return arms.size();
    }

    /** A list sealed into a new batch: the batch and each subject's sealed arm. */
    record Sealed(long batch, Map<String, String> armBySubject) { }

    static Sealed seal(Tx tx, Map<String, String> armBySubject) throws SQLException {
        PublicKey key = publicKey(tx).orElseThrow(() -> new StoreException("This database has no arm key: reopen it to make one."));
        ArmSeal.SealedList sealed = ArmSeal.seal(key, armBySubject);
        long batch;
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO arm_batch (wrapped_data_key, sealed_at) VALUES (?, ?)"
                + " RETURNING id")) {
            ps.setString(1, sealed.wrappedDataKey());
            ps.setString(2, UtcText.format(tx.now()));
            try (ResultSet keys = ps.executeQuery()) {
                keys.next();
                batch = keys.getLong(1);
            }
        }
        return new Sealed(batch, sealed.sealedArmBySubject());
    }

    private static Optional<PublicKey> publicKey(Tx tx) throws SQLException {
        try (Statement st = tx.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT public_key FROM arm_key WHERE id = 1")) {
            return rs.next() ? Optional.of(ArmSeal.publicKey(rs.getString(1))) : Optional.empty();
        }
    }

    /** The private key while no statistician holds it yet (a new database, the demo); empty once one does. */
    public static Optional<PrivateKey> provisionalKey(Tx tx) throws SQLException {
        if (!applies(tx)) {
            return Optional.empty();
        }
        return holder(tx, PROVISIONAL).map(h -> ArmSeal.unwrap(h.key(), h.secret().toCharArray()));
    }

    /** The private key opened with an account's password; empty when the account holds none. */
    public static Optional<PrivateKey> openWithPassword(Tx tx, String userName, char[] password) throws SQLException {
        return heldBy(tx, userName).flatMap(key -> open(key, password));
    }

    /** The private key as an account holds it, wrapped under its password; empty when it holds none. */
    public static Optional<ArmSeal.WrappedKey> heldBy(Tx tx, String userName) throws SQLException {
        return applies(tx) ? holder(tx, accountHolder(userName)).map(Holder::key) : Optional.empty();
    }

    /** The private key opened with a password: with no database, as it takes a while (PBKDF2). */
    public static Optional<PrivateKey> open(ArmSeal.WrappedKey key, char[] password) {
        try {
            return Optional.of(ArmSeal.unwrap(key, password));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // wrapped under an earlier password (reset by an administrator): recovery code needed
        }
    }

    /**
     * The first unblinded statistician takes the key over from the provisional holder: it is wrapped under their
     * password and a new recovery code, and the provisional wrap is erased from the file.
     *
     * @return the recovery code, to be printed once and kept in the sponsor's safe; empty when the key already had its holders
     */
    public static Optional<String> adopt(Tx tx, String userName, char[] password) throws SQLException {
        Optional<PrivateKey> key = provisionalKey(tx);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        putHolder(tx, accountHolder(userName), ArmSeal.wrap(key.get(), password), null);
        String recovery = ArmSeal.newRecoveryCode();
        putHolder(tx, RECOVERY, ArmSeal.wrap(key.get(), recovery.toCharArray()), null);
        eraseHolder(tx, PROVISIONAL);
        AuditTrail.recordInsert(tx, ENTITY, 1, null, Map.of("holder", accountHolder(userName) + ", " + RECOVERY),
                "arm key handed to the first unblinded statistician; provisional key erased");
        return Optional.of(recovery);
    }

    /** Wraps the key under an account's new password (its owner's change, or a recovery), replacing the old wrap. */
    public static void rewrap(Tx tx, String userName, PrivateKey key, char[] newPassword) throws SQLException {
        eraseHolder(tx, accountHolder(userName));
        putHolder(tx, accountHolder(userName), ArmSeal.wrap(key, newPassword), null);
    }

    /** The private key opened with the recovery code (a statistician's lost password). */
    public static PrivateKey openWithRecoveryCode(Tx tx, String recoveryCode) throws SQLException {
        Holder h = holder(tx, RECOVERY).orElseThrow(() -> new StoreException("This database has no recovery code yet: the key is"
                + " still provisional until the first unblinded statistician account exists."));
        return ArmSeal.unwrap(h.key(), ArmSeal.normaliseRecoveryCode(recoveryCode));
    }

    private record Holder(ArmSeal.WrappedKey key, String secret) { }

    private static Optional<Holder> holder(Tx tx, String holder) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT salt, iterations, wrapped, secret FROM arm_key_holder WHERE holder = ?")) {
            ps.setString(1, holder);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Holder(new ArmSeal.WrappedKey(rs.getString(1), rs.getInt(2), rs.getString(3)), rs.getString(4)))
                        : Optional.empty();
            }
        }
    }

    private static void putHolder(Tx tx, String holder, ArmSeal.WrappedKey key, String secret) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "INSERT INTO arm_key_holder (holder, salt, iterations, wrapped, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, holder);
            ps.setString(2, key.salt());
            ps.setInt(3, key.iterations());
            ps.setString(4, key.wrapped());
            ps.setString(5, secret);
            ps.setString(6, UtcText.format(tx.now()));
            ps.executeUpdate();
        }
    }

    /** Deletes a wrap with SQLite's secure delete, so that its bytes do not stay behind in the file's free pages. */
    private static void eraseHolder(Tx tx, String holder) throws SQLException {
        try (Statement st = tx.connection().createStatement()) {
            st.execute("PRAGMA secure_delete = ON");
            try (PreparedStatement ps = tx.connection().prepareStatement("DELETE FROM arm_key_holder WHERE holder = ?")) {
                ps.setString(1, holder);
                ps.executeUpdate();
            }
        }
    }
}
