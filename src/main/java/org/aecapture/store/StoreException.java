package org.aecapture.store;

/** A store problem explained in words a user can act on (locked, full, damaged file...). */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
