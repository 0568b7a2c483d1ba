package org.aecapture.location;

/**
 * Who connects to a PostgreSQL server: a login role and its password. A null password leaves it to the
 * driver (the standard {@code ~/.pgpass}, or {@code PGPASSWORD}); a null user to the URL's {@code user}
 * parameter or the operating-system user, as psql does. SQLite files need none.
 */
public record Credentials(String user, char[] password) {

    public static final Credentials NONE = new Credentials(null, null);

    /** A person's own login role: their account's user name in lower case (PostgreSQL folds unquoted names so). */
    public static String loginRole(String userName) {
        return userName.toLowerCase(java.util.Locale.ROOT);
    }

    /** How a person connects to the study's server: as their own login role, with the password they sign in with. */
    public static Credentials ofPerson(String userName, char[] password) {
        return new Credentials(loginRole(userName), password);
    }
}
