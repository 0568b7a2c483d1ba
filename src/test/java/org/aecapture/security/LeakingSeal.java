package org.aecapture.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The first seal format ({@code sealed:v1:}), as an earlier release wrote it: the arm code's UTF-8 bytes AES-GCM
 * encrypted as they are, so that the sealed value is as long as the code. Only tests write it, to make old files.
 */
public final class LeakingSeal {

    private static final SecureRandom RANDOM = new SecureRandom();

    private LeakingSeal() {
    }

    public static String seal(SecretKey dataKey, String subjectNumber, String armCode) throws Exception {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(128, iv));
        c.updateAAD(subjectNumber.getBytes(StandardCharsets.UTF_8));
        byte[] body = c.doFinal(armCode.getBytes(StandardCharsets.UTF_8));
        byte[] withIv = new byte[iv.length + body.length];
        System.arraycopy(iv, 0, withIv, 0, iv.length);
        System.arraycopy(body, 0, withIv, iv.length, body.length);
        return ArmSeal.LEAKING_PREFIX + Base64.getEncoder().withoutPadding().encodeToString(withIv);
    }
}
