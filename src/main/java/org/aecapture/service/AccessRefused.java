package org.aecapture.service;

/** An action that the acting account's role, sites or the database lock do not allow; nothing was changed. */
public final class AccessRefused extends RuntimeException {

    AccessRefused(String message) {
        super(message);
    }
}
