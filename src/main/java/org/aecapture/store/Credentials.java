package org.aecapture.store;

/**
 * Who connects to a PostgreSQL server: a login role and its password. A null password leaves it to the
 * driver (the standard {@code ~/.pgpass}, or {@code PGPASSWORD}); a null user to the URL's {@code user}
 * parameter or the operating-system user, as psql does. SQLite files need none.
 */
public record Credentials(String user, char[] password) {

    public static final Credentials NONE = new Credentials(null, null);
}
