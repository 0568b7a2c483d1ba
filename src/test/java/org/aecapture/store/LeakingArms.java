package org.aecapture.store;

import java.security.PrivateKey;
import java.util.Map;
import org.aecapture.security.ArmSeal;
import org.aecapture.security.LeakingSeal;
import org.aecapture.service.AeCapture;

/** Files as an earlier release left them, whose sealed arms give themselves away by their length. */
public final class LeakingArms {

    private LeakingArms() {
    }

    /** Turns a file's arms into the first, leaking format, as an earlier release left them: under one new batch's data key. */
    public static void sealTheOldWay(AeCapture app, PrivateKey key) {
        app.database().inTransaction(tx -> {
            Map<String, String> arms = RandomizationRepository.readStoredArms(tx).open(key);
            ArmKeys.Sealed batch = ArmKeys.seal(tx, arms);
            String wrapped;
            try (var ps = tx.connection().prepareStatement("SELECT wrapped_data_key FROM arm_batch WHERE id = ?")) {
                ps.setLong(1, batch.batch());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    wrapped = rs.getString(1);
                }
            }
            javax.crypto.SecretKey dataKey = ArmSeal.openDataKey(key, wrapped);
            try (var ps = tx.connection().prepareStatement("UPDATE randomization SET arm_code = ?, batch_ref = ?"
                    + " WHERE subject_ref = (SELECT id FROM subject WHERE subject_id = ?)")) {
                for (Map.Entry<String, String> e : arms.entrySet()) {
                    ps.setString(1, LeakingSeal.seal(dataKey, e.getKey(), e.getValue()));
                    ps.setLong(2, batch.batch());
                    ps.setString(3, e.getKey());
                    ps.executeUpdate();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            tx.connection().createStatement().execute("DELETE FROM arm_batch WHERE id <> " + batch.batch());
            return null;
        });
    }
}
