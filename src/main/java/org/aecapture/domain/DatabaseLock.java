package org.aecapture.domain;

/**
 * Whether the database is locked for clinical data changes, since when, by whom and why.
 *
 * @param changedAt UTC instant, ISO 8601
 */
public record DatabaseLock(Long id, boolean locked, String changedAt, String changedBy, String reason, int version)
        implements StoredRecord<DatabaseLock> {

    /** The lock concerns the whole study, no one subject. */
    @Override
    public String subjectNumber() {
        return null;
    }

    @Override
    public DatabaseLock withKey(long newId, int newVersion) {
        return new DatabaseLock(newId, locked, changedAt, changedBy, reason, newVersion);
    }
}
