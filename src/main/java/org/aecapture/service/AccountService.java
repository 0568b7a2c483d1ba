package org.aecapture.service;

import org.aecapture.domain.AuditEntry;
import java.security.PrivateKey;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.aecapture.domain.Account;
import org.aecapture.domain.Role;
import org.aecapture.domain.ValidationException;
import org.aecapture.domain.Violation;
import org.aecapture.security.PasswordHasher;
import org.aecapture.store.AccountRepository;
import org.aecapture.store.ArmKeys;
import org.aecapture.domain.SecurityEntry;
import org.aecapture.domain.SecurityEvent;
import org.aecapture.store.AuditTrail;
import org.aecapture.store.ServerRoles;
import org.aecapture.store.Tx;

/**
 * Accounts: the first administrator of a new database, accounts made by an administrator, logins with a
 * lockout after five failures in a row, unlocking and password changes. Every step is audited; the
 * password is never stored, logged or audited, only its salted hash (masked in the audit trail).
 */
public final class AccountService {

    public static final int MAX_FAILED_LOGINS = 5;
    public static final String USER_NAME = "user_name";
    public static final String PASSWORD = "password";
    private static final Pattern USER_NAME_FORMAT = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{1,39}");

    /** A login that did not succeed; the message never tells whether the user name exists. */
    public static final class LoginRefused extends RuntimeException {
        LoginRefused(String message) {
            super(message);
        }
    }

    private final AeCapture app;

    AccountService(AeCapture app) {
        this.app = app;
    }

    public boolean hasAccounts() {
        return app.database().inTransaction(tx -> !app.accountRepository().isEmpty(tx));
    }

    /** The first account of a new database: an administrator. Refused once any account exists. */
    public Account createFirstAdministrator(String userName, String fullName, char[] password) {
        char[] forServer = password == null ? null : password.clone();
        try {
            Account admin = newAccount(userName, fullName, Role.ADMINISTRATOR, Set.of(), password);
            return app.database().inTransaction(tx -> {
                if (!app.accountRepository().isEmpty(tx)) {
                    throw new IllegalStateException("This database already has accounts: the first administrator was created before.");
                }
                return store(tx, admin, forServer, "first administrator of the database", null);
            });
        } finally {
            PasswordHasher.wipe(forServer);
        }
    }

    /** Stores a new account and, on a provisioned server, makes its login role with the same password. */
    private Account store(Tx tx, Account account, char[] password, String reason, String recoveryCode) throws SQLException {
        Account stored = app.accountRepository().insert(tx, account, reason);
        if (ServerRoles.isProvisioned(tx)) {
            ServerRoles.createLogin(tx, account.userName(), account.role(), password, recoveryCode);
        }
        return stored;
    }

    /**
     * A new account and, for the first unblinded statistician of a file, the recovery code of the study's arm
     * key: shown once, to be printed and kept in the sponsor's safe (it opens the arms if that password is lost).
     */
    public record Created(Account account, Optional<String> armKeyRecoveryCode) { }

    /** A new account, made by an administrator. */
    public Account create(String administrator, String userName, String fullName, Role role, Set<String> sites, char[] password) {
        return createAccount(administrator, userName, fullName, role, sites, password).account();
    }

    /** As {@link #create}, with the arm key's recovery code when this account took the key over. */
    public Created createAccount(String administrator, String userName, String fullName, Role role, Set<String> sites, char[] password) {
        return createAccount(administrator, userName, fullName, role, sites, password, null);
    }

