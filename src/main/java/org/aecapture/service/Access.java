package org.aecapture.service;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.aecapture.domain.Account;
import org.aecapture.domain.DatabaseLock;
import org.aecapture.domain.Role;
import org.aecapture.domain.Subject;
import org.aecapture.store.Tx;

/**
 * Who may do what, checked inside the services' own transactions, so that a hidden button is never the
 * only protection. Once an account exists, every action needs a signed-in account whose role allows it.
 * A database without accounts ("open mode": made before accounts existed, or a test's) lets the
 * operating-system user act; the window and the command line take nothing there but the first
 * administrator. The database lock stops clinical changes in both.
 */
final class Access {

    private final AeCapture app;

    Access(AeCapture app) {
        this.app = app;
    }

    /** A change of a subject's clinical data (subject, visits, AEs) at {@code site}: investigators and coordinators of that site. */
    void requireClinicalChange(Tx tx, String site) throws SQLException {
        requireUnlocked(tx);
        Account a = actor(tx);
        if (a == null) {
            return;
        }
        if (a.role() != Role.INVESTIGATOR && a.role() != Role.COORDINATOR) {
            throw refused(a, "change clinical data");
        }
        if (!a.sites().contains(site)) {
            throw new AccessRefused(a.userName() + " works at site " + String.join(", ", new TreeSet<>(a.sites()))
                    + ", not at site " + site + ": nothing was changed.");
        }
    }

    void requireUnlocked(Tx tx) throws SQLException {
        var lock = app.databaseLockRepository().current(tx).filter(DatabaseLock::locked);
        if (lock.isPresent()) {
            throw new AccessRefused("The database is locked (since " + lock.get().changedAt() + " UTC, by " + lock.get().changedBy()
                    + ": " + lock.get().reason() + "): no clinical data, query step or verification can be changed.");
        }
    }

    /** An action only some roles may take. */
    void requireRole(Tx tx, String what, Role... roles) throws SQLException {
        Account a = actor(tx);
        if (a != null && Arrays.stream(roles).noneMatch(r -> r == a.role())) {
            throw refused(a, what);
        }
    }

    /**
     * The sites whose subjects the signed-in account reads: an investigator or coordinator only their own
     * (a site sees its own data, as in any EDC), everyone else every site. Reads with nobody signed in (open
     * mode, a test's checks) are not narrowed: the shells sign in before they read anything.
     */
    Predicate<String> readableSites(Tx tx) throws SQLException {
        Account a = app.signedIn().isEmpty() ? null : actor(tx); // actor is null in open mode
        if (a != null && a.role().worksAtSites()) {
            Set<String> own = a.sites();
            return own::contains;
        }
        return site -> true;
    }

    /** Every subject of the sites the signed-in account reads, in subject number order. */
    List<Subject> readableSubjects(Tx tx) throws SQLException {
        Predicate<String> sites = readableSites(tx);
        return app.subjectRepository().findAll(tx).stream().filter(s -> sites.test(s.site())).toList();
    }

    /** Whether the treatment arms may be shown: only to the unblinded statistician (or in open mode). */
    boolean mayUnblind(Tx tx) throws SQLException {
        Account a = actor(tx);
        return a == null || a.role() == Role.UNBLINDED_STATISTICIAN;
    }

    /** The signed-in account as stored now, or null in open mode; refused when accounts exist and no one is signed in. */
    Account actor(Tx tx) throws SQLException {
        Optional<Account> signedIn = app.signedIn();
        if (signedIn.isEmpty()) { // whether there are accounts at all is asked only then: a save asks one question, not two
            if (app.accountRepository().isEmpty(tx)) {
                return null;
            }
            throw new AccessRefused("Sign in first: this database has accounts.");
        }
        Account now = app.accountRepository().findByUserName(tx, signedIn.get().userName())
                .orElseThrow(() -> new AccessRefused("The account " + signedIn.get().userName() + " no longer exists."));
        if (now.locked()) {
            throw new AccessRefused("The account " + now.userName() + " is locked.");
        }
        return now;
    }

    private static AccessRefused refused(Account a, String what) {
        return new AccessRefused(who(a) + " may not " + what + ": nothing was changed.");
    }

    /** A refusal that says why the role may not: "A monitor (mona) may not answer query 3: the site answers a query. …" */
    static AccessRefused refused(Account a, String what, String why) {
        return new AccessRefused(who(a) + " may not " + what + ": " + why + ". Nothing was changed.");
    }

    /** "A safety reviewer (rita)". */
    private static String who(Account a) {
        return "A " + a.role().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + a.userName() + ")";
    }
}
