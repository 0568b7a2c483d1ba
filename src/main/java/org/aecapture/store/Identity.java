package org.aecapture.store;

import java.security.SecureRandom;
import java.util.UUID;

/** The global identity of a record that travels between a site's file and the central database (see V11). */
final class Identity {

    /**
     * The random bytes of the next uids, taken from the platform's strong source 4 KiB (256 uids) at a time. Why: a save
     * makes five to seven uids (the AE, its query and step, their audit rows), and {@link UUID#randomUUID()} asks the
     * source for 16 bytes at each, a read of /dev/urandom and a SHA-1 mix every time; in a JVM that has just started,
     * compiling that path took a fifth of the compiler's time during the first saves, on cores the saving thread needed.
     */
    private static final SecureRandom SOURCE = new SecureRandom();
    private static final byte[] POOL = new byte[4096];
    private static int next = POOL.length;

    private Identity() {
    }

    /** A random (version 4) UUID, as {@link UUID#randomUUID()} makes one, given where the record is made and never changed. */
    static synchronized String newUid() {
        if (next == POOL.length) {
            SOURCE.nextBytes(POOL);
            next = 0;
        }
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = msb << 8 | (POOL[next + i] & 0xff);
            lsb = lsb << 8 | (POOL[next + 8 + i] & 0xff);
        }
        java.util.Arrays.fill(POOL, next, next + 16, (byte) 0); // a uid's bytes are not kept once used
        next += 16;
        msb = msb & ~0xf000L | 0x4000L; // version 4
        lsb = lsb & 0x3fffffffffffffffL | 0x8000000000000000L; // the IETF variant
        return new UUID(msb, lsb).toString();
    }
}
