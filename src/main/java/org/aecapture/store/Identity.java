package org.aecapture.store;

import java.util.UUID;

/** The global identity of a record that travels between a site's file and the central database (see V11). */
final class Identity {

    private Identity() {
    }

    /** A random (version 4) UUID, given where the record is made and never changed. */
    static String newUid() {
        return UUID.randomUUID().toString();
    }
}
