package org.aecapture.store;

import java.sql.Connection;
import java.time.Instant;

/**
 * One open transaction: its connection, the user it acts for, the single timestamp that all of its
 * audit rows carry, and the SQL dialect of the database it runs on.
 */
public record Tx(Connection connection, String user, Instant now, Database.Dialect dialect) { }
