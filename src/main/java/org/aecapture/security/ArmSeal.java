package org.aecapture.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The treatment arms sealed inside a database file, with the JDK's own cryptography, so that reading the file
 * (sqlite3, a copy) shows no arm:
 * <ul>
 *   <li>each loaded list gets a fresh AES-256 data key; each arm is AES-GCM encrypted under it with the subject
 *       number as associated data (an arm cannot be moved to another subject unnoticed);</li>
 *   <li>the data key is wrapped with the study's RSA-3072 public key (OAEP, SHA-256), so anyone who loads a list
 *       can seal it, while only the private key opens it;</li>
 *   <li>the private key is kept wrapped (AES-GCM) under a key derived with PBKDF2 from the unblinded statistician's
 *       password, and under a recovery code printed once for the sponsor's safe;</li>
 *   <li>every arm code is padded to one fixed size before it is sealed ({@code sealed:v2:}), since AES-GCM keeps the
 *       plaintext's length: sealed as it was ({@code sealed:v1:}), {@code ALPN-101} came out one character longer than
 *       {@code PLACEBO}, and the length alone told every subject's arm.</li>
 * </ul>
 * Plain Java: no database here.
 */
public final class ArmSeal {

    /** Marks a sealed arm value of fixed length; anything else is an older seal or an arm in the clear (a server, an older file). */
    public static final String PREFIX = "sealed:v2:";
    /** The first format, which kept the arm code's length: opened still, so that a file can be re-sealed, never written. */
    public static final String LEAKING_PREFIX = "sealed:v1:";
    /** Every arm code is sealed as this many bytes: a length byte, its UTF-8 bytes, then zeros. */
    static final int PADDED_BYTES = 96;
    /** The longest arm code in UTF-8 bytes that fits the padded block (a study's codes are checked against it when loaded). */
    public static final int MAX_ARM_CODE_BYTES = PADDED_BYTES - 1;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final String RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I

    private ArmSeal() {
    }

    /** A list's arms, sealed: the wrapped data key and each subject's sealed arm. */
    public record SealedList(String wrappedDataKey, Map<String, String> sealedArmBySubject) { }

