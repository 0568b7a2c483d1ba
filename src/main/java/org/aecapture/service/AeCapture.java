package org.aecapture.service;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.domain.Account;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.AdverseEventRules;
import org.aecapture.domain.Eligibility;
import org.aecapture.domain.Role;
import org.aecapture.domain.SubjectRules;
import org.aecapture.store.AdverseEventRepository;
import org.aecapture.store.ArmKeys;
import org.aecapture.store.AccountRepository;
import org.aecapture.location.Credentials;
import org.aecapture.store.Database;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.DatabaseLockRepository;
import org.aecapture.store.SignatureRepository;
import org.aecapture.store.EligibilityRepository;
import org.aecapture.store.VisitRepository;
import org.aecapture.store.RandomizationRepository;
import org.aecapture.store.ServerRoles;
import org.aecapture.store.StudyRepository;
import org.aecapture.store.SubjectRepository;
import org.aecapture.study.StudyDefinition;
import org.aecapture.study.StudyDefinitions;

/**
 * One open study database with everything that works on it: the GUI and the command line are thin
 * shells over this.
 */
public final class AeCapture implements AutoCloseable {

    private final Database db;
    /**
     * The CTCAE catalog and the study definition are read in the background, while the caller goes on to sign in (a
     * password check is half a second by design): together they took over half a second of every start.
     */
    private final CompletableFuture<CtcaeCatalog> catalog;
    private final CompletableFuture<StudyDefinition> study;
    /** The catalog, the study and the statistician's arm key are read or opened on threads of their own. */
    private static final java.util.concurrent.Executor IN_BACKGROUND = Threads.daemon("aecapture-open");
    private final SubjectRepository subjects = new SubjectRepository();
    private final AdverseEventRepository adverseEvents = new AdverseEventRepository(subjects);
    private final RandomizationRepository randomization = new RandomizationRepository(subjects);
    private final EligibilityRepository eligibility = new EligibilityRepository(subjects);
    private final VisitRepository visits = new VisitRepository(subjects);
    private final AccountRepository accounts = new AccountRepository();
    private final DatabaseLockRepository lock = new DatabaseLockRepository();
    private final SignatureRepository signatures = new SignatureRepository(subjects);
    private final org.aecapture.store.SaeRepository sae = new org.aecapture.store.SaeRepository();
    private final org.aecapture.store.SaeAssessmentRepository saeAssessments = new org.aecapture.store.SaeAssessmentRepository();
    private final org.aecapture.store.SaeReportRepository saeReports = new org.aecapture.store.SaeReportRepository();
    private final org.aecapture.store.DataQueryRepository dataQueries = new org.aecapture.store.DataQueryRepository(subjects);
    private final org.aecapture.store.SdvMarkRepository sdvMarks = new org.aecapture.store.SdvMarkRepository(subjects);
    private final ActingUser acting;
    /**
     * The study's arm key while the unblinded statistician is signed in to a file (never stored unwrapped): opened in the
     * background from the sign-in on (a second PBKDF2, a third of a second), so that an export reads meanwhile.
     */
    private final AtomicReference<CompletableFuture<java.security.PrivateKey>> armKey = new AtomicReference<>(NO_ARM_KEY);
    private static final CompletableFuture<java.security.PrivateKey> NO_ARM_KEY = CompletableFuture.completedFuture(null);

    /**
     * Who the audit trail names: the signed-in account once there is one, else the operating-system user
     * (the open mode of a database without accounts).
     */
    private static final class ActingUser implements Supplier<String> {
        private final Supplier<String> osUser;
        private final AtomicReference<Account> account = new AtomicReference<>();

        ActingUser(Supplier<String> osUser) {
            this.osUser = osUser;
        }

        @Override
        public String get() {
            Account a = account.get();
            return a != null ? a.userName() : osUser.get();
        }
    }

    private AeCapture(Database db, String studyYaml, ActingUser acting) {
        this.acting = acting;
        this.db = db;
        this.study = CompletableFuture.supplyAsync(() -> StudyDefinitions.parseStored(studyYaml), IN_BACKGROUND);
        // the study grades by the CTCAE version its protocol names
        this.catalog = study.thenApplyAsync(s -> CtcaeCatalog.bundled(s.ctcae()), IN_BACKGROUND);
    }

    /** Opens an existing, initialised database file. */
    public static AeCapture open(Path file, Supplier<String> user, Clock clock) {
        return open(new DatabaseLocation.SqliteFile(file), Credentials.NONE, user, clock);
    }

