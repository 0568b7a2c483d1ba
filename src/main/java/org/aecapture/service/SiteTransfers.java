package org.aecapture.service;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.aecapture.location.Credentials;
import org.aecapture.store.Database;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.SiteTransfer;

/**
 * A site's SQLite database brought into the central PostgreSQL database, in one transaction on each side: the
 * central one is committed only when there is no conflict. Run by the central database's owner (the role in
 * the URL, its password from ~/.pgpass), whom the server lets write every site's rows.
 */
public final class SiteTransfers {

    /** Thrown inside the central transaction so that it rolls back; carries the conflicts out. */
    private static final class Refused extends RuntimeException {
        private final transient SiteTransfer.Result result;

        Refused(SiteTransfer.Result result) {
            super("conflicts");
            this.result = result;
        }
    }

    private SiteTransfers() {
    }

    public static SiteTransfer.Result run(Path siteFile, DatabaseLocation central) {
        return run(siteFile, central, Credentials.NONE, System.getProperty("user.name", "unknown"), Clock.systemUTC());
    }

    /** As {@link #run(Path, DatabaseLocation)}, connecting with {@code owner}'s credentials; {@code who} is named in the audit trail. */
    public static SiteTransfer.Result run(Path siteFile, DatabaseLocation central, Credentials owner, String who, Clock clock) {
        // read as it is, before it is opened (opening would migrate it): a transfer changes nothing in the site file
        int siteVersion = Database.sqliteSchemaVersion(siteFile);
        int current = Database.currentSqliteSchemaVersion();
        if (siteVersion != current) {
            return new SiteTransfer.Result(List.of("the site file's schema is version " + siteVersion + ", this release's is version " + current
                    + (siteVersion < current ? ": open the site file once with this release (which brings it up to date), then transfer it"
                    : ": the site file was made by a newer release; transfer it with that release")), Map.of(), List.of(), List.of(), Map.of());
        }
        try (Database site = Database.openExisting(siteFile, () -> who, clock);
             AeCapture to = AeCapture.open(central, owner, () -> who, clock)) {
            String source = siteFile.toAbsolutePath().toString();
            try {
                return site.inTransaction(from -> to.database().inTransaction(into -> {
                    SiteTransfer.Result r = SiteTransfer.copy(from, into, source);
                    if (r.refused()) {
                        throw new Refused(r);
                    }
                    return r;
                }));
            } catch (Refused r) {
                return r.result;
            }
        }
    }
}
