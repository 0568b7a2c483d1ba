package org.aecapture.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One open transaction: its connection, the user it acts for, the single timestamp that all of its
 * audit rows carry, the SQL dialect of the database it runs on, and the statements it prepared, kept for
 * its lifetime so that an import's hundred thousand inserts prepare each statement once (and look up each subject's
 * key once).
 */
public record Tx(Connection connection, String user, Instant now, Database.Dialect dialect, Statements statements) {

    public Tx(Connection connection, String user, Instant now, Database.Dialect dialect) {
        this(connection, user, now, dialect, new Statements(connection));
    }

    /** A statement prepared once in this transaction and reused; the transaction closes it (callers must not). */
    public PreparedStatement reused(String sql) throws SQLException {
        return statements.get(sql);
    }

    /** The store keys of the subjects this transaction looked up, by subject number. */
    Map<String, Long> subjectKeys() {
        return statements.subjectKeys;
    }

    /** The prepared statements of one transaction, and the subject keys it looked up. */
    public static final class Statements implements AutoCloseable {
        private final Connection connection;
        private final Map<String, PreparedStatement> prepared = new HashMap<>();
        private final Map<String, Long> subjectKeys = new HashMap<>();

        Statements(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement get(String sql) throws SQLException {
            PreparedStatement ps = prepared.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                prepared.put(sql, ps);
            }
            return ps;
        }

        @Override
        public void close() {
            for (PreparedStatement ps : prepared.values()) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    // closing after the transaction ended: nothing left to lose
                }
            }
            prepared.clear();
        }
    }
}