    /** Opens an existing, initialised database: a file, or a server's database connected to with these credentials. */
    public static AeCapture open(DatabaseLocation location, Credentials credentials, Supplier<String> user, Clock clock) {
        ActingUser acting = new ActingUser(user);
        Database db = Database.open(location, credentials, false, acting, clock);
        try {
            String yaml = db.inTransaction(tx -> {
                var stored = new StudyRepository().definitionYaml(tx);
                if (stored.isPresent()) {
                    ArmKeys.ensure(tx); // in the open's one transaction: a file without its arm key gets it
                }
                return stored;
            }).orElseThrow(() -> new IllegalStateException("The database " + location.display() + " holds no study. Run 'init' on it first."));
            return new AeCapture(db, yaml, acting);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Opens a database, creating it with the bundled default study when it is new. Idempotent: a
     * database that already holds a study keeps it.
     */
    public static AeCapture openOrInit(Path file, Supplier<String> user, Clock clock) {
        return openOrInit(new DatabaseLocation.SqliteFile(file), Credentials.NONE, user, clock);
    }

    /** As {@link #openOrInit(Path, Supplier, Clock)}, for a file or a server's (existing, perhaps empty) database. */
    public static AeCapture openOrInit(DatabaseLocation location, Credentials credentials, Supplier<String> user, Clock clock) {
        return openOrInit(location, credentials, user, clock, null);
    }

    /**
     * As {@link #openOrInit(DatabaseLocation, Credentials, Supplier, Clock)}, a new database taking the study definition
     * {@code studyYaml} (null: the bundled study). A database that holds another study is refused by name, unchanged.
     *
     * @throws IllegalArgumentException for a definition that cannot be read, naming what is wrong, before anything is created
     */
    public static AeCapture openOrInit(DatabaseLocation location, Credentials credentials, Supplier<String> user, Clock clock,
                                       String studyYaml) {
        StudyDefinition wanted = studyYaml == null ? null : StudyDefinitions.parse(studyYaml);
        ActingUser acting = new ActingUser(user);
        Database db = Database.open(location, credentials, true, acting, clock);
        try {
            StudyRepository studies = new StudyRepository();
            String yaml = db.inTransaction(tx -> {
                var stored = studies.definitionYaml(tx);
                String holds = stored.isPresent() && wanted != null ? StudyDefinitions.parseStored(stored.get()).studyId() : null;
                if (holds != null && !holds.equals(wanted.studyId())) {
                    throw new IllegalArgumentException("The database " + location.display() + " holds study " + holds + ", not "
                            + wanted.studyId() + ". Nothing was changed.");
                }
                String definition = stored.orElseGet(() -> studyYaml != null ? studyYaml : StudyDefinitions.bundledYaml());
                if (stored.isEmpty()) {
                    studies.insert(tx, StudyDefinitions.parse(definition), definition);
                }
                ArmKeys.ensure(tx);
                return definition;
            });
            return new AeCapture(db, yaml, acting);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public Database database() {
        return db;
    }

    public CtcaeCatalog catalog() {
        return Threads.awaited(catalog);
    }

    public StudyDefinition study() {
        return Threads.awaited(study);
    }

    public LocalDate today() {
        return LocalDate.now(db.clock());
    }

    public AdverseEventService adverseEvents() {
        return new AdverseEventService(this);
    }

    public SaeService sae() {
        return new SaeService(this);
    }

    org.aecapture.store.SaeRepository saeRepository() {
        return sae;
    }

    org.aecapture.store.SaeAssessmentRepository saeAssessmentRepository() {
        return saeAssessments;
    }

    org.aecapture.store.SaeReportRepository saeReportRepository() {
        return saeReports;
    }

    public SubjectService subjects() {
        return new SubjectService(this);
    }

    /** Signs in: from now on the services act as this account and the audit trail names it. */
    public Account signIn(String userName, char[] password) {
        char[] forArmKey = password.clone();
        try {
            Account a = accounts().login(userName, password);
            armKey.set(NO_ARM_KEY);
            acting.account.set(a);
            if (a.role() == Role.UNBLINDED_STATISTICIAN) {
                // in a file, the statistician's password opens the sealed arms for this session
                Optional<org.aecapture.security.ArmSeal.WrappedKey> held = db.read(tx -> ArmKeys.heldBy(tx, a.userName()));
                if (held.isPresent() && db.read(ArmKeys::leakingArms) > 0) {
                    // arms sealed in the leaking format (an earlier release): opened now and re-sealed, once, before anything else
                    java.security.PrivateKey key = ArmKeys.open(held.get(), forArmKey).orElse(null);
                    if (key != null) {
                        try {
                            db.inTransaction(tx -> ArmKeys.resealLeaking(tx, key));
                        } catch (org.aecapture.store.StoreException e) {
                            // a file that takes no change (its integrity check failed): the sign-in goes on, check keeps saying so
                            org.slf4j.LoggerFactory.getLogger(AeCapture.class).warn("the arms could not be re-sealed: {}", e.getMessage());
                        }
                    }
                    armKey.set(CompletableFuture.completedFuture(key));
                } else if (held.isPresent()) {
                    char[] secret = forArmKey;
                    forArmKey = null; // wiped by the opening, once done
                    armKey.set(CompletableFuture.supplyAsync(() -> {
                        try {
                            return ArmKeys.open(held.get(), secret).orElse(null);
                        } finally {
                            org.aecapture.security.PasswordHasher.wipe(secret);
                        }
                    }, IN_BACKGROUND));
                }
            }
            return a;
        } finally {
            org.aecapture.security.PasswordHasher.wipe(forArmKey);
        }
    }

    /**
     * The key that opens the sealed arms of a file: the provisional one while no statistician holds it (a new
     * database, the demo), else the signed-in statistician's; null when neither (a server needs none).
     */
    java.security.PrivateKey armKey(org.aecapture.store.Tx tx) throws java.sql.SQLException {
        return Threads.awaited(armKeyOpening(tx));
    }

    /** {@link #armKey}, maybe still being opened: the provisional key is read in {@code tx}, the session's may be awaited later. */
    CompletableFuture<java.security.PrivateKey> armKeyOpening(org.aecapture.store.Tx tx) throws java.sql.SQLException {
        Optional<java.security.PrivateKey> provisional = ArmKeys.provisionalKey(tx);
        return provisional.isPresent() ? CompletableFuture.completedFuture(provisional.get()) : armKey.get();
    }


    /** Signs out whoever is signed in, recording it in the security events with why ("Sign out", the window closed). */
    public void signOut(String why) {
        Account a = acting.account.get();
        if (a != null) {
            signOut(a, why);
        }
    }

    /**
     * Signs {@code leaving} out, unless someone else signed in meanwhile (a sign-out written in the background
     * must never end the next person's session), and records it.
     */
    public void signOut(Account leaving, String why) {
        if (acting.account.compareAndSet(leaving, null)) {
            armKey.set(NO_ARM_KEY);
        }
        accounts().recordSignOut(leaving.userName(), why);
    }

    public Optional<Account> signedIn() {
        return Optional.ofNullable(acting.account.get());
    }

    public DatabaseLockService databaseLock() {
        return new DatabaseLockService(this);
    }

    public SignatureService signatures() {
        return new SignatureService(this);
    }

    Access access() {
        return new Access(this);
    }

    DatabaseLockRepository databaseLockRepository() {
        return lock;
    }

    SignatureRepository signatureRepository() {
        return signatures;
    }

    public AccountService accounts() {
        return new AccountService(this);
    }

    public AuditService audit() {
        return new AuditService(this);
    }

    public ReviewService review() {
        return new ReviewService(this);
    }

    public VisitService visits() {
        return new VisitService(this);
    }

    public CsvImports imports() {
        return new CsvImports(this);
    }

    /**
     * Fills an empty database with the synthetic demo trial, in one transaction.
     *
     * @return what was stored
     */
    public DemoTrial.Data loadDemo(int subjects, double meanAesPerSubject, long seed) {
        DemoTrial.Data data = new DemoTrial(catalog(), study()).generate(subjects, meanAesPerSubject, seed, today());
        String reason = "synthetic demo data (seed " + seed + ")";
        return db.inTransaction(tx -> {
            access().requireRole(tx, "load demo data", Role.ADMINISTRATOR);
            access().requireUnlocked(tx);
            if (!this.subjects.findAll(tx).isEmpty()) {
                throw new IllegalStateException("The database " + db.location().display() + " already holds subjects: demo data go only into an"
                        + " empty database, so that they can never mix with real data.");
            }
            for (var s : data.subjects()) {
                this.subjects.insert(tx, s, reason);
            }
            for (var ae : data.adverseEvents()) {
                AdverseEvent saved = adverseEvents.insert(tx, ae, reason);
                if (saved.serious()) {
                    demoSaeReported(tx, saved, reason);
                }
            }
            for (var e : data.eligibility().entrySet()) {
                eligibility.insert(tx, Eligibility.decided(null, e.getKey(), e.getValue(), tx.user(), tx.now().toString(), 0));
            }
            for (var v : data.visits()) {
                visits.insert(tx, v);
            }
            randomization.insertAll(tx, data.armBySubject(), reason);
            return data;
        });
    }

    /**
     * A demo SAE as a site would have reported it: aware the day after onset at 09:00 UTC, hospitalisation and death as
     * its criteria say, and the initial report sent six hours later (SUSARs then wait for the reviewer).
     */
    private void demoSaeReported(org.aecapture.store.Tx tx, AdverseEvent ae, String reason) throws java.sql.SQLException {
        if (ae.onsetDate() == null) {
            return;
        }
        LocalDate onset = ae.onsetDate().earliest();
        java.time.OffsetDateTime aware = onset.plusDays(1).atTime(9, 0).atOffset(java.time.ZoneOffset.UTC);
        if (aware.toInstant().isAfter(tx.now())) {
            return; // not yet known to the site on the demo's day: it stays to be entered
        }
        boolean died = ae.seriousCriteria().contains(org.aecapture.domain.SeriousCriterion.RESULTS_IN_DEATH);
        LocalDate death = died && ae.endDate() != null ? ae.endDate().toLocalDate().orElse(null) : null;
        var details = sae.insert(tx, new org.aecapture.sae.SaeDetails(null, ae.id(), ae.subjectNumber(), aware,
                ae.seriousCriteria().contains(org.aecapture.domain.SeriousCriterion.HOSPITALIZATION) ? onset : null, null, death,
                died ? ae.ctcaeTerm() : null, died ? org.aecapture.sae.Autopsy.UNKNOWN : null,
                "Synthetic demo narrative: " + ae.ctcaeTerm() + ", grade " + ae.grade() + ".", null, null,
                org.aecapture.sae.ChallengeResult.UNKNOWN, org.aecapture.sae.ChallengeResult.NOT_APPLICABLE, 0), reason);
        String content = org.aecapture.sae.SaeContent.of(ae, details);
        java.time.Instant sent = aware.toInstant().plus(java.time.Duration.ofHours(6));
        saeReports.insert(tx, new org.aecapture.sae.SaeReport(null, ae.id(), ae.subjectNumber(), org.aecapture.sae.SaeReport.Type.INITIAL, 0,
                sent.isAfter(tx.now()) ? tx.now() : sent, tx.user(), content, org.aecapture.sae.SaeContent.sha256(content)));
    }

    /**
     * Makes the PostgreSQL server enforce the roles: group roles, grants and row-level security (see
     * {@link ServerRoles}). Run by the database's owner; accounts made from then on get their own login role.
     *
     * @return the accounts that have no login role yet (made before), and the first time the statistician's recovery code
     */
    public Provisioned provisionServer() {
        return db.inTransaction(tx -> {
            java.util.Optional<String> recoveryCode = ServerRoles.provision(tx);
            java.util.List<String> missing = new java.util.ArrayList<>();
            for (Account a : accounts.findAll(tx)) {
                if (!ServerRoles.hasLogin(tx, a.userName())) {
                    missing.add(a.userName());
                }
            }
            return new Provisioned(missing, recoveryCode);
        });
    }

    /**
     * What a provision did: the accounts that have no login role yet (made before), and, the first time, the unblinded
     * statistician's recovery code, which an administrator needs to make, reset or promote a statistician's login.
     */
    public record Provisioned(java.util.List<String> withoutLogin, java.util.Optional<String> statisticianRecoveryCode) { }

    public SummaryExport summaryExport(String applicationVersion) {
        return new SummaryExport(this, applicationVersion);
    }

    /**
     * Whether an export is pooled: for every role but the unblinded statistician, or when forced. Refuses the roles that
     * may not export at all (site staff, administrators).
     */
    boolean exportIsBlinded(String what, boolean forceBlinded) {
        return forceBlinded || !db.inTransaction(tx -> {
            access().requireRole(tx, what, Role.SAFETY_REVIEWER, Role.UNBLINDED_STATISTICIAN);
            return access().mayUnblind(tx);
        });
    }

    /** The full integrity check of the database (SQLite); a failed check leaves the database refusing every change. */
    public org.aecapture.location.IntegrityReport checkIntegrity() {
        return db.checkIntegrity();
    }

    /** Where the study database is: a file, or a server's database. */
    public DatabaseLocation location() {
        return db.location();
    }

    /** The clock the application runs on (fixed in tests). */
    public java.time.Clock clock() {
        return db.clock();
    }

    /** Why the database takes no change (it failed its integrity check), if so. */
    public Optional<String> writesRefused() {
        return db.writesRefused();
    }

    /** A warning that other users of this computer can read the file, if they can. */
    public Optional<String> accessWarning() {
        return db.accessWarning();
    }

    /**
     * Ends the session as a window closes: the account still signed in is signed out first (the security events show the
     * session's end), the database is closed, and for an SQLite file that took every write the daily backup follows (at
     * most one a day, the newest seven kept beside it). A failed backup is logged, not thrown: the data are saved already.
     *
     * @return the backup taken, if one was
     */
    public Optional<java.nio.file.Path> closeWithDailyBackup(String why) {
        try {
            signOut(why);
        } finally {
            close();
        }
        if (location() instanceof DatabaseLocation.SqliteFile f && java.nio.file.Files.isRegularFile(f.file()) && writesRefused().isEmpty()) {
            try {
                return org.aecapture.store.Backups.daily(f.file(), db.clock());
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(AeCapture.class).warn("the backup on closing failed", e);
            }
        }
        return Optional.empty();
    }

    /** When a backup was taken. */
    public static java.time.Instant backupTakenAt(java.nio.file.Path backup) {
        return org.aecapture.store.Backups.lastModified(backup);
    }

    /** An administrator's backup of the study database to a file, checked before it appears. */
    public java.nio.file.Path backup(java.nio.file.Path out) {
        return org.aecapture.store.Backups.backup(requireBackupAllowed("back up the database"), out);
    }

    /** "Back up now": an administrator's backup into the backups folder beside the database. */
    public java.nio.file.Path backupNow() {
        return org.aecapture.store.Backups.now(requireBackupAllowed("back up the database"), db.clock());
    }

    /** The newest backup in the backups folder beside the database; empty on a server or before the first. */
    public Optional<java.nio.file.Path> lastBackup() {
        return db.location() instanceof DatabaseLocation.SqliteFile f ? org.aecapture.store.Backups.latest(f.file()) : Optional.empty();
    }

    private java.nio.file.Path requireBackupAllowed(String what) {
        if (!(db.location() instanceof DatabaseLocation.SqliteFile f)) {
            throw new org.aecapture.store.StoreException("A PostgreSQL database is backed up by its server (pg_dump, or the"
                    + " server's continuous archiving); AE Capture backs up SQLite files.");
        }
        requireAdministrator(what);
        return f.file();
    }

    /** Refuses unless the signed-in account is an administrator (or the database has no accounts yet). */
    public void requireAdministrator(String what) {
        db.read(tx -> {
            access().requireRole(tx, what, Role.ADMINISTRATOR);
            return null;
        });
    }

    public SdtmExport sdtmExport(String applicationVersion) {
        return new SdtmExport(this, applicationVersion);
    }

    /** Data queries, their steps, the study's edit checks and source data verification. */
    public DataQueryService queries() {
        return new DataQueryService(this);
    }

    org.aecapture.store.DataQueryRepository dataQueryRepository() {
        return dataQueries;
    }

    org.aecapture.store.SdvMarkRepository sdvMarkRepository() {
        return sdvMarks;
    }

    /** Who the audit trail names now: the signed-in account, or the operating-system user in open mode. */
    String actingUser() {
        return acting.get();
    }

    SubjectRepository subjectRepository() {
        return subjects;
    }

    AdverseEventRepository adverseEventRepository() {
        return adverseEvents;
    }

    EligibilityRepository eligibilityRepository() {
        return eligibility;
    }

    AccountRepository accountRepository() {
        return accounts;
    }

    VisitRepository visitRepository() {
        return visits;
    }

    RandomizationRepository randomizationRepository() {
        return randomization;
    }

    /** The study's edit checks, made once for this database's study (every save runs them). */
    private volatile org.aecapture.checks.EditChecks editChecks;

    org.aecapture.checks.EditChecks editChecks() {
        org.aecapture.checks.EditChecks checks = editChecks;
        if (checks == null) {
            checks = new org.aecapture.checks.EditChecks(study().editChecks(), adverseEventRules());
            editChecks = checks;
        }
        return checks;
    }

    AdverseEventRules adverseEventRules() {
        return new AdverseEventRules(catalog(), study().lab().worstCase() ? org.aecapture.lab.LabGrader.Convention.WORST_CASE
                : org.aecapture.lab.LabGrader.Convention.STRICT); // the form's reading, so that save and form agree
    }

    SubjectRules subjectRules() {
        return study().subjectRules();
    }

    @Override
    public void close() {
        db.close();
    }
}
