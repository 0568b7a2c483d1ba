package org.aecapture.location;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a study database is: a local SQLite file (the embedded default: one site, offline work, the demo)
 * or a central PostgreSQL server named by its JDBC URL. Every command's {@code --db} and the window take
 * either.
 */
public sealed interface DatabaseLocation {

    String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    /** A file path, or a {@code jdbc:postgresql://host:5432/aecapture} URL. */
    static DatabaseLocation parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("No database given: name an SQLite file or a jdbc:postgresql:// URL.");
        }
        String t = text.strip();
        if (t.toLowerCase(Locale.ROOT).startsWith(POSTGRESQL_PREFIX)) {
            return new PostgresServer(t);
        }
        if (t.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
            throw new IllegalArgumentException("The database " + t + " is neither an SQLite file nor a PostgreSQL server: AE Capture"
                    + " opens a file path or a URL that starts with " + POSTGRESQL_PREFIX + "//");
        }
        return new SqliteFile(Path.of(t));
    }

    /** What the database is called in messages and in the list of recent databases; never a password. */
    String display();

    /** An SQLite file. */
    record SqliteFile(Path file) implements DatabaseLocation {
        @Override
        public String display() {
            return file.toString();
        }

        @Override
        public String toString() {
            return display();
        }
    }

    /** A PostgreSQL server's database, by its JDBC URL. */
    record PostgresServer(String url) implements DatabaseLocation {
        public PostgresServer {
            if (url.toLowerCase(Locale.ROOT).matches(".*[?&]password=.*")) {
                throw new IllegalArgumentException("Do not put a password in the database URL: it would be shown and remembered."
                        + " AE Capture asks for it, or reads it from ~/.pgpass.");
            }
        }

        @Override
        public String display() {
            return url;
        }

        /** The database's name: the URL's path, e.g. {@code aecapture} in {@code jdbc:postgresql://host:5432/aecapture?ssl=true}. */
        public String databaseName() {
            String rest = url.substring(POSTGRESQL_PREFIX.length());
            int query = rest.indexOf('?');
            if (query >= 0) {
                rest = rest.substring(0, query);
            }
            int slash = rest.lastIndexOf('/');
            String name = slash >= 0 ? rest.substring(slash + 1) : rest;
            if (name.isEmpty()) {
                throw new IllegalArgumentException("The URL " + url + " names no database: end it with /NAME, e.g. /aecapture.");
            }
            return name;
        }

        @Override
        public String toString() {
            return display();
        }
    }
}