    /**
     * As {@link #createAccount(String, String, String, Role, Set, char[])}; on a server an unblinded statistician's login
     * needs the statistician's recovery code (printed at provision), which the server checks.
     */
    public Created createAccount(String administrator, String userName, String fullName, Role role, Set<String> sites, char[] password,
                                 String recoveryCode) {
        // who asks first: the input of someone who may not make accounts is not even checked
        app.database().inTransaction(tx -> {
            requireAdministrator(app.accountRepository().findByUserName(tx, administrator));
            return null;
        });
        char[] forServer = password == null ? null : password.clone();
        try {
            Account account = newAccount(userName, fullName, role, sites, password);
            return app.database().inTransaction(tx -> {
                requireAdministrator(app.accountRepository().findByUserName(tx, administrator));
                if (app.accountRepository().findByUserName(tx, userName).isPresent()) {
                    throw new ValidationException(List.of(Violation.of(USER_NAME, "account.exists", userName)));
                }
                Account stored = store(tx, account, forServer, null, recoveryCode);
                Optional<String> recovery = role == Role.UNBLINDED_STATISTICIAN ? ArmKeys.adopt(tx, userName, forServer) : Optional.empty();
                return new Created(stored, recovery);
            });
        } finally {
            PasswordHasher.wipe(forServer);
        }
    }

    /**
     * Checks a user name and password. A wrong password counts towards the lockout, which the fifth failure
     * in a row sets; a locked account is refused even with the right password until an administrator
     * unlocks it. The count and the events are stored before the refusal is reported.
     */
    public Account login(String userName, char[] password) {
        record Outcome(Account account, String refusal) { }
        Outcome outcome;
        try {
            outcome = app.database().inTransaction(tx -> {
                AccountRepository accounts = app.accountRepository();
                Optional<Account> found = accounts.findByUserName(tx, userName);
                if (found.isEmpty()) {
                    accounts.record(tx, userName, SecurityEvent.LOGIN_FAILED, "no such account");
                    return new Outcome(null, "The user name or the password is wrong.");
                }
                Account a = found.get();
                if (a.locked()) {
                    accounts.record(tx, a.userName(), SecurityEvent.LOGIN_FAILED, "account locked");
                    return new Outcome(null, "This account is locked (after " + MAX_FAILED_LOGINS
                            + " failed sign-ins, or disabled by an administrator). An administrator must unlock it.");
                }
                if (!PasswordHasher.verify(password, a.passwordHash())) {
                    int failed = a.failedLogins() + 1;
                    boolean lock = failed >= MAX_FAILED_LOGINS;
                    accounts.update(tx, a.withLogins(failed, lock), lock ? "locked after " + failed + " failed logins" : "failed login");
                    accounts.record(tx, a.userName(), SecurityEvent.LOGIN_FAILED, "wrong password (" + failed + " in a row)");
                    if (lock) {
                        accounts.record(tx, a.userName(), SecurityEvent.LOCKED_OUT, failed + " failed logins in a row");
                        return new Outcome(null, "The password is wrong. The account is now locked: an administrator must unlock it.");
                    }
                    return new Outcome(null, "The user name or the password is wrong.");
                }
                Account in = a.failedLogins() == 0 ? a : accounts.update(tx, a.withLogins(0, false), "successful login");
                accounts.record(tx, a.userName(), SecurityEvent.LOGIN, null);
                return new Outcome(in, null);
            });
        } finally {
            PasswordHasher.wipe(password);
        }
        if (outcome.refusal() != null) {
            throw new LoginRefused(outcome.refusal());
        }
        return outcome.account();
    }

    /** An administrator unlocks an account locked out by failed logins; the reason is audited. */
    public Account unlock(String administrator, String userName, String reason) {
        return app.database().inTransaction(tx -> {
            requireAdministrator(app.accountRepository().findByUserName(tx, administrator));
            Account a = existing(tx, userName);
            Account unlocked = app.accountRepository().update(tx, a.withLogins(0, false), reason);
            app.accountRepository().record(tx, userName, SecurityEvent.UNLOCKED, "by " + administrator + ": " + reason);
            if (ServerRoles.isProvisioned(tx)) {
                ServerRoles.setLogin(tx, userName, true);
            }
            return unlocked;
        });
    }