    /** A private key wrapped under a password or recovery code: salt, PBKDF2 iterations and the wrapped key. */
    public record WrappedKey(String salt, int iterations, String wrapped) { }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is missing from this Java runtime", e);
        }
    }

    public static String encode(PublicKey key) {
        return B64.encodeToString(key.getEncoded());
    }

    public static PublicKey publicKey(String encoded) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(B64D.decode(encoded)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The study's public key is damaged", e);
        }
    }

    /** Seals a list of arms (subject number to arm code) to the study's public key. */
    public static SealedList seal(PublicKey studyKey, Map<String, String> armBySubject) {
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            KeyGenerator aes = KeyGenerator.getInstance("AES");
            aes.init(256, RANDOM);
            SecretKey dataKey = aes.generateKey();
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.WRAP_MODE, studyKey, OAEP);
            String wrapped = B64.encodeToString(rsa.wrap(dataKey));
            Map<String, String> sealed = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : armBySubject.entrySet()) {
                sealed.put(e.getKey(), PREFIX + B64.encodeToString(gcm(gcm, Cipher.ENCRYPT_MODE, dataKey, padded(e.getValue()), e.getKey())));
            }
            return new SealedList(wrapped, sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing the arms failed", e);
        }
    }

    /** Whether a stored arm value is sealed, in either format. */
    public static boolean isSealed(String stored) {
        return stored.startsWith(PREFIX) || stored.startsWith(LEAKING_PREFIX);
    }

    /** An arm code as the fixed-size block that is sealed: its length in one byte, its UTF-8 bytes, zeros to the end. */
    static byte[] padded(String armCode) {
        byte[] code = armCode.getBytes(StandardCharsets.UTF_8);
        if (code.length > MAX_ARM_CODE_BYTES) {
            throw new IllegalArgumentException("The arm code " + armCode + " is longer than " + MAX_ARM_CODE_BYTES
                    + " bytes in UTF-8: it cannot be sealed to the fixed length.");
        }
        byte[] block = new byte[PADDED_BYTES];
        block[0] = (byte) code.length;
        System.arraycopy(code, 0, block, 1, code.length);
        return block;
    }

    private static String unpadded(byte[] block) {
        int length = block[0] & 0xff;
        if (block.length != PADDED_BYTES || length > MAX_ARM_CODE_BYTES) {
            throw new IllegalStateException("A sealed arm does not hold a padded arm code");
        }
        return new String(block, 1, length, StandardCharsets.UTF_8);
    }

    /** Opens the data key of a sealed list with the study's private key. */
    public static SecretKey openDataKey(PrivateKey studyKey, String wrappedDataKey) {
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.UNWRAP_MODE, studyKey, OAEP);
            return (SecretKey) rsa.unwrap(B64D.decode(wrappedDataKey), "AES", Cipher.SECRET_KEY);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The arms cannot be opened with this key", e);
        }
    }

    /** One subject's arm; refused when the value was altered or moved from another subject. */
    public static String open(SecretKey dataKey, String subjectNumber, String sealedArm) {
        return new Opener(dataKey).open(subjectNumber, sealedArm);
    }

    /**
     * Opens the arms of one list with one cipher, so that the AES key schedule is made once for the list: made again for
     * each of 2,500 subjects, it and the cipher's lookup were most of the time a statistician's export spent on the arms.
     */
    public static final class Opener {
        private final SecretKey dataKey;
        private final Cipher cipher;

        public Opener(SecretKey dataKey) {
            this.dataKey = dataKey;
            try {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is missing from this Java runtime", e);
            }
        }

        /** One subject's arm; refused when the value was altered or moved from another subject. */
        public String open(String subjectNumber, String sealedArm) {
            boolean leaking = sealedArm.startsWith(LEAKING_PREFIX);
            if (!leaking && !sealedArm.startsWith(PREFIX)) {
                throw new IllegalArgumentException("not a sealed arm");
            }
            try {
                byte[] plain = gcm(cipher, Cipher.DECRYPT_MODE, dataKey, B64D.decode(sealedArm.substring((leaking ? LEAKING_PREFIX : PREFIX).length())),
                        subjectNumber);
                return leaking ? new String(plain, StandardCharsets.UTF_8) : unpadded(plain);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The sealed arm of subject " + subjectNumber + " was altered or belongs to another subject", e);
            }
        }
    }

    /** AES-GCM with the associated data, with a cipher of its own. */
    private static byte[] gcm(int mode, SecretKey key, byte[] input, String associated) throws GeneralSecurityException {
        return gcm(Cipher.getInstance("AES/GCM/NoPadding"), mode, key, input, associated);
    }

    /** AES-GCM with the associated data; encryption puts the random IV before the cipher text. */
    private static byte[] gcm(Cipher c, int mode, SecretKey key, byte[] input, String associated) throws GeneralSecurityException {
        byte[] iv;
        byte[] body;
        if (mode == Cipher.ENCRYPT_MODE) {
            iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            body = input;
        } else {
            iv = java.util.Arrays.copyOf(input, IV_BYTES);
            body = java.util.Arrays.copyOfRange(input, IV_BYTES, input.length);
        }
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
        byte[] out = c.doFinal(body);
        if (mode != Cipher.ENCRYPT_MODE) {
            return out;
        }
        byte[] withIv = new byte[IV_BYTES + out.length];
        System.arraycopy(iv, 0, withIv, 0, IV_BYTES);
        System.arraycopy(out, 0, withIv, IV_BYTES, out.length);
        return withIv;
    }

    /** Wraps the study's private key under a password (or a recovery code): PBKDF2-HMAC-SHA256, then AES-GCM. */
    public static WrappedKey wrap(PrivateKey key, char[] secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        int iterations = PasswordHasher.iterations();
        try {
            SecretKey kek = new SecretKeySpec(PasswordHasher.derive(secret, salt, iterations), "AES");
            return new WrappedKey(B64.encodeToString(salt), iterations,
                    B64.encodeToString(gcm(Cipher.ENCRYPT_MODE, kek, key.getEncoded(), "study private key")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Wrapping the study key failed", e);
        }
    }

    /** The private key, or an exception when the password (or code) is not the one it was wrapped under. */
    public static PrivateKey unwrap(WrappedKey wrapped, char[] secret) {
        byte[] pkcs8;
        try {
            SecretKey kek = new SecretKeySpec(PasswordHasher.derive(secret, B64D.decode(wrapped.salt()), wrapped.iterations()), "AES");
            pkcs8 = gcm(Cipher.DECRYPT_MODE, kek, B64D.decode(wrapped.wrapped()), "study private key");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("This password or recovery code does not open the study's arm key.", e);
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The study's arm key is damaged", e);
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** A new recovery code: 25 characters in five groups (about 125 bits), to be printed and kept in a safe. */
    public static String newRecoveryCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            if (i > 0 && i % 5 == 0) {
                code.append('-');
            }
            code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
        }
        return code.toString();
    }

    /** A recovery code as typed (any case, with or without dashes and spaces) in its canonical form. */
    public static char[] normaliseRecoveryCode(String typed) {
        String letters = typed.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < letters.length(); i++) {
            if (i > 0 && i % 5 == 0) {
                code.append('-');
            }
            code.append(letters.charAt(i));
        }
        return code.toString().toCharArray();
    }
}
