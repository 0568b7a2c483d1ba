package org.aecapture.domain;

import java.time.Instant;

/**
 * A monitor's mark that a record was verified against the source (the hospital chart): the record's version then (this
 * database's counter, shown) and its content's digest ({@link ContentHash}), which decides. A later change of the record
 * changes its content, so the mark reads "changed since verified" and never silently "verified" again until the monitor
 * verifies anew; the digest is the same in a site's file and centrally, where version counters differ.
 *
 * @param verifiedHash the content digest verified; null for a mark made before marks kept one (then the version decides)
 */
public record SdvMark(Long id, String subjectNumber, DataQuery.Target target, long recordId, int verifiedVersion, String verifiedHash,
                      String verifiedBy, Instant verifiedAt, int version) implements StoredRecord<SdvMark> {

    /** Where a record stands against its source. */
    public enum Status {
        NOT_VERIFIED, VERIFIED, CHANGED_SINCE_VERIFIED
    }

    /** The status of a record as it stands now, given its mark (null: never verified). */
    public static Status status(SdvMark mark, StoredRecord<?> now) {
        if (mark == null) {
            return Status.NOT_VERIFIED;
        }
        boolean same = mark.verifiedHash() != null ? mark.verifiedHash().equals(ContentHash.of(now)) : mark.verifiedVersion() == now.version();
        return same ? Status.VERIFIED : Status.CHANGED_SINCE_VERIFIED;
    }

    @Override
    public SdvMark withKey(long newId, int newVersion) {
        return new SdvMark(newId, subjectNumber, target, recordId, verifiedVersion, verifiedHash, verifiedBy, verifiedAt, newVersion);
    }
}
