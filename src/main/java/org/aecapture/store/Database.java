package org.aecapture.store;

import org.aecapture.location.IntegrityReport;

import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
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
import java.util.List;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The study database: a local SQLite file or a central PostgreSQL server, with the same schema (Flyway,
 * one migration folder per dialect) and the same repositories. Opening checks what is cheap and sure,
 * then migrates the schema. All work goes through {@link #inTransaction}; one connection is shared and
 * its use serialised, which suits a desktop application with one user and keeps every unit of work
 * atomic. Other users are other processes: on SQLite a write waits for the file's lock (transactions
 * begin IMMEDIATE under the busy timeout), on PostgreSQL a serialization failure is retried.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** How long a write waits for another program's write to finish before it gives up. */
    static final int BUSY_TIMEOUT_MS = 30_000;
    /**
     * How often a PostgreSQL transaction that lost a serialization race is run again. A save reads its subject's AEs for
     * the edit checks, so two saves for one subject at the same moment genuinely race (one must see the other's AE to
     * find a duplicate); the loser runs again after a growing, jittered pause.
     */
    static final int SERIALIZATION_RETRIES = 20;
    /** How many busy timeouts a write waits on SQLite before it gives up. */
    static final int BEGIN_ATTEMPTS = 4;
    /** Transactions run again after a serialization failure, in this JVM (the concurrent bench reports it). */
    private static final java.util.concurrent.atomic.AtomicLong RETRIES = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.concurrent.atomic.AtomicLong RECONNECTS = new java.util.concurrent.atomic.AtomicLong();

    /** The SQL dialect: only SQL that really differs is written per dialect. */
    public enum Dialect { SQLITE, POSTGRESQL }

    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    private final DatabaseLocation location;
    private final Dialect dialect;
    /** The one connection; on a server replaced by a new one when it was lost (guarded by this). */
    private Connection connection;
    /** The statements prepared on {@link #connection}, kept from one transaction to the next. */
    private Tx.StatementCache statementCache;
    /** Opens a new connection to the server as the same person; null for a file. */
    private ConnectionSource reconnect;
    /** A server connection that failed with a connection error: opened anew before the next transaction (guarded by this). */
    private boolean connectionLost;
    private final Supplier<String> currentUser;
    private final Clock clock;
    /** Whether this connection's times are the server's (a study login on PostgreSQL), and how far it is from {@link #clock}. */
    private boolean serverClock;
    private volatile java.time.Duration serverOffset = java.time.Duration.ZERO;
    private final String accessWarning;
    private volatile String writesRefused;
    /** Whether this connection has an SQLite transaction open (guarded by this). */
    private boolean sqliteTransactionOpen;

    private Database(DatabaseLocation location, Dialect dialect, Connection connection, Supplier<String> currentUser, Clock clock,
                     String accessWarning) {
        this.accessWarning = accessWarning;
        this.location = location;
        this.dialect = dialect;
        this.connection = connection;
        this.statementCache = new Tx.StatementCache(connection);
        this.currentUser = currentUser;
        this.clock = clock;
    }

    /** How a lost server connection is opened again. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /** Opens a database file that must exist. */
    public static Database openExisting(Path file, Supplier<String> currentUser, Clock clock) {
        return open(new DatabaseLocation.SqliteFile(file), Credentials.NONE, false, currentUser, clock);
    }

    /** Opens a database file, creating it (and its folder) when it does not exist yet. */
    public static Database openOrCreate(Path file, Supplier<String> currentUser, Clock clock) {
        return open(new DatabaseLocation.SqliteFile(file), Credentials.NONE, true, currentUser, clock);
    }

    /**
     * Opens a database. A file is created when {@code create} is set and refused otherwise when missing;
     * a server's database must exist (its administrator creates it), and its schema is brought up to date.
     */
    public static Database open(DatabaseLocation location, Credentials credentials, boolean create, Supplier<String> currentUser,
                                Clock clock) {
        if (location instanceof DatabaseLocation.SqliteFile f) {
            return openSqlite(f, create, currentUser, clock);
        }
        return openPostgres((DatabaseLocation.PostgresServer) location, credentials, currentUser, clock);
    }

    private static Database openSqlite(DatabaseLocation.SqliteFile location, boolean create, Supplier<String> currentUser, Clock clock) {
        Path file = location.file();
        if (!create && !Files.isRegularFile(file)) {
            throw new StoreException("There is no database at " + file + ". Create it first with the 'init' command.");
        }
        String warning = null;
        if (Files.exists(file)) {
            // only what is cheap and sure at open: the file is SQLite; the full integrity check runs apart (check, backup,
            // the window's background check), since it takes time in proportion to the database
            checkHeader(file);
            warning = PrivateFiles.warningIfShared(file);
        } else {
            PrivateFiles.createFolder(file);
            PrivateFiles.createPrivateFile(file);
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(config());
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        if (schemaVersion(dataSource) != SQLITE_SCHEMA_VERSION) {
            // Flyway only when there is something to migrate: its start costs half a second a command would pay every time
            try {
                Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/sqlite").load().migrate();
            } catch (RuntimeException e) {
                throw new StoreException("Cannot prepare the database " + file + ": " + rootMessage(e), e);
            }
        }
        try {
            // autocommit between transactions: the driver would otherwise begin the next one at once and, begun
            // IMMEDIATE, hold the write lock while the user only looks
            Connection c = dataSource.getConnection();
            return new Database(location, Dialect.SQLITE, c, currentUser, clock, warning);
        } catch (SQLException e) {
            throw new StoreException(describe(e, location), e);
        }
    }

    private static Database openPostgres(DatabaseLocation.PostgresServer location, Credentials credentials, Supplier<String> currentUser,
                                         Clock clock) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(location.url());
        if (credentials.user() != null) {
            dataSource.setUser(credentials.user());
        }
        if (credentials.password() != null) {
            // else the driver reads ~/.pgpass (or PGPASSWORD): the password is never written to disk by us
            dataSource.setPassword(new String(credentials.password()));
        }
        dataSource.setApplicationName("AE Capture");
        try {
            // an up-to-date schema is only read, so every role may open it; a pending migration needs the owner
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/postgresql").load().migrate();
        } catch (RuntimeException e) {
            SQLException sql = sqlCause(e);
            throw new StoreException(sql != null ? describe(sql, location)
                    : "Cannot prepare the database " + location.display() + ": " + rootMessage(e), e);
        }
        ConnectionSource source = () -> {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                return c;
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
        };
        try {
            Database db = new Database(location, Dialect.POSTGRESQL, source.open(), currentUser, clock, null);
            db.serverClock = db.isStudyLogin();
            // kept for a lost connection (server restart, network drop): the same person connects again, as they did here
            db.reconnect = source;
            return db;
        } catch (SQLException e) {
            throw new StoreException(describe(e, location), e);
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("closing a connection failed", e);
        }
    }

    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // clinical data: a committed transaction must survive a power cut
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // 64 MB of page cache (the default is 2 MB): an import's inserts and the audit index stay in memory
        config.setCacheSize(-65_536);
        // the driver would otherwise run SELECT last_insert_rowid() after every INSERT, for keys we never ask it for:
        // a new row's key comes with the insert (RETURNING id)
        config.setGetGeneratedKeys(false);
        return config;
    }

    /** The newest migration in {@code db/migration/sqlite} (a test keeps the two in step). */
    static final int SQLITE_SCHEMA_VERSION = 16;

    /**
     * The schema version of an existing file as it is, read without migrating it; {@link #currentSqliteSchemaVersion()}
     * is this release's.
     */
    public static int sqliteSchemaVersion(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("There is no database at " + file + ".");
        }
        checkHeader(file);
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(readOnly);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return schemaVersion(dataSource);
    }

    public static int currentSqliteSchemaVersion() {
        return SQLITE_SCHEMA_VERSION;
    }

    /** The version of the file's schema: the newest migration applied, or -1 for a new file or one Flyway never saw. */
    private static int schemaVersion(SQLiteDataSource dataSource) {
        try (Connection c = dataSource.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = 1")) {
            return rs.next() ? rs.getInt(1) : -1;
        } catch (SQLException e) {
            return -1; // no history table yet: Flyway makes the schema
        }
    }

    /** Refuses a file that is not an SQLite database, reading only its first bytes. */
    static void checkHeader(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(SQLITE_HEADER.length);
            if (header.length > 0 && !Arrays.equals(header, SQLITE_HEADER)) {
                throw new StoreException("The file " + file + " is not an AE Capture database (not an SQLite file). It was not opened or changed.");
            }
        } catch (IOException e) {
            throw new StoreException("Cannot read the database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The full {@code PRAGMA integrity_check} of an SQLite file, on a read-only connection of its own: every page,
     * index and constraint. Takes time in proportion to the file.
     */
    public static IntegrityReport checkIntegrity(Path file) {
        checkHeader(file);
        long start = System.nanoTime();
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        List<String> problems = new java.util.ArrayList<>();
        try (Connection c = readOnly.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                String line = rs.getString(1);
                if (!"ok".equals(line)) {
                    problems.add(line);
                }
            }
        } catch (SQLException e) {
            problems.add("unreadable: " + e.getMessage());
        }
        return new IntegrityReport(List.copyOf(problems), java.time.Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * The queries of an SQLite file whose stored state is not the one their last step leaves (written past the application,
     * which a file cannot refuse as a server does), each as "query ID of subject S: stored X, its steps leave Y"; read only.
     */
    public static List<String> queriesDisagreeingWithSteps(Path file) {
        checkHeader(file);
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        List<String> found = new java.util.ArrayList<>();
        try (Connection c = readOnly.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT q.id, s.subject_id, q.state, (SELECT st.state_after FROM data_query_step st"
                     + " WHERE st.query_ref = q.id ORDER BY st.id DESC LIMIT 1) AS last FROM data_query q JOIN subject s ON s.id = q.subject_ref"
                     + " ORDER BY q.id")) {
            while (rs.next()) {
                String last = rs.getString(4);
                if (!rs.getString(3).equals(last)) {
                    found.add("query " + rs.getLong(1) + " of subject " + rs.getString(2) + ": stored " + rs.getString(3).toLowerCase(java.util.Locale.ROOT)
                            + ", its steps leave " + (last == null ? "nothing (no step)" : last.toLowerCase(java.util.Locale.ROOT)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the queries of " + file + ": " + e.getMessage(), e);
        }
        return found;
    }

    /**
     * Checks this database in full (SQLite; a PostgreSQL server keeps its own). When the check fails, the database
     * takes no further change: every write is refused with what was found, so that damage is not built upon.
     */
    public IntegrityReport checkIntegrity() {
        if (!(location instanceof DatabaseLocation.SqliteFile f)) {
            return new IntegrityReport(List.of(), java.time.Duration.ZERO);
        }
        IntegrityReport report = checkIntegrity(f.file());
        if (!report.ok()) {
            refuseWrites("The database " + location.display() + " failed its integrity check (" + report.problemsText()
                    + "). It takes no changes; restore it from a backup.");
        }
        return report;
    }

    /** From now on every write is refused with {@code why}; reads go on (the SQLite connection becomes query-only). */
    public synchronized void refuseWrites(String why) {
        this.writesRefused = why;
        if (dialect == Dialect.SQLITE) {
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA query_only = 1");
            } catch (SQLException e) {
                LOG.warn("could not make {} query-only", location, e);
            }
        }
    }

    public java.util.Optional<String> writesRefused() {
        return java.util.Optional.ofNullable(writesRefused);
    }

    /**
     * Runs work in one transaction: all of it is committed, or none of it. On PostgreSQL a transaction
     * that lost a race with another client's (serialization failure, deadlock) is run again from the
     * start, so the work must not have effects outside the database.
     */
    public <T> T inTransaction(Work<T> work) {
        return run(work, true, false);
    }

    /**
     * Runs a change of one subject's records in one transaction, whose work locks its subject first
     * ({@link SubjectRepository#lockForChange}): saves of one subject then take turns, and saves of different subjects
     * share nothing. On PostgreSQL it runs at READ COMMITTED, so that the subject's row lock, not serializable predicate
     * locks, keeps it apart: those lock whole index and heap pages, which the AEs of every subject share, and made saves of
     * different subjects collide (33 of 2,782 saves refused at 8 clients after 1,637 retries, the slowest 2.2 s).
     */
    public <T> T inSubjectTransaction(Work<T> work) {
        return run(work, true, true);
    }

    /**
     * Runs work that only reads, in one transaction: one consistent snapshot. On SQLite it does not take the
     * write lock (WAL readers and a writer go side by side), so a long read such as the review list or the
     * summary never makes another user's save wait.
     */
    public <T> T read(Work<T> work) {
        return run(work, false, false);
    }

    private synchronized <T> T run(Work<T> work, boolean writes, boolean readCommitted) {
        boolean reconnected = false;
        for (int attempt = 1; ; attempt++) {
            try {
                reconnectIfLost();
            } catch (SQLException e) {
                throw new StoreException(describe(e, location), e); // still unreachable: the next attempt tries again
            }
            boolean committing = false;
            Tx.Statements statements = statementCache.transaction();
            try (statements) {
                begin(writes);
                if (readCommitted && dialect == Dialect.POSTGRESQL) {
                    try (Statement st = connection.createStatement()) {
                        st.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
                    }
                }
                Tx tx = new Tx(connection, currentUser.get(), transactionTime(), dialect, statements);
                T result = work.run(tx);
                statements.succeeded();
                committing = true;
                commit();
                return result;
            } catch (SQLException e) {
                rollback();
                if (reconnect != null && isConnectionFailure(e)) {
                    connectionLost = true;
                    if (committing) {
                        // the server may have committed before the line dropped: running it again could store it twice
                        throw new StoreException("The connection to the database server " + location.display() + " was lost while"
                                + " the change was being committed: it may or may not have been saved. Look at the record before"
                                + " saving it again.", e);
                    }
                    if (!reconnected) {
                        // nothing of this transaction was committed (a server drops an open transaction with its connection):
                        // connected anew, it runs again once
                        reconnected = true;
                        LOG.warn("the connection to {} was lost ({}): connecting again", location, e.getMessage());
                        continue;
                    }
                }
                if (dialect == Dialect.POSTGRESQL && isSerializationFailure(e) && attempt < SERIALIZATION_RETRIES) {
                    RETRIES.incrementAndGet();
                    LOG.debug("serialization failure on {}, attempt {}: running the transaction again", location, attempt);
                    pause(attempt);
                    continue;
                }
                if (writesRefused != null) {
                    throw new StoreException(writesRefused, e); // the connection is query-only: say why
                }
                throw new StoreException(describe(e, location), e);
            } catch (RuntimeException | Error e) {
                rollback();
                throw e;
            }
        }
    }

    /**
     * Whether the connection is a study login's (a member of one of the study's group roles): its times are the server's.
     * The owner (who migrates, provisions and transfers) and a superuser keep the clock they were given.
     */
    private boolean isStudyLogin() throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT aecapture_session_role() IS NOT NULL, now()")) {
            rs.next();
            serverOffset = java.time.Duration.between(clock.instant(), rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
            return rs.getBoolean(1);
        } finally {
            connection.rollback();
        }
    }

    /**
     * The time of a transaction: on a server, for a study login, the server's ({@code now()}, the start of the transaction,
     * which the server's triggers also stamp on every time a rule or a regulation reads), so that a laptop's clock set back
     * makes nothing look on time; else the injected clock's.
     */
    private java.time.Instant transactionTime() throws SQLException {
        if (!serverClock) {
            return clock.instant();
        }
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT now()")) {
            rs.next();
            java.time.Instant server = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            serverOffset = java.time.Duration.between(clock.instant(), server);
            return server;
        }
    }

    /** A lost server connection is opened anew, as the same person, before the next transaction. */
    private void reconnectIfLost() throws SQLException {
        if (reconnect == null || !(connectionLost || connection.isClosed())) {
            return;
        }
        statementCache.close();
        closeQuietly(connection);
        connection = reconnect.open();
        statementCache = new Tx.StatementCache(connection);
        connectionLost = false;
        RECONNECTS.incrementAndGet();
        LOG.warn("connected again to {} after the connection was lost", location);
    }

    /** How often a lost server connection was opened again in this JVM (for tests and the log). */
    public static long reconnects() {
        return RECONNECTS.get();
    }

    /**
     * SQLSTATE class 08 (connection exception) or 57P01 to 57P03 (the server shut down or restarting: what a connection
     * that was idle through a restart reads first), also when wrapped.
     */
    static boolean isConnectionFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE 40001 (serialization failure) or 40P01 (deadlock), also when wrapped. */
    static boolean isSerializationFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep((long) (Math.random() * Math.min(200, 5L * attempt * attempt)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * On SQLite a writing transaction takes the write lock when it begins, waiting under the busy timeout for
     * another program's write to end: a transaction that began as a read and then wrote could not wait,
     * and would fail at once with SQLITE_BUSY_SNAPSHOT. On PostgreSQL the driver begins it (serializable).
     */
    private void begin(boolean writes) throws SQLException {
        if (dialect != Dialect.SQLITE) {
            return;
        }
        if (!writes) {
            try (Statement st = connection.createStatement()) {
                st.execute("BEGIN"); // deferred: a snapshot at the first read, no write lock
                sqliteTransactionOpen = true;
            }
            return;
        }
        // SQLite's busy handler is not fair: under many writers one may wait past the busy timeout while others
        // take turns. Nothing has happened yet at BEGIN, so asking again is safe; a save waits up to a few timeouts.
        for (int attempt = 1; ; attempt++) {
            try (Statement st = connection.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                sqliteTransactionOpen = true;
                return;
            } catch (SQLiteException e) {
                boolean busy = e.getResultCode() == SQLiteErrorCode.SQLITE_BUSY || e.getResultCode() == SQLiteErrorCode.SQLITE_LOCKED;
                if (!busy || attempt >= BEGIN_ATTEMPTS) {
                    throw e;
                }
                LOG.info("{} is busy with another program's write: still waiting (attempt {})", location, attempt + 1);
            }
        }
    }

    private void commit() throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement st = connection.createStatement()) {
                st.execute("COMMIT");
            }
            sqliteTransactionOpen = false;
        } else {
            connection.commit();
        }
    }

    private void rollback() {
        try {
            if (dialect == Dialect.SQLITE) {
                if (sqliteTransactionOpen) {
                    try (Statement st = connection.createStatement()) {
                        st.execute("ROLLBACK");
                    }
                    sqliteTransactionOpen = false;
                }
                return;
            }
            if (!connection.isClosed()) { // a lost server connection has nothing to roll back: the server dropped it
                connection.rollback();
            }
        } catch (SQLException e) {
            LOG.error("rollback failed on {}", location, e);
        }
    }

    /** Turns SQLite's error codes and PostgreSQL's SQLSTATEs into what a user can do about them. */
    static String describe(SQLException e, DatabaseLocation location) {
        String where = location.display();
        if (e instanceof SQLiteException s) {
            SQLiteErrorCode code = s.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                    || code == SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT) {
                return "The database " + where + " is in use by another program; nothing was saved. Try again in a moment.";
            }
            if (code == SQLiteErrorCode.SQLITE_FULL) {
                return "The disk holding " + where + " is full; nothing was saved. Free some space and save again.";
            }
            if (code == SQLiteErrorCode.SQLITE_READONLY) {
                return "The database " + where + " cannot be written (read-only file or folder); nothing was saved.";
            }
            if (code == SQLiteErrorCode.SQLITE_CORRUPT || code == SQLiteErrorCode.SQLITE_NOTADB) {
                return "The database " + where + " is damaged; nothing was saved. Restore it from a backup.";
            }
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("28P01") || state.equals("28000")) {
            return "The server " + where + " refused the sign-in: wrong user name or password (" + e.getMessage() + ").";
        }
        if (state.equals("42501")) {
            return "The server refused this to your account; nothing was saved: " + serverMessage(e);
        }
        if (state.equals("55000") || state.equals("23514")) {
            return "The database refused the change; nothing was saved: " + serverMessage(e); // its own rules: the lock, a query's steps
        }
        if (state.startsWith("08") || state.matches("57P0[123]")) {
            return "Cannot reach the database server " + where + "; nothing was saved. Check the network and try again: " + e.getMessage();
        }
        if (state.equals("3D000")) {
            return "The server has no database " + where + ": its administrator creates it first (see the README).";
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return "The database " + where + " is busy with other users' changes; nothing was saved. Try again in a moment.";
        }
        return "The database " + where + " refused the change; nothing was saved: " + e.getMessage();
    }

    /** The server's own words, without the driver's "ERROR:" and position lines. */
    private static String serverMessage(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                && p.getServerErrorMessage().getMessage() != null) {
            return p.getServerErrorMessage().getMessage();
        }
        return e.getMessage();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** How many transactions were run again after a serialization failure in this JVM. */
    public static long serializationRetries() {
        return RETRIES.get();
    }

    public DatabaseLocation location() {
        return location;
    }

    /** A warning for the user about who else can read the database (an SQLite file others can read), if any. */
    public java.util.Optional<String> accessWarning() {
        return java.util.Optional.ofNullable(accessWarning);
    }

    public Dialect dialect() {
        return dialect;
    }

    public String currentUser() {
        return currentUser.get();
    }

    public Clock clock() {
        return serverClock ? new ServerClock() : clock;
    }

    @Override
    public synchronized void close() {
        statementCache.close();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing {} failed", location, e);
        }
    }

    /** The server's time as last measured against the injected clock: what the rules of a study login's session read. */
    private final class ServerClock extends Clock {
        @Override
        public java.time.ZoneId getZone() {
            return clock.getZone();
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return Clock.offset(clock.withZone(zone), serverOffset);
        }

        @Override
        public java.time.Instant instant() {
            return clock.instant().plus(serverOffset);
        }
    }
}
