package org.aecapture.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.aecapture.domain.Account;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Role;
import org.aecapture.domain.Subject;
import org.aecapture.security.PasswordHasher;
import org.aecapture.domain.Signature;
import org.aecapture.store.Tx;

/**
 * An investigator's electronic signature of a subject's AE data as they stand, given by entering the
 * password again. The signature keeps a hash of the data; any later change of the subject's AEs no
 * longer matches it, and the signature shows as invalid until signed again.
 */
public final class SignatureService {

    /** Where a subject's AE data stand with respect to signing. */
    public enum State { NOT_SIGNED, SIGNED, CHANGED_SINCE_SIGNED }

    public record Status(State state, Optional<Signature> latest) { }

    private final AeCapture app;

    SignatureService(AeCapture app) {
        this.app = app;
    }

    /** The statement the investigator signs. */
    public static String meaning(String subjectNumber) {
        return "I confirm that the adverse event data for subject " + subjectNumber + " are complete and accurate";
    }

    public Signature sign(String subjectNumber, char[] password) {
        try {
            return app.database().inTransaction(tx -> {
                Subject s = app.subjectRepository().findByNumber(tx, subjectNumber)
                        .orElseThrow(() -> new IllegalArgumentException("Subject " + subjectNumber + " does not exist."));
                Access access = app.access();
                access.requireUnlocked(tx);
                Account a = access.actor(tx);
                if (a == null || a.role() != Role.INVESTIGATOR) {
                    throw new AccessRefused("Only an investigator signs AE data" + (a == null ? ": create the accounts first." : "."));
                }
                if (!a.sites().contains(s.site())) {
                    throw new AccessRefused(a.userName() + " is not an investigator at site " + s.site() + ".");
                }
                if (!PasswordHasher.verify(password, a.passwordHash())) {
                    throw new AccessRefused("The password is wrong: nothing was signed.");
                }
                return app.signatureRepository().insert(tx, subjectNumber, meaning(subjectNumber), dataHash(tx, subjectNumber));
            });
        } finally {
            PasswordHasher.wipe(password);
        }
    }

    public Status status(String subjectNumber) {
        return app.database().inTransaction(tx -> {
            Optional<Signature> latest = app.signatureRepository().latest(tx, subjectNumber);
            if (latest.isEmpty()) {
                return new Status(State.NOT_SIGNED, latest);
            }
            boolean same = latest.get().dataHash().equals(dataHash(tx, subjectNumber));
            return new Status(same ? State.SIGNED : State.CHANGED_SINCE_SIGNED, latest);
        });
    }

    /** SHA-256 of every AE of the subject, deleted ones included, each with its version, in key order. */
    private String dataHash(Tx tx, String subjectNumber) throws SQLException {
        List<AdverseEvent> aes = app.adverseEventRepository().findBySubject(tx, subjectNumber, true).stream()
                .sorted(Comparator.comparing(AdverseEvent::id)).toList();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (AdverseEvent ae : aes) {
                sha.update(ae.toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
