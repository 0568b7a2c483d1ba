package org.aecapture.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Passwords are kept only as a salted PBKDF2-HMAC-SHA256 hash (the JDK's own implementation), stored as
 * {@code pbkdf2-sha256$iterations$salt$hash} so that the iteration count can be raised later without
 * invalidating stored hashes.
 */
public final class PasswordHasher {

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int ITERATIONS = 600_000;
    public static final int MIN_LENGTH = 10;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * The iterations of a new hash or key wrap: {@link #ITERATIONS}, lowered only by the test suite's
     * {@code FewerIterationsInTests} extension (no property or option of the application changes it): the tests make and
     * sign in with some thousand accounts, whose hashing at a quarter second each was about two minutes of a CI run.
     * A stored hash keeps its own count, so verifying is the same either way.
     */
    private static volatile int newHashIterations = ITERATIONS;

    private PasswordHasher() {
    }

    public static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        int iterations = newHashIterations;
        return format(iterations, salt, derive(password, salt, iterations));
    }

    /** The iterations a new hash or key wrap takes (see {@link #newHashIterations}). */
    public static int iterations() {
        return newHashIterations;
    }

    /** For the test suite only, from this package's test sources. */
    static void lowerIterationsForTests(int iterations) {
        newHashIterations = Math.max(1_000, iterations);
    }

    /** Whether {@code password} is the one {@code stored} was made from; compared in constant time. */
    public static boolean verify(char[] password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return false;
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    }

    static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String format(int iterations, byte[] salt, byte[] hash) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Blanks a password once it has been used. */
    public static void wipe(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
