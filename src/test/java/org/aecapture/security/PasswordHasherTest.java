package org.aecapture.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void theStoredValueIsASaltedSlowHashNotThePassword() {
        String stored = PasswordHasher.hash("correct horse battery".toCharArray());
        assertFalse(stored.contains("correct horse battery"));
        assertTrue(stored.startsWith("pbkdf2-sha256$" + PasswordHasher.iterations() + "$"), stored);
        // the application's own count (the test suite lowers it for speed; .ci/run's commands hash with this one)
        assertTrue(PasswordHasher.ITERATIONS >= 600_000, "OWASP's 2023 recommendation");
        assertTrue(PasswordHasher.verify("correct horse battery".toCharArray(), stored));
        assertFalse(PasswordHasher.verify("correct horse batterY".toCharArray(), stored));
        assertFalse(PasswordHasher.verify("x".toCharArray(), "not a hash"));
    }

    @Test
    void theSamePasswordTwiceGivesTwoDifferentHashes() {
        String a = PasswordHasher.hash("same password 1".toCharArray());
        String b = PasswordHasher.hash("same password 1".toCharArray());
        assertNotEquals(a, b, "each hash has its own salt");
        assertTrue(PasswordHasher.verify("same password 1".toCharArray(), a));
        assertTrue(PasswordHasher.verify("same password 1".toCharArray(), b));
    }
}
