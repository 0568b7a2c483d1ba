package org.aecapture.store;

import java.sql.Connection;
import java.time.Instant;

/**
 * One open transaction: its connection, the user it acts for and the single timestamp that all of
 * its audit rows carry.
 */
public record Tx(Connection connection, String user, Instant now) { }
