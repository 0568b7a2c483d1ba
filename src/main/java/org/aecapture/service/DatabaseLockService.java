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

    public DatabaseLock lock(String reason) {
        return set(true, reason);
    }

    public DatabaseLock unlock(String reason) {
        return set(false, reason);
    }

    /** The lock as it stands; empty when the database was never locked. */
    public Optional<DatabaseLock> current() {
        return app.database().inTransaction(tx -> app.databaseLockRepository().current(tx));
    }

    public boolean isLocked() {
        return current().map(DatabaseLock::locked).orElse(false);
    }

    private DatabaseLock set(boolean locked, String reason) {
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
            return app.databaseLockRepository().set(tx, locked, reason.strip());
        });
    }
}
