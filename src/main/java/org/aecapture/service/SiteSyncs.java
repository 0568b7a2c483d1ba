package org.aecapture.service;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.aecapture.domain.Account;
import org.aecapture.domain.Role;
import org.aecapture.security.PasswordHasher;
import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.DatabaseLockRepository;
import org.aecapture.store.ServerRoles;
import org.aecapture.store.SiteSync;

/**
 * A site's file kept in step with the central database by one of the site's people (an investigator or coordinator),
 * signed in to both: to the file with its account, to the server as their own login role, never as the owner, so
 * that the server's policies decide what may be sent and received (see {@link SiteSync}).
 */
public final class SiteSyncs {

    private SiteSyncs() {
    }

    /**
     * Syncs {@code siteFile} with {@code central} as {@code user}: {@code password} signs in to the file,
     * {@code serverPassword} to the server (the same one, unless the person keeps another there). Both are wiped.
     */
    public static org.aecapture.domain.SyncResult run(Path siteFile, DatabaseLocation central, String user, char[] password, char[] serverPassword,
                                      Clock clock) {
        return run(siteFile, central, user, password, serverPassword, clock, false);
    }

    /**
     * As {@link #run(Path, DatabaseLocation, String, char[], char[], Clock)}; with {@code relink}, a file linked to its central
     * database at another address is moved to this one, when the server there is the same study database (its identity).
     */
    public static org.aecapture.domain.SyncResult run(Path siteFile, DatabaseLocation central, String user, char[] password, char[] serverPassword,
                                      Clock clock, boolean relink) {
        if (!(central instanceof DatabaseLocation.PostgresServer)) {
            throw new IllegalArgumentException("A site file is synced with the central PostgreSQL database (jdbc:postgresql://...). Nothing"
                    + " was done.");
        }
        try (AeCapture site = AeCapture.open(siteFile, () -> user, clock);
             AeCapture server = AeCapture.open(central, new Credentials(ServerRoles.loginRole(user), serverPassword.clone()), () -> user, clock)) {
            Account here = site.signIn(user, password.clone());
            Account there = server.signIn(user, serverPassword.clone());
            for (Account a : new Account[] {here, there}) {
                if (a.role() != Role.INVESTIGATOR && a.role() != Role.COORDINATOR && a.role() != Role.MONITOR) {
                    throw new AccessRefused("A site's file is synced by its investigators, coordinators and monitors; " + user + " is "
                            + a.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " here. Nothing was done.");
                }
            }
            // each sends their own work: site staff the clinical records, monitors their queries and verification marks
            Set<String> sends = there.role() == Role.MONITOR ? SiteSync.MONITORS_WORK : SiteSync.SITE_STAFFS_WORK;
            Set<String> sites = Set.copyOf(there.sites()); // what the central database lets this person keep
            String centralName = central.display();
            return site.database().inTransaction(from -> {
                // The file's changes of an attempt (its base moved, what it received) are undone when the central transaction
                // runs again: after a lost race inside it, and after a failed COMMIT (SERIALIZABLE raises a serialization
                // failure there), which comes after the attempt's work returned. So the savepoint is released only once the
                // central commit happened: the base moves only with a commit that happened.
                try (Statement st = from.connection().createStatement()) {
                    st.execute("SAVEPOINT sync_attempt");
                }
                boolean[] attempted = {false};
                org.aecapture.domain.SyncResult result = server.database().inTransaction(into -> {
                    if (attempted[0]) {
                        try (Statement st = from.connection().createStatement()) {
                            st.execute("ROLLBACK TO sync_attempt"); // the last attempt's changes to the file, gone with its central work
                        }
                    }
                    attempted[0] = true;
                    // the lock read in the transaction that writes: an administrator's lock at the same moment is a conflict
                    // the server serialises (this transaction runs again and finds it), not a write into a locked study
                    boolean locked = new DatabaseLockRepository().isLocked(into);
                    Set<String> sentSubjects = new java.util.TreeSet<>();
                    org.aecapture.domain.SyncResult r = SiteSync.sync(from, into, centralName, sites, locked, sentSubjects, relink, sends);
                    if (!sentSubjects.isEmpty()) {
                        // the edit checks over what arrived, centrally, where both sides' records of a subject now meet: a
                        // finding the site's correction settled closes, one that only the meeting shows opens; a second pass
                        // then brings those queries and steps to the file, so that no finding gets a query on each side
                        for (String subject : sentSubjects) {
                            server.queries().afterSave(into, subject);
                        }
                        r = merged(r, SiteSync.sync(from, into, centralName, sites, locked, new java.util.TreeSet<>(), false, sends));
                    }
                    return r;
                });
                // the central transaction committed: the file's transaction keeps what the attempt that committed did (a
                // failure from here on rolls the file back whole; the next sync finds both sides alike and moves the base on)
                try (Statement st = from.connection().createStatement()) {
                    st.execute("RELEASE sync_attempt");
                }
                return result;
            });
        } finally {
            PasswordHasher.wipe(password);
            PasswordHasher.wipe(serverPassword);
        }
    }

