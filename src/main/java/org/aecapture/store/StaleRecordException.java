package org.aecapture.store;

/** A save based on a version of a record that someone else has changed since; nothing was written. */
public class StaleRecordException extends StoreException {

    public StaleRecordException(String message) {
        super(message);
    }
}