    /** A user changes their own password, confirming the current one. */
    public Account changePassword(String userName, char[] current, char[] replacement) {
        requireStrong(replacement);
        String hash = PasswordHasher.hash(replacement);
        char[] currentForArmKey = current.clone();
        try {
            Account a = login(userName, current);
            return app.database().inTransaction(tx -> {
                if (a.role() == Role.UNBLINDED_STATISTICIAN) {
                    // the arm key goes with the password: wrapped anew under the new one
                    var key = ArmKeys.openWithPassword(tx, userName, currentForArmKey);
                    if (key.isPresent()) {
                        ArmKeys.rewrap(tx, userName, key.get(), replacement);
                        ArmKeys.resealLeaking(tx, key.get());
                    }
                }
                Account changed = app.accountRepository().update(tx, a.withPasswordHash(hash), "password changed by its owner");
                app.accountRepository().record(tx, userName, SecurityEvent.PASSWORD_CHANGED, null);
                if (ServerRoles.isProvisioned(tx)) {
                    ServerRoles.setPassword(tx, userName, replacement);
                }
                return changed;
            });
        } finally {
            PasswordHasher.wipe(replacement);
            PasswordHasher.wipe(currentForArmKey);
        }
    }

    /**
     * An administrator changes an account's role and sites, with a reason. The last active administrator
     * cannot give up the role: a database must never be left with nobody to manage it.
     */
    public Account changeRole(String administrator, String userName, Role role, Set<String> sites, String reason) {
        return changeRole(administrator, userName, role, sites, reason, null);
    }

    /** As {@link #changeRole(String, String, Role, Set, String)}; on a server, to the statistician's role with the recovery code. */
    public Account changeRole(String administrator, String userName, Role role, Set<String> sites, String reason, String recoveryCode) {
        List<Violation> v = new ArrayList<>();
        if (role == null) {
            v.add(Violation.of("role", "required"));
        } else if (role.worksAtSites() && sites.isEmpty()) {
            v.add(Violation.of("sites", "account.sitesNeeded", role));
        }
        requireReason(v, reason);
        ValidationException.throwIfAny(v);
        Set<String> kept = role.worksAtSites() ? sites : Set.of();
        return app.database().inTransaction(tx -> {
            AccountRepository accounts = app.accountRepository();
            requireAdministrator(accounts.findByUserName(tx, administrator));
            Account a = existing(tx, userName);
            if (a.role() == role && a.sites().equals(kept)) {
                throw new ValidationException(List.of(Violation.of("role", "account.roleUnchanged", userName)));
            }
            if (a.role() == Role.ADMINISTRATOR && role != Role.ADMINISTRATOR
                    && accounts.findAll(tx).stream().noneMatch(o -> o.role() == Role.ADMINISTRATOR && !o.locked() && !o.id().equals(a.id()))) {
                throw new ValidationException(List.of(Violation.of("role", "account.lastAdministrator", userName)));
            }
            Account changed = accounts.update(tx, a.withRole(role, kept), reason.strip());
            if (ServerRoles.isProvisioned(tx) && a.role() != role) {
                ServerRoles.changeRole(tx, userName, role, recoveryCode);
            }
            accounts.record(tx, userName, SecurityEvent.ROLE_CHANGED, "by " + administrator + ": " + describe(a) + " \u2192 "
                    + describe(changed) + ": " + reason.strip());
            return changed;
        });
    }

    /**
     * An administrator disables an account (its owner left the trial, or it is misused), with a reason:
     * it can no longer sign in until an administrator unlocks it. Accounts are never deleted, so that the
     * audit trail keeps naming real people. An administrator cannot disable their own account.
     */
    public Account disable(String administrator, String userName, String reason) {
        List<Violation> v = new ArrayList<>();
        requireReason(v, reason);
        if (administrator.equals(userName)) {
            v.add(Violation.of(USER_NAME, "account.disableOwn"));
        }
        ValidationException.throwIfAny(v);
        return app.database().inTransaction(tx -> {
            AccountRepository accounts = app.accountRepository();
            requireAdministrator(accounts.findByUserName(tx, administrator));
            Account a = existing(tx, userName);
            if (a.locked()) {
                throw new ValidationException(List.of(Violation.of(USER_NAME, "account.alreadyLocked", userName)));
            }
            Account disabled = accounts.update(tx, a.withLogins(a.failedLogins(), true), reason.strip());
            accounts.record(tx, userName, SecurityEvent.DISABLED, "by " + administrator + ": " + reason.strip());
            if (ServerRoles.isProvisioned(tx)) {
                ServerRoles.setLogin(tx, userName, false);
            }
            return disabled;
        });
    }

