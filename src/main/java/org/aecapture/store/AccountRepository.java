package org.aecapture.store;

import org.aecapture.domain.SecurityEntry;
import org.aecapture.domain.SecurityEvent;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.aecapture.domain.Account;
import org.aecapture.domain.Role;

/** Accounts with their audit trail (the password hash masked), and the append-only security events. */
public final class AccountRepository extends VersionedRepository<Account> {

    public static final String ENTITY = "account";
    private static final String SELECT = "SELECT id, user_name, full_name, role, sites, password_hash, failed_logins, locked, version"
            + " FROM account";

    /** What happened at a login or to an account's access. */


    public Account insert(Tx tx, Account a, String reason) throws SQLException {
        return insertRecord(tx, a, reason);
    }

    public Account update(Tx tx, Account a, String reason) throws SQLException {
        return updateRecord(tx, a, reason);
    }

    public Optional<Account> findByUserName(Tx tx, String userName) throws SQLException {
        return query(tx, AccountRepository::read, SELECT + " WHERE lower(user_name) = lower(?)", userName).stream().findFirst();
    }

    public List<Account> findAll(Tx tx) throws SQLException {
        return query(tx, AccountRepository::read, SELECT + " ORDER BY user_name");
    }

    public boolean isEmpty(Tx tx) throws SQLException {
        return query(tx, rs -> rs.getInt(1), "SELECT count(*) FROM account").get(0) == 0;
    }

    /** Appends a security event in the caller's transaction. */
    public void record(Tx tx, String userName, SecurityEvent event, String detail) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "INSERT INTO security_event (at_utc, user_name, event, detail) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, UtcText.format(tx.now()));
            ps.setString(2, userName);
            ps.setString(3, event.name());
            ps.setString(4, detail);
            ps.executeUpdate();
        }
    }

    /**
     * Security events of {@code userName} (any user when null) between two days inclusive (open ends when
     * null), newest first, at most {@code limit} of them.
     */
    public List<SecurityEntry> events(Tx tx, String userName, LocalDate from, LocalDate to, int limit) throws SQLException {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (userName != null) {
            where.add("user_name = ?");
            args.add(userName);
        }
        if (from != null) {
            where.add("at_utc >= ?");
            args.add(from.toString());
        }
        if (to != null) {
            where.add("at_utc < ?");
            args.add(to.plusDays(1).toString());
        }
        args.add(limit);
        return query(tx, rs -> new SecurityEntry(rs.getLong(1), UtcText.parse(rs.getString(2)), rs.getString(3),
                        SecurityEvent.valueOf(rs.getString(4)), rs.getString(5)),
                "SELECT id, at_utc, user_name, event, detail FROM security_event"
                        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY id DESC LIMIT ?", args.toArray());
    }

    /** Everyone named in the security events (failed logins name user names that may not exist). */
    public List<String> eventUsers(Tx tx) throws SQLException {
        return query(tx, rs -> rs.getString(1), "SELECT DISTINCT user_name FROM security_event ORDER BY user_name");
    }

    @Override
    protected Optional<Account> findById(Tx tx, long id) throws SQLException {
        return query(tx, AccountRepository::read, SELECT + " WHERE id = ?", id).stream().findFirst();
    }

    private static Account read(ResultSet rs) throws SQLException {
        String sites = rs.getString(5);
        return new Account(rs.getLong(1), rs.getString(2), rs.getString(3), Role.valueOf(rs.getString(4)),
                sites.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(sites.split(","))), rs.getString(6), rs.getInt(7),
                rs.getInt(8) == 1, rs.getInt(9));
    }

    @Override
    protected boolean travels() {
        return false; // kept by each database for itself
    }

    @Override
    protected String table() {
        return ENTITY;
    }

    @Override
    protected LinkedHashMap<String, Object> columns(Tx tx, Account a) {
        LinkedHashMap<String, Object> c = new LinkedHashMap<>();
        c.put("user_name", a.userName());
        c.put("full_name", a.fullName());
        c.put("role", a.role().name());
        c.put("sites", new TreeSet<>(a.sites()).stream().collect(Collectors.joining(",")));
        c.put("password_hash", a.passwordHash());
        c.put("failed_logins", a.failedLogins());
        c.put("locked", a.locked());
        return c;
    }

    @Override
    protected Set<String> secretColumns() {
        return Set.of("password_hash");
    }

    @Override
    protected String describe(Account a) {
        return "account " + a.userName();
    }
}
