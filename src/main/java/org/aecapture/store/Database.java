package org.aecapture.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The SQLite file. Opening checks its integrity before anything is written, then migrates the schema.
 * All work goes through {@link #inTransaction}; one connection is shared and its use serialised, which
 * suits a desktop application with one user and keeps every unit of work atomic.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int BUSY_TIMEOUT_MS = 5_000;

    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    private final Path file;
    private final Connection connection;
    private final Supplier<String> currentUser;
    private final Clock clock;

    private Database(Path file, Connection connection, Supplier<String> currentUser, Clock clock) {
        this.file = file;
        this.connection = connection;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    /** Opens a database file that must exist. */
    public static Database openExisting(Path file, Supplier<String> currentUser, Clock clock) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("There is no database at " + file + ". Create it first with the 'init' command.");
        }
        return open(file, currentUser, clock);
    }

    /** Opens a database file, creating it (and its folder) when it does not exist yet. */
    public static Database openOrCreate(Path file, Supplier<String> currentUser, Clock clock) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException("Cannot create the folder for the database " + file + ": " + e.getMessage(), e);
        }
        return open(file, currentUser, clock);
    }

    private static Database open(Path file, Supplier<String> currentUser, Clock clock) {
        if (Files.exists(file)) {
            checkIntegrity(file);
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(config());
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            throw new StoreException("Cannot prepare the database " + file + ": " + rootMessage(e), e);
        }
        try {
            Connection c = dataSource.getConnection();
            c.setAutoCommit(false);
            return new Database(file, c, currentUser, clock);
        } catch (SQLException e) {
            throw new StoreException(describe(e, file), e);
        }
    }

    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // clinical data: a committed transaction must survive a power cut
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config;
    }

    /** Refuses a file that is not an SQLite database or fails {@code PRAGMA integrity_check}, opening it read-only. */
    static void checkIntegrity(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(SQLITE_HEADER.length);
            if (header.length > 0 && !Arrays.equals(header, SQLITE_HEADER)) {
                throw new StoreException("The file " + file + " is not an AE Capture database (not an SQLite file). It was not opened or changed.");
            }
        } catch (IOException e) {
            throw new StoreException("Cannot read the database " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection c = readOnly.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            StringBuilder problems = new StringBuilder();
            while (rs.next()) {
                String line = rs.getString(1);
                if (!"ok".equals(line)) {
                    problems.append(problems.length() == 0 ? "" : "; ").append(line);
                }
            }
            if (problems.length() > 0) {
                throw new StoreException("The database " + file + " is damaged and was not opened or changed ("
                        + problems + "). Restore it from a backup.");
            }
        } catch (SQLException e) {
            throw new StoreException("The database " + file + " is damaged or unreadable and was not opened or changed: "
                    + e.getMessage(), e);
        }
    }

    /** Runs work in one transaction: all of it is committed, or none of it. */
    public synchronized <T> T inTransaction(Work<T> work) {
        Tx tx = new Tx(connection, currentUser.get(), clock.instant());
        try {
            T result = work.run(tx);
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw new StoreException(describe(e, file), e);
        } catch (RuntimeException | Error e) {
            rollback();
            throw e;
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.error("rollback failed on {}", file, e);
        }
    }

    /** Turns SQLite's error codes into what a user can do about them. */
    static String describe(SQLException e, Path file) {
        if (e instanceof SQLiteException s) {
            SQLiteErrorCode code = s.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED) {
                return "The database " + file + " is in use by another program; nothing was saved. Try again in a moment.";
            }
            if (code == SQLiteErrorCode.SQLITE_FULL) {
                return "The disk holding " + file + " is full; nothing was saved. Free some space and save again.";
            }
            if (code == SQLiteErrorCode.SQLITE_READONLY) {
                return "The database " + file + " cannot be written (read-only file or folder); nothing was saved.";
            }
            if (code == SQLiteErrorCode.SQLITE_CORRUPT || code == SQLiteErrorCode.SQLITE_NOTADB) {
                return "The database " + file + " is damaged; nothing was saved. Restore it from a backup.";
            }
        }
        return "The database " + file + " refused the change; nothing was saved: " + e.getMessage();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    public Path file() {
        return file;
    }

    public String currentUser() {
        return currentUser.get();
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing {} failed", file, e);
        }
    }
}