    /**
     * An administrator sets a new password for someone who lost theirs (and unlocks the account), with a
     * reason. Not for the administrator's own account: that takes the current password.
     */
    public Account resetPassword(String administrator, String userName, char[] replacement, String reason) {
        return resetPassword(administrator, userName, replacement, reason, null, (tx, a) -> { });
    }

    /** More work of a reset, in its transaction, on the account as it was. */
    @FunctionalInterface
    private interface ResetStep {
        void run(Tx tx, Account before) throws SQLException;
    }

    private Account resetPassword(String administrator, String userName, char[] replacement, String reason, String recoveryCode,
                                  ResetStep also) {
        List<Violation> v = new ArrayList<>();
        if (replacement == null || replacement.length < PasswordHasher.MIN_LENGTH) {
            v.add(Violation.of(PASSWORD, "account.passwordLength", PasswordHasher.MIN_LENGTH));
        }
        requireReason(v, reason);
        if (administrator.equals(userName)) {
            v.add(Violation.of(USER_NAME, "account.resetOwn"));
        }
        ValidationException.throwIfAny(v);
        String hash = PasswordHasher.hash(replacement);
        try {
            return resetPassword(administrator, userName, hash, replacement, reason, recoveryCode, also);
        } finally {
            PasswordHasher.wipe(replacement);
        }
    }

    private Account resetPassword(String administrator, String userName, String hash, char[] replacement, String reason, String recoveryCode,
                                  ResetStep also) {
        return app.database().inTransaction(tx -> {
            AccountRepository accounts = app.accountRepository();
            requireAdministrator(accounts.findByUserName(tx, administrator));
            Account a = existing(tx, userName);
            also.run(tx, a);
            Account reset = accounts.update(tx, a.withPasswordHash(hash).withLogins(0, false), reason.strip());
            if (ServerRoles.isProvisioned(tx)) {
                // also gives a login role to an account made before the database was provisioned
                ServerRoles.createLogin(tx, userName, a.role(), replacement, recoveryCode);
            }
            accounts.record(tx, userName, SecurityEvent.PASSWORD_RESET, "by " + administrator + ": " + reason.strip());
            if (a.locked()) {
                accounts.record(tx, userName, SecurityEvent.UNLOCKED, "by " + administrator + " with the password reset");
            }
            return reset;
        });
    }

    /**
     * The documented recovery of the sealed arms of a file, for an unblinded statistician who lost their password
     * (or a second statistician, who holds no key yet): an administrator sets a new password, as a reset does, and
     * the recovery code printed when the first statistician took the key over opens the key and wraps it under that
     * password. The statistician then changes the password at their first sign-in.
     */
    public Account recoverArmKey(String administrator, String statistician, String recoveryCode, char[] replacement, String reason) {
        List<Violation> v = new ArrayList<>();
        if (recoveryCode == null || recoveryCode.isBlank()) {
            v.add(Violation.of("recovery_code", "required"));
        }
        ValidationException.throwIfAny(v);
        char[] forKey = replacement == null ? null : replacement.clone();
        try {
            // all in the reset's transaction: a wrong code or account changes nothing
            return resetPassword(administrator, statistician, replacement, reason, recoveryCode, (tx, a) -> {
                if (a.role() != Role.UNBLINDED_STATISTICIAN) {
                    throw new ValidationException(List.of(Violation.of(USER_NAME, "account.notStatistician", statistician)));
                }
                if (!ArmKeys.applies(tx)) {
                    return; // a server keeps no arm key: the grants guard the arms, and its login function checks the code
                }
                PrivateKey key;
                try {
                    key = ArmKeys.openWithRecoveryCode(tx, recoveryCode);
                } catch (IllegalArgumentException wrong) {
                    throw new ValidationException(List.of(Violation.of("recovery_code", "account.recoveryCode")));
                }
                ArmKeys.rewrap(tx, statistician, key, forKey);
                ArmKeys.resealLeaking(tx, key); // the first opening of the key re-seals arms sealed in the leaking format
                app.accountRepository().record(tx, statistician, SecurityEvent.PASSWORD_RESET, "by " + administrator
                        + ": the key of the sealed arms restored with the recovery code");
            });
        } finally {
            PasswordHasher.wipe(forKey);
        }
    }

