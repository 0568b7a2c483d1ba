package org.aecapture.service;

import java.util.Optional;
import org.aecapture.domain.DatabaseLock;
import org.aecapture.domain.Role;
import org.aecapture.store.AuditTrail;

/** Database lock: an administrator locks (and unlocks) the database with a reason; a locked database accepts no clinical change. */
public final class DatabaseLockService {

    private final AeCapture app;

    DatabaseLockService(AeCapture app) {
        this.app = app;
    }

    /** Locks the database; refused, saying how many and where, while a query is outstanding or an AE is not verified as it stands. */
    public DatabaseLock lock(String reason) {
        return set(true, reason, false);
    }

    /**
     * Locks the database although queries are outstanding or AEs unverified: an administrator's decision, whose reason the
     * audit trail keeps with what was still outstanding.
     */
    public DatabaseLock lockAnyway(String reason) {
        return set(true, reason, true);
    }

    public DatabaseLock unlock(String reason) {
        return set(false, reason, false);
    }

    /** What would refuse a lock now (queries outstanding, AEs not verified as they stand), in words; empty: nothing. */
    public java.util.Optional<String> blockers() {
        return app.database().read(tx -> app.queries().lockBlockers(tx));
    }

    /** The lock as it stands; empty when the database was never locked. */
    public Optional<DatabaseLock> current() {
        return app.database().inTransaction(tx -> app.databaseLockRepository().current(tx));
    }

    public boolean isLocked() {
        return current().map(DatabaseLock::locked).orElse(false);
    }

    private DatabaseLock set(boolean locked, String reason, boolean despiteBlockers) {
        return app.database().inTransaction(tx -> {
            Access access = app.access();
            if (access.actor(tx) == null) {
                throw new AccessRefused("Only an administrator can lock or unlock the database: create the accounts first.");
            }
            access.requireRole(tx, locked ? "lock the database" : "unlock the database", Role.ADMINISTRATOR);
            AuditTrail.requireReason(reason, locked ? "lock the database" : "unlock the database");
            if (app.databaseLockRepository().isLocked(tx) == locked) {
                throw new IllegalStateException("The database is already " + (locked ? "locked." : "unlocked."));
            }
            String recorded = reason.strip();
            if (locked) {
                java.util.Optional<String> blockers = app.queries().lockBlockers(tx);
                if (blockers.isPresent() && !despiteBlockers) {
                    throw new IllegalStateException("The database cannot be locked yet: " + blockers.get()
                            + ". Close the queries and verify the AEs, or lock anyway with a reason.");
                }
                if (blockers.isPresent()) {
                    recorded += " (locked anyway, with " + blockers.get() + ")";
                }
            }
            return app.databaseLockRepository().set(tx, locked, recorded);
        });
    }
}
