package org.aecapture.security;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (junit-platform.properties turns on extension auto-detection): new password hashes and
 * key wraps in the tests take 1,000 PBKDF2 iterations instead of 600,000. The suite makes and signs in with some thousand
 * accounts; at a quarter second a hash that was about two minutes of CI. The application has no way to lower it.
 */
public final class FewerIterationsInTests implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        PasswordHasher.lowerIterationsForTests(1_000);
    }
}
