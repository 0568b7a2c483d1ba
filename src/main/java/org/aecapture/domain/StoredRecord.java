package org.aecapture.domain;

/**
 * A clinical record as the store keeps it: a key, a version for optimistic locking, the subject it
 * belongs to (for the audit trail), and a copy of itself under a new key and version.
 */
public interface StoredRecord<T extends StoredRecord<T>> {

    /** The store key; null until saved. */
    Long id();

    /** The optimistic-locking version; 0 until saved. */
    int version();

    String subjectNumber();

    T withKey(long id, int version);
}