    /** Two passes of one sync as one result: what each sent and received, and the conflicts and refusals the last found. */
    private static org.aecapture.domain.SyncResult merged(org.aecapture.domain.SyncResult first, org.aecapture.domain.SyncResult second) {
        java.util.Map<String, Integer> sent = new java.util.LinkedHashMap<>(first.sent());
        second.sent().forEach((k, v) -> sent.merge(k, v, Integer::sum));
        java.util.Map<String, Integer> received = new java.util.LinkedHashMap<>(first.received());
        second.received().forEach((k, v) -> received.merge(k, v, Integer::sum));
        // a note both passes make (what waits for another role's sync) is said once
        java.util.Set<String> notes = new java.util.LinkedHashSet<>(first.notes());
        notes.addAll(second.notes());
        return new org.aecapture.domain.SyncResult(sent, received, second.conflicts(), second.refused(), List.copyOf(notes));
    }

    /** How many records of the site's file were made or changed since its last sync. */
    public static int pendingChanges(AeCapture site) {
        return site.database().read(SiteSync::pendingChanges);
    }

    /** The conflicts the last sync listed, for a person of the site to resolve. */
    public static java.util.List<org.aecapture.domain.SyncConflict> conflicts(AeCapture site) {
        return site.database().read(SiteSync::conflicts);
    }

    /**
     * Resolves a conflict: {@code keepSite} keeps the site's version (sent at the next sync), else the central version
     * is taken into the file now; the reason is audited on the record and travels with it.
     */
    public static void resolve(AeCapture site, org.aecapture.domain.SyncConflict conflict, boolean keepSite, String reason) {
        requireResolver(site);
        site.database().inTransaction(tx -> {
            SiteSync.resolve(tx, conflict.entity(), conflict.uid(), keepSite, reason);
            return null;
        });
    }

    /**
     * Resolves a subject-number clash by keeping both: the site's subject takes the next free number of its site, audited
     * with the reason, and is sent as a subject of its own at the next sync.
     *
     * @return the subject's new number
     */
    public static String keepBoth(AeCapture site, org.aecapture.domain.SyncConflict conflict, String reason) {
        requireResolver(site);
        if (!conflict.entity().equals("subject")) {
            throw new IllegalArgumentException("Keep both renumbers a subject whose number the centre holds; this conflict is on "
                    + conflict.entity().replace('_', ' ') + ". Nothing was changed.");
        }
        return site.database().inTransaction(tx -> SiteSync.renumber(tx, conflict.uid(), reason));
    }

    /** A sync conflict is resolved by the site's investigators and coordinators, signed in. */
    private static void requireResolver(AeCapture site) {
        Account a = site.signedIn().orElseThrow(() -> new AccessRefused("Sign in to resolve a sync conflict."));
        if (a.role() != Role.INVESTIGATOR && a.role() != Role.COORDINATOR) {
            throw new AccessRefused("A sync conflict is resolved by the site's investigators and coordinators. Nothing was changed.");
        }
    }

    /** When the file was last synced, if it is linked to a central database. */
    public static java.util.Optional<java.time.Instant> lastSync(AeCapture site) {
        return site.database().read(tx -> SiteSync.linkedTo(tx).isPresent()
                ? SiteSync.lastSync(tx).map(java.time.Instant::parse) : java.util.Optional.<java.time.Instant>empty());
    }

    /** The central database the file is linked to, if it was ever synced. */
    public static java.util.Optional<String> linkedTo(AeCapture site) {
        return site.database().read(SiteSync::linkedTo);
    }
}
