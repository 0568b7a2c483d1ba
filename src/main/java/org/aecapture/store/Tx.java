package org.aecapture.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One open transaction: its connection, the user it acts for, the single timestamp that all of its
 * audit rows carry, the SQL dialect of the database it runs on, and the statements it prepared, kept for
 * its lifetime and after it, on the same connection, so that an import's hundred thousand inserts prepare each statement once
 * (and look up each subject's key once), and each save does not prepare again what the last one did.
 */
public record Tx(Connection connection, String user, Instant now, Database.Dialect dialect, Statements statements) {

    public Tx(Connection connection, String user, Instant now, Database.Dialect dialect, StatementCache statements) {
        this(connection, user, now, dialect, statements.transaction());
    }

    /**
     * A statement prepared once and reused: within this transaction and, on the same connection, by the transactions after
     * it. Callers close what they open on it (a ResultSet: closing it resets the statement, which then holds no lock);
     * never the statement itself.
     */
    public PreparedStatement reused(String sql) throws SQLException {
        return statements.get(sql);
    }

    /** The store keys of the subjects this transaction looked up, by subject number. */
    Map<String, Long> subjectKeys() {
        return statements.subjectKeys;
    }

    /**
     * The statements prepared on one connection, kept from one transaction to the next: a single AE save runs a dozen
     * statements, and preparing them anew for every save was a third of its time outside the commit. The least recently
     * used beyond {@link #KEPT} are closed after each transaction (the IN lists of a subject's terms make many shapes).
     */
    public static final class StatementCache implements AutoCloseable {
        static final int KEPT = 64;
        private final Connection connection;
        private final LinkedHashMap<String, PreparedStatement> prepared = new LinkedHashMap<>(KEPT * 2, 0.75f, true);

        public StatementCache(Connection connection) {
            this.connection = connection;
        }

        /** The statements of a new transaction on this connection. */
        public Statements transaction() {
            return new Statements(this);
        }

        private PreparedStatement get(String sql) throws SQLException {
            PreparedStatement ps = prepared.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                prepared.put(sql, ps);
            }
            return ps;
        }

        /** After a transaction: none evicted while one used it, so a batch being filled is never lost. */
        private void trim() {
            var eldest = prepared.entrySet().iterator();
            while (prepared.size() > KEPT && eldest.hasNext()) {
                closeQuietly(eldest.next().getValue());
                eldest.remove();
            }
        }

        /** The statements a failed transaction used: one may have been left with a batch half filled or a result half read. */
        private void discard(Set<String> sqls) {
            for (String sql : sqls) {
                closeQuietly(prepared.remove(sql));
            }
        }

        @Override
        public void close() {
            prepared.values().forEach(StatementCache::closeQuietly);
            prepared.clear();
        }

        private static void closeQuietly(PreparedStatement ps) {
            if (ps != null) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    // a statement of a connection that is going, or of a transaction that failed: nothing left to lose
                }
            }
        }
    }

    /** The statements one transaction used, and the subject keys it looked up. */
    public static final class Statements implements AutoCloseable {
        private final StatementCache cache;
        private final Set<String> used = new HashSet<>();
        private final Map<String, Long> subjectKeys = new HashMap<>();
        private boolean succeeded;

        private Statements(StatementCache cache) {
            this.cache = cache;
        }

        PreparedStatement get(String sql) throws SQLException {
            used.add(sql);
            return cache.get(sql);
        }

        /** The transaction's work ended well: its statements stay prepared for the next one. */
        public void succeeded() {
            succeeded = true;
        }

        /** Ends the transaction's use of its statements: kept when it succeeded, closed when it failed. */
        @Override
        public void close() {
            if (succeeded) {
                cache.trim();
            } else {
                cache.discard(used);
            }
            used.clear();
        }
    }
}