    void recordSignOut(String userName, String why) {
        app.database().inTransaction(tx -> {
            app.accountRepository().record(tx, userName, SecurityEvent.SIGNED_OUT, why);
            return null;
        });
    }

    private Account existing(Tx tx, String userName) throws SQLException {
        return app.accountRepository().findByUserName(tx, userName)
                .orElseThrow(() -> new ValidationException(List.of(Violation.of(USER_NAME, "account.unknown", userName))));
    }

    private static void requireReason(List<Violation> v, String reason) {
        if (reason == null || reason.isBlank()) {
            v.add(Violation.of("reason", "required"));
        }
    }

    private static String describe(Account a) {
        return a.role().name() + (a.sites().isEmpty() ? "" : " " + String.join(",", new TreeSet<>(a.sites())));
    }

    public List<Account> all() {
        return app.database().inTransaction(tx -> app.accountRepository().findAll(tx));
    }

    /**
     * How many arms of this file are in the clear or in the first, leaking seal (an earlier release), until the
     * statistician's next sign-in or a recovery re-seals them; 0 on a server.
     */
    public int leakingArms() {
        return app.database().read(ArmKeys::leakingArms);
    }

    /** A user's security events, oldest first, each as "EVENT detail". */
    public List<String> securityEvents(String userName) {
        List<String> events = new ArrayList<>();
        for (SecurityEntry e : app.database().inTransaction(tx -> app.accountRepository().events(tx, userName, null, null, Integer.MAX_VALUE))) {
            events.add(e.event().name() + (e.detail() == null ? "" : " " + e.detail()));
        }
        Collections.reverse(events); // the query gives the newest first
        return events;
    }

    public List<AuditEntry> history(long accountId) {
        return app.database().inTransaction(tx -> AuditTrail.history(tx, AccountRepository.ENTITY, accountId));
    }

    private static Account newAccount(String userName, String fullName, Role role, Set<String> sites, char[] password) {
        List<Violation> v = new ArrayList<>();
        if (userName == null || !USER_NAME_FORMAT.matcher(userName).matches()) {
            v.add(Violation.of(USER_NAME, "account.userName", userName == null ? "" : userName));
        }
        if (fullName == null || fullName.isBlank()) {
            v.add(Violation.of("full_name", "required"));
        }
        if (role.worksAtSites() && sites.isEmpty()) {
            v.add(Violation.of("sites", "account.sitesNeeded", role));
        }
        if (password == null || password.length < PasswordHasher.MIN_LENGTH) {
            v.add(Violation.of(PASSWORD, "account.passwordLength", PasswordHasher.MIN_LENGTH));
        }
        ValidationException.throwIfAny(v);
        String hash = PasswordHasher.hash(password);
        PasswordHasher.wipe(password);
        return new Account(null, userName, fullName.strip(), role, sites, hash, 0, false, 0);
    }

    private static void requireStrong(char[] password) {
        if (password == null || password.length < PasswordHasher.MIN_LENGTH) {
            throw new ValidationException(List.of(Violation.of(PASSWORD, "account.passwordLength", PasswordHasher.MIN_LENGTH)));
        }
    }

    private static void requireAdministrator(Optional<Account> acting) {
        if (acting.isEmpty() || acting.get().role() != Role.ADMINISTRATOR || acting.get().locked()) {
            throw new AccessRefused("Only an administrator can manage accounts.");
        }
    }
}
