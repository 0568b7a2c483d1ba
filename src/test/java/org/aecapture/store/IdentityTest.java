package org.aecapture.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The uids a record is given where it is made: random version 4 UUIDs, as UUID.randomUUID makes them, never repeated. */
class IdentityTest {

    @Test
    void everyUidIsARandomVersion4UuidAndNoneRepeats() {
        int n = 100_000; // many pools of 256
        Set<String> seen = new HashSet<>();
        int[] ones = new int[128];
        for (int i = 0; i < n; i++) {
            String uid = Identity.newUid();
            assertTrue(seen.add(uid), uid);
            UUID u = UUID.fromString(uid);
            assertEquals(uid, u.toString());
            assertEquals(4, u.version(), uid);
            assertEquals(2, u.variant(), uid);
            for (int b = 0; b < 64; b++) {
                ones[b] += (int) (u.getMostSignificantBits() >>> b & 1);
                ones[64 + b] += (int) (u.getLeastSignificantBits() >>> b & 1);
            }
        }
        // each of the 122 random bits is set about half the time (binomial: 50,000 ± 1,000 is over six standard deviations)
        for (int b = 0; b < 128; b++) {
            boolean fixed = b >= 12 && b < 16 || b >= 126; // the version's four bits and the variant's two
            if (!fixed) {
                assertTrue(Math.abs(ones[b] - n / 2) < 1_000, "bit " + b + " set " + ones[b] + " times in " + n);
            }
        }
    }
}
