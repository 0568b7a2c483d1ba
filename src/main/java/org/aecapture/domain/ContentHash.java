package org.aecapture.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A record's content as a SHA-256 digest, without its store key and version: the same on a site's file and on the central
 * database for the same content, where keys and version counters are each database's own. What a verification mark
 * names, so that "verified" means the same record content on both sides of a sync.
 */
public final class ContentHash {

    private ContentHash() {
    }

    /** The digest of the record's components but its key and version (a record's components print in a fixed order). */
    public static String of(StoredRecord<?> record) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(record.withKey(0, 0).toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
