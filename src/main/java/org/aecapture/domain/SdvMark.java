package org.aecapture.domain;

import java.time.Instant;

/**
 * A monitor's mark that a record was verified against the source (the hospital chart), at the record's version then.
 * A later change of the record moves its version on, so the mark reads "changed since verified" and never silently
 * "verified" again until the monitor verifies anew.
 */
public record SdvMark(Long id, String subjectNumber, DataQuery.Target target, long recordId, int verifiedVersion, String verifiedBy,
                      Instant verifiedAt, int version) implements StoredRecord<SdvMark> {

    /** Where a record stands against its source. */
    public enum Status {
        NOT_VERIFIED, VERIFIED, CHANGED_SINCE_VERIFIED
    }

    /** The status of a record now at {@code currentVersion}, given its mark (null: never verified). */
    public static Status status(SdvMark mark, int currentVersion) {
        if (mark == null) {
            return Status.NOT_VERIFIED;
        }
        return mark.verifiedVersion() == currentVersion ? Status.VERIFIED : Status.CHANGED_SINCE_VERIFIED;
    }

    @Override
    public SdvMark withKey(long newId, int newVersion) {
        return new SdvMark(newId, subjectNumber, target, recordId, verifiedVersion, verifiedBy, verifiedAt, newVersion);
    }
}
