package org.aecapture.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.aecapture.domain.DatabaseLock;

/** The database lock's one row, with its audit trail. */
public final class DatabaseLockRepository extends VersionedRepository<DatabaseLock> {

    public static final String ENTITY = "database_lock";
    private static final String SELECT = "SELECT id, locked, changed_at, changed_by, reason, version FROM database_lock";

    public Optional<DatabaseLock> current(Tx tx) throws SQLException {
        return query(tx, DatabaseLockRepository::read, SELECT + " WHERE id = 1").stream().findFirst();
    }

    public boolean isLocked(Tx tx) throws SQLException {
        return current(tx).map(DatabaseLock::locked).orElse(false);
    }

    /** Sets the lock state, with the reason audited. */
    public DatabaseLock set(Tx tx, boolean locked, String reason) throws SQLException {
        if (tx.dialect() == Database.Dialect.POSTGRESQL) {
            // every clinical write holds the lock's row (FOR SHARE, in the server's lock trigger) until it commits: the lock
            // waits for those in flight, and those after it read it (also before the table's first row exists)
            try (java.sql.Statement st = tx.connection().createStatement()) {
                st.execute("LOCK TABLE database_lock IN EXCLUSIVE MODE");
            }
        }
        Optional<DatabaseLock> now = current(tx);
        DatabaseLock next = new DatabaseLock(now.map(DatabaseLock::id).orElse(null), locked, UtcText.format(tx.now()), tx.user(), reason,
                now.map(DatabaseLock::version).orElse(0));
        if (now.isPresent()) {
            return updateRecord(tx, next, reason);
        }
        return insertRecord(tx, next, reason); // the first row of the empty table gets key 1, as its CHECK demands
    }

    @Override
    protected Optional<DatabaseLock> findById(Tx tx, long id) throws SQLException {
        return query(tx, DatabaseLockRepository::read, SELECT + " WHERE id = ?", id).stream().findFirst();
    }

    private static DatabaseLock read(ResultSet rs) throws SQLException {
        return new DatabaseLock(rs.getLong(1), rs.getInt(2) == 1, rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6));
    }

    @Override
    protected boolean travels() {
        return false; // kept by each database for itself
    }

    @Override
    protected String table() {
        return ENTITY;
    }

    @Override
    protected LinkedHashMap<String, Object> columns(Tx tx, DatabaseLock l) {
        LinkedHashMap<String, Object> c = new LinkedHashMap<>();
        c.put("locked", l.locked());
        c.put("changed_at", l.changedAt());
        c.put("changed_by", l.changedBy());
        c.put("reason", l.reason());
        return c;
    }

    @Override
    protected String describe(DatabaseLock l) {
        return "the database lock";
    }
}
