package org.aecapture.ui.main;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.stage.Window;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.prefs.Preferences;
import org.aecapture.ui.AuditHistoryTable;
import org.aecapture.ui.Background;
import org.aecapture.ui.capture.CaptureView;
import org.aecapture.ui.export.ExportView;
import org.aecapture.ui.accounts.AccountDialogs;
import org.aecapture.ui.accounts.AccountsView;
import org.aecapture.ui.accounts.FirstAdministratorPane;
import org.aecapture.ui.accounts.LoginPane;
import org.aecapture.ui.audit.AuditView;
import org.aecapture.ui.review.ReviewView;
import org.aecapture.ui.subjects.SubjectsView;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;
import javafx.scene.layout.VBox;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.domain.Account;
import org.aecapture.domain.DatabaseLock;
import org.aecapture.domain.Role;
import org.aecapture.security.PasswordHasher;
import org.aecapture.service.AeCapture;
import org.aecapture.service.SubjectService.SubjectSummary;
import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.study.StudyDefinition;
import org.controlsfx.control.StatusBar;

/**
 * The main window: header with the study and database, a central area for the screens, and a status
 * bar with the user and database. The database is opened off the FX thread.
 */
public final class MainWindow {

    public static final String STYLESHEET = MainWindow.class.getResource("/org/aecapture/ui/app.css").toExternalForm();

    /** The opened database and whether it has accounts yet, found off the FX thread. */
    record Opened(AeCapture app, boolean hasAccounts) { }

    private final ResourceBundle text;
    private DatabaseLocation location;
    private final BiFunction<DatabaseLocation, Credentials, AeCapture> opener;
    private final Label dbLabel = new Label();
    private final Label dbStatus = new Label();
    private final BorderPane root = new BorderPane();
    private final StackPane shell = new StackPane(root);
    private final InactivityLock inactivity;
    private final IntegrityStatus integrity;
    private final Label studyTitle = new Label();
    private final Label studyIds = new Label();
    private final StatusBar statusBar = new StatusBar();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final String appVersion;
    private final ListView<Screen> nav = new ListView<>();
    private Function<Window, Optional<Path>> exportTarget;
    private AeCapture app;
    private Node overview;
    private Label subjectCount;
    private Label aeCount;
    private final ScreenRouter screens = new ScreenRouter(root::setCenter);
    /** A site's file: how many changes wait to be sent, and when it was last synced. */
    private final Label syncStatus = new Label();
    private final Label userLabel = new Label();
    private final Button signOut = new Button();
    private final Button changePassword = new Button();
    private final Label lockBanner = new Label();
    /** Whether the database is locked, as last read: the data-entry screens are read-only meanwhile. */
    private final BooleanProperty databaseLocked = new SimpleBooleanProperty();
    private Function<Window, Optional<Path>> auditTarget;
    private Function<Window, Optional<Path>> randomizationSource;
    private Function<Window, Optional<Path>> sdtmFolder;
    private Function<Window, Optional<Path>> reviewTarget;
    private Function<Window, Optional<Path>> ciomsTarget;
    private Function<Window, Optional<Path>> queriesTarget;
    /** How many queries of one's sites wait on someone: the navigation says so from the sign-in on. */
    private final javafx.beans.property.IntegerProperty queriesOutstanding = new javafx.beans.property.SimpleIntegerProperty();
    /** The capture screen as built for the signed-in account: a query's answer opens its AE there. */
    private CaptureView capture;
    /** The Subjects and visits screen once built: a query on enrolment data or a visit opens its subject there. */
    private SubjectsView subjects;
    private Preferences preferences;
    private String notice = "";
    private RecentDatabases recent;

    /** System property: minutes without input before a signed-in window locks. */
    public static final String INACTIVITY_MINUTES = "aecapture.inactivityMinutes";

    /** The screens, in navigation order: the investigator's first. */
    enum Screen { CAPTURE, QUERIES, SAE, SUBJECTS, REVIEW, AUDIT, OVERVIEW, EXPORT, ACCOUNTS, SYNC }

    /** A window on a database file, opened by {@code opener}. */
    public MainWindow(ResourceBundle text, Path dbFile, String appVersion, Supplier<AeCapture> opener) {
        this(text, new DatabaseLocation.SqliteFile(dbFile.toAbsolutePath()), appVersion, (where, credentials) -> opener.get());
    }

    /**
     * A window on a database file or server: {@code opener} opens a location with the credentials of whoever
     * signs in (none for a file; on a server each person's own login role).
     */
    public MainWindow(ResourceBundle text, DatabaseLocation location, String appVersion, BiFunction<DatabaseLocation, Credentials, AeCapture> opener) {
        this.text = text;
        this.location = location;
        this.opener = opener;
        this.appVersion = appVersion;
        this.integrity = new IntegrityStatus(text, () -> app, () -> root.getScene() == null ? null : root.getScene().getWindow());
        this.inactivity = new InactivityLock(text, shell, Duration.minutes(Integer.getInteger(INACTIVITY_MINUTES, 15)));
        title.set(text.getString("app.name") + " \u2014 " + location.display());
        root.getStyleClass().add("main-window");
        registerScreens();
        // the navigation's cells are drawn anew only when the count changes: not on every read of it
        queriesOutstanding.addListener((o, was, is) -> nav.refresh());

        studyTitle.setText(text.getString("app.name")); // until the database tells which study it holds
        studyTitle.getStyleClass().add("study-title");
        studyTitle.setId("studyTitle");
        studyIds.getStyleClass().add("study-ids");
        studyIds.setId("studyIds");
        dbLabel.getStyleClass().add("db-file");
        dbLabel.setId("databaseLabel");
        Button openDatabase = new Button(text.getString("open.button"));
        openDatabase.setId("openDatabase");
        openDatabase.getStyleClass().add("header-button");
        openDatabase.setOnAction(e -> chooseDatabase());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button about = new Button(text.getString("about.button"));
        about.setId("aboutButton");
        about.getStyleClass().add("header-button");
        about.setOnAction(e -> showAbout());
        signOut.setId("signOut");
        signOut.setText(text.getString("login.signOut"));
        signOut.getStyleClass().add("header-button");
        signOut.setVisible(false);
        signOut.managedProperty().bind(signOut.visibleProperty());
        signOut.setOnAction(e -> signOut());
        changePassword.setId("changeOwnPassword");
        changePassword.setText(text.getString("accounts.change.button"));
        changePassword.getStyleClass().add("header-button");
        changePassword.visibleProperty().bind(signOut.visibleProperty());
        changePassword.managedProperty().bind(signOut.visibleProperty());
        changePassword.setOnAction(e -> changeOwnPassword());
        // the buttons keep their words; the study title and the database's name give way on a narrow window
        for (Button b : List.of(openDatabase, about, changePassword, signOut)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        dbLabel.setMinWidth(0);
        HBox header = new HBox(new VBox(studyTitle, studyIds), spacer, dbLabel, openDatabase, about, changePassword, signOut);
        header.getStyleClass().add("app-header");
        lockBanner.setId("lockBanner");
        lockBanner.getStyleClass().add("lock-banner");
        lockBanner.setMaxWidth(Double.MAX_VALUE);
        lockBanner.setWrapText(true);
        lockBanner.visibleProperty().bind(databaseLocked);
        lockBanner.managedProperty().bind(databaseLocked);
        root.setTop(new VBox(header, lockBanner));

        statusBar.setId("statusBar");
        userLabel.setText(text.getString("status.notSignedIn"));
        userLabel.setId("statusUser");
        dbStatus.setId("statusDatabase");
        showLocation();
        syncStatus.setId("syncStatus");
        syncStatus.setVisible(false);
        syncStatus.managedProperty().bind(syncStatus.visibleProperty());
        Separator afterSync = new Separator(Orientation.VERTICAL);
        afterSync.visibleProperty().bind(syncStatus.visibleProperty());
        afterSync.managedProperty().bind(syncStatus.visibleProperty());
        statusBar.getRightItems().addAll(syncStatus, afterSync, integrity.label(), new Separator(Orientation.VERTICAL), userLabel,
                new Separator(Orientation.VERTICAL), dbStatus);
        root.setBottom(statusBar);
    }

    /** The licence and provenance notice of the About dialog. */
    public void setNotice(String notice) {
        this.notice = notice;
    }

    private void showAbout() {
        TextArea body = new TextArea(notice);
        body.setId("aboutNotice");
        body.setEditable(false);
        body.setWrapText(true);
        body.setPrefSize(640, 360);
        Alert about = new Alert(Alert.AlertType.INFORMATION);
        about.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
        about.setTitle(text.getString("about.title"));
        about.setHeaderText(MessageFormat.format(text.getString("about.header"), text.getString("app.name"), appVersion,
                String.join(", v", CtcaeCatalog.VERSIONS)));
        about.getDialogPane().setContent(body);
        about.setResizable(true);
        about.show();
    }

    /** Where the last screen is remembered between runs; none by default. */
    public void setPreferences(Preferences preferences) {
        this.preferences = preferences;
        screens.setPreferences(preferences);
    }

    /** Where the Queries screen's "Export…" writes (tests choose a file without a dialog). */
    public void setQueriesExportTarget(Function<Window, Optional<Path>> chooser) {
        this.queriesTarget = chooser;
    }

    /** Where "CIOMS I…" writes (tests choose a file without a dialog). */
    public void setCiomsTarget(Function<Window, Optional<Path>> chooser) {
        this.ciomsTarget = chooser;
    }

    /** Where the review screen's "Export view…" writes; by default a file chooser. Set before {@link #open()}. */
    public void setReviewExportTarget(Function<Window, Optional<Path>> chooser) {
        this.reviewTarget = chooser;
    }

    /** Where the audit trail screen's export writes; by default a file chooser. */
    public void setAuditExportTarget(Function<Window, Optional<Path>> chooser) {
        this.auditTarget = chooser;
    }

    /** Where the statistician's "Load randomization list…" reads; by default a file chooser. */
    public void setRandomizationSource(Function<Window, Optional<Path>> chooser) {
        this.randomizationSource = chooser;
    }

    /** Where "Export SDTM…" writes; by default a folder chooser. */
    public void setSdtmExportFolder(Function<Window, Optional<Path>> chooser) {
        this.sdtmFolder = chooser;
    }

    /** Where "Export…" writes; by default a file chooser. */
    public void setExportTarget(Function<Window, Optional<Path>> chooser) {
        this.exportTarget = chooser;
    }

    public Parent root() {
        return shell;
    }

    /** After how long without input a signed-in window locks (default 15 minutes, or -Daecapture.inactivityMinutes). */
    public void setInactivityTimeout(Duration timeout) {
        inactivity.setTimeout(timeout);
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The database's name in the header, the status bar and the title until the study is known. */
    private void showLocation() {
        dbLabel.setText(location.display());
        dbStatus.setText(format("status.database", location.display()));
        statusBar.setText(format("status.opening", location.display()));
        title.set(text.getString("app.name") + " \u2014 " + location.display());
    }

    /** The database shown, a file or a server. */
    public DatabaseLocation location() {
        return location;
    }

    /**
     * Opens the database in the background; the window shows progress meanwhile. A server's database is
     * opened only by someone signing in: the server checks who connects.
     */
    public void open() {
        if (location instanceof DatabaseLocation.PostgresServer server) {
            askToConnect(server);
            return;
        }
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("openingProgress");
        root.setCenter(progress);
        statusBar.setProgress(ProgressIndicator.INDETERMINATE_PROGRESS);
        Task<Opened> task = new Task<>() {
            @Override
            protected Opened call() {
                AeCapture opened = opener.apply(location, Credentials.NONE);
                return new Opened(opened, opened.accounts().hasAccounts());
            }
        };
        task.setOnSucceeded(e -> showOverview(task.getValue()));
        task.setOnFailed(e -> showError(task.getException()));
        Background.start(task, "open-database");
    }

    /**
     * A server's sign-in: the user name and password connect as the person's own login role (the server checks
     * the password), then sign in to the study's account of the same name.
     */
    private void askToConnect(DatabaseLocation.PostgresServer server) {
        root.setLeft(null);
        userLabel.setText(text.getString("status.notSignedIn"));
        statusBar.setText(format("status.server", server.display()));
        LoginPane<Opened> connect = new LoginPane<>(text, format("login.server.explain", server.display()), (name, secret) -> {
            try {
                AeCapture opened = opener.apply(server, Credentials.ofPerson(name, secret.clone()));
                try {
                    boolean hasAccounts = opened.accounts().hasAccounts();
                    if (hasAccounts) {
                        opened.signIn(name, secret.clone());
                    }
                    return new Opened(opened, hasAccounts);
                } catch (RuntimeException e) {
                    opened.close();
                    throw e;
                }
            } finally {
                PasswordHasher.wipe(secret);
            }
        }, this::showOverview);
        root.setCenter(connect.root());
        connect.focus();
    }

    private void showOverview(Opened o) {
        app = o.app();
        if (recent != null) {
            recent.add(location);
        }
        app.accessWarning().ifPresent(this::warnAboutAccess);
        StudyDefinition study = app.study();
        title.set(MessageFormat.format(text.getString("window.title"), text.getString("app.name"), study.shortTitle(),
                study.studyId(), location.display()));
        studyTitle.setText(study.shortTitle());
        studyIds.setText(format("header.ids", study.studyId(), study.protocol(), study.ctcae()));

        GridPane facts = new GridPane();
        facts.getStyleClass().add("overview-facts");
        addFact(facts, 0, "overview.officialTitle", study.officialTitle());
        addFact(facts, 1, "overview.masking", study.masking().type() + " (" + String.join(", ", study.masking().maskedRoles()) + ")");
        addFact(facts, 2, "overview.aeWindow", study.aeWindow().description());
        subjectCount = addFact(facts, 3, "overview.subjects", "\u2026");
        aeCount = addFact(facts, 4, "overview.adverseEvents", "\u2026");
        Label heading = new Label(text.getString("overview.heading"));
        heading.getStyleClass().add("screen-heading");
        VBox center = new VBox(heading, facts);
        center.getStyleClass().add("overview");
        center.setPadding(new Insets(24));
        overview = center;

        nav.setId("navigation");
        nav.getStyleClass().add("nav");
        nav.getItems().setAll(Screen.values());
        nav.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Screen item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item == Screen.QUERIES && queriesOutstanding.get() > 0
                        ? format("nav.queries.count", queriesOutstanding.get())
                        : text.getString("nav." + item.name().toLowerCase(java.util.Locale.ROOT)));
            }
        });
        nav.getSelectionModel().selectedItemProperty().addListener((obs, was, is) -> show(is));
        statusBar.setProgress(0);
        statusBar.setText(text.getString("status.ready"));
        integrity.check(app, location);
        if (app.signedIn().isPresent()) {
            enterScreens(); // signed in by whoever opened the database
        } else if (o.hasAccounts()) {
            askToSignIn();
        } else {
            askForFirstAdministrator();
        }
    }

    /** The first start of a database without accounts: nothing else until the first administrator exists. */
    private void askForFirstAdministrator() {
        root.setLeft(null);
        userLabel.setText(text.getString("status.notSignedIn"));
        // a newcomer on a new file may look around first, in a demo file of its own beside it
        Runnable exploreDemo = location instanceof DatabaseLocation.SqliteFile f && !org.aecapture.service.DemoFile.isDemo(f.file())
                ? () -> Background.run("demo-trial", () -> org.aecapture.service.DemoFile.openOrCreate(f.file(), java.time.Clock.systemDefaultZone()),
                        demo -> reopen(new DatabaseLocation.SqliteFile(demo)), text, statusBar::setText)
                : null;
        FirstAdministratorPane first = new FirstAdministratorPane(text, app, this::afterFirstAdministrator, exploreDemo);
        root.setCenter(first.root());
        first.focus();
    }

    /**
     * Once the first administrator exists, they sign in. On a server that means connecting as their own login
     * role: the connection that made the account (the owner's) is closed.
     */
    private void afterFirstAdministrator() {
        if (location instanceof DatabaseLocation.PostgresServer server) {
            AeCapture owners = app;
            app = null;
            Background.run("close-owner-connection", () -> {
                owners.close();
                return null;
            }, x -> { }, statusBar::setText);
            askToConnect(server);
            return;
        }
        askToSignIn();
    }

    /** A database with accounts opens on the sign-in; the screens follow for the signed-in account's role. */
    private void askToSignIn() {
        root.setLeft(null);
        userLabel.setText(text.getString("status.notSignedIn"));
        LoginPane<Account> login = LoginPane.of(text, app, account -> enterScreens());
        if (location instanceof DatabaseLocation.SqliteFile f && org.aecapture.service.DemoFile.isDemo(f.file())) {
            // the demo file's accounts guard nothing real: say how to sign in to it
            Label hint = new Label(format("demo.signIn", String.join(", ", org.aecapture.service.DemoFile.ACCOUNTS),
                    org.aecapture.service.DemoFile.PASSWORD));
            hint.setId("demoHint");
            hint.setWrapText(true);
            hint.getStyleClass().add("warning-message");
            VBox withHint = new VBox(12, hint, login.root());
            withHint.setPadding(new Insets(16, 32, 0, 32));
            root.setCenter(withHint);
        } else {
            root.setCenter(login.root());
        }
        login.focus();
    }

    private void enterScreens() {
        Account a = app.signedIn().orElseThrow();
        inactivity.watch(app);
        userLabel.setText(format("status.userRole", a.userName(), a.fullName(), text.getString("Role." + a.role().name())));
        signOut.setVisible(true);
        boolean file = location instanceof DatabaseLocation.SqliteFile;
        // a site's file syncs with the central database; on the server itself there is nothing to sync
        List<Screen> allowed = screensFor(a.role()).stream().filter(s -> s != Screen.SYNC || file).toList();
        nav.getItems().setAll(allowed);
        root.setLeft(nav);
        Screen last = screens.last();
        nav.getSelectionModel().select(allowed.contains(last) ? last : allowed.get(0));
        if (allowed.contains(Screen.QUERIES)) {
            countOutstandingQueries();
        }
        if (a.role() == Role.INVESTIGATOR || a.role() == Role.COORDINATOR) {
            warnOfSaeReportsDue();
            if (file) {
                refreshSyncStatus(true);
            }
        }
    }

    /** At sign-in: how many queries of one's sites wait on someone, in the navigation and, when some do, the status bar. */
    private void countOutstandingQueries() {
        AeCapture signedInApp = app;
        Background.run("queries-count", () -> signedInApp.queries().outstandingCount(), n -> {
            if (app != signedInApp || app.signedIn().isEmpty()) {
                return;
            }
            queriesOutstanding.set(n);
            if (n > 0) {
                statusBar.setText(format("status.queries", n));
            }
        }, statusBar::setText);
    }

    /**
     * What the status bar says of a site's file (changes not sent, the last sync); at sign-in, a warning when the last sync
     * is older than the study allows.
     */
    private void refreshSyncStatus(boolean atSignIn) {
        AeCapture signedInApp = app;
        record State(int pending, java.util.Optional<java.time.Instant> last) { }
        Background.run("sync-status", () -> {
            // empty for a file never synced, which may be a study of its own: it is not read through to count changes
            java.util.Optional<java.time.Instant> last = org.aecapture.service.SiteSyncs.lastSync(signedInApp);
            return new State(last.isPresent() ? org.aecapture.service.SiteSyncs.pendingChanges(signedInApp) : 0, last);
        }, s -> {
            if (app != signedInApp || app.signedIn().isEmpty()) {
                return;
            }
            syncStatus.setVisible(s.last().isPresent());
            if (s.last().isEmpty()) {
                return; // the status bar speaks of sync once the file is linked to a central database
            }
            syncStatus.setText(format("status.sync.linked", s.pending(), AuditHistoryTable.utc(s.last().get())));
            int limit = signedInApp.study().sync().warnAfterDays();
            long days = java.time.Duration.between(s.last().get(), signedInApp.clock().instant()).toDays();
            if (atSignIn && days >= limit) {
                Alert alert = new Alert(Alert.AlertType.WARNING, format("sync.signIn.text", limit), ButtonType.OK);
                alert.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
                alert.setTitle(text.getString("sync.signIn.title"));
                alert.setHeaderText(format("sync.signIn.header", days));
                alert.getDialogPane().setId("syncOverdueWarning");
                alert.show();
            }
        }, text, statusBar::setText);
    }

    /** Before anything else, site staff are told of SAE reports overdue or due within 4 hours, and shown them. */
    private void warnOfSaeReportsDue() {
        AeCapture signedInApp = app;
        Background.run("sae-due", () -> signedInApp.sae().siteReportsDueSoon(), due -> {
            if (due.isEmpty() || app != signedInApp || app.signedIn().isEmpty()) {
                return;
            }
            nav.getSelectionModel().select(Screen.SAE);
            StringBuilder lines = new StringBuilder();
            java.time.Instant now = signedInApp.sae().now();
            for (var r : due) {
                String state = org.aecapture.ui.sae.SaeReportsView.stateText(text, r.status());
                String left = r.status().due() == null ? "" : org.aecapture.ui.sae.SaeReportsView.timeLeft(text, r.status().timeLeft(now));
                lines.append(format("sae.signIn.row", r.ae().id(), r.ae().subjectNumber(), r.ae().ctcaeTerm(), state))
                        .append(left.isEmpty() ? "" : ", " + left).append('\n');
            }
            Alert alert = new Alert(Alert.AlertType.WARNING, lines.toString().strip(), ButtonType.OK);
            alert.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
            alert.setTitle(text.getString("sae.signIn.title"));
            alert.setHeaderText(text.getString("sae.signIn.header"));
            alert.getDialogPane().setId("saeDueWarning");
            alert.show();
        }, text, statusBar::setText);
    }

    /**
     * The screens a role works with (the services enforce the same rules; this only spares people buttons
     * that would be refused).
     */
    static List<Screen> screensFor(Role role) {
        return switch (role) {
            case INVESTIGATOR, COORDINATOR -> List.of(Screen.CAPTURE, Screen.QUERIES, Screen.SAE, Screen.SUBJECTS, Screen.REVIEW, Screen.OVERVIEW,
                    Screen.SYNC);
            case MONITOR -> List.of(Screen.QUERIES, Screen.REVIEW, Screen.OVERVIEW);
            case SAFETY_REVIEWER -> List.of(Screen.REVIEW, Screen.QUERIES, Screen.SAE, Screen.AUDIT, Screen.EXPORT, Screen.OVERVIEW);
            case UNBLINDED_STATISTICIAN -> List.of(Screen.EXPORT, Screen.REVIEW, Screen.SAE, Screen.OVERVIEW);
            case ADMINISTRATOR -> List.of(Screen.ACCOUNTS, Screen.QUERIES, Screen.AUDIT, Screen.OVERVIEW);
        };
    }

    private void signOut() {
        inactivity.stop();
        AeCapture leavingApp = app;
        boolean server = location instanceof DatabaseLocation.PostgresServer;
        leavingApp.signedIn().ifPresent(leaving -> Background.run("sign-out", () -> {
            leavingApp.signOut(leaving, "with Sign out");
            if (server) {
                leavingApp.close(); // the connection was the person's own: the next one connects as themselves
            }
            return null;
        }, x -> { }, statusBar::setText));
        forgetScreens();
        if (server) {
            app = null;
            askToConnect((DatabaseLocation.PostgresServer) location);
            return;
        }
        askToSignIn();
    }

    /** Drops the screens built for the account that leaves. */
    private void forgetScreens() {
        screens.forget();
        capture = null;
        subjects = null;
        queriesOutstanding.set(0);
        syncStatus.setVisible(false);
        nav.getSelectionModel().clearSelection();
        signOut.setVisible(false);
        databaseLocked.set(false);
    }

    /** Where the recent databases are remembered ("Open database…"); none by default. */
    public void setRecentDatabases(RecentDatabases recent) {
        this.recent = recent;
    }

    /** "Open database…": a recent database, a file, or a server's URL; the window then opens that one instead. */
    private void chooseDatabase() {
        OpenDatabaseDialog.show(root.getScene().getWindow(), text, recent == null ? List.of() : recent.list(), location)
                .ifPresent(this::reopen);
    }

    /** Closes the database shown (signing its account out) and opens another. */
    public void reopen(DatabaseLocation other) {
        inactivity.stop();
        AeCapture leavingApp = app;
        app = null;
        if (leavingApp != null) {
            Background.run("close-database", () -> {
                try {
                    leavingApp.signOut("opened another database");
                } finally {
                    leavingApp.close();
                }
                return null;
            }, x -> { }, statusBar::setText);
        }
        forgetScreens();
        root.setLeft(null);
        studyTitle.setText(text.getString("app.name"));
        studyIds.setText("");
        location = other;
        showLocation();
        open();
    }

    private void warnAboutAccess(String warning) {
        statusBar.setText(warning);
    }

    private void changeOwnPassword() {
        Account a = app.signedIn().orElseThrow();
        AccountDialogs.changeOwnPassword(root.getScene().getWindow(), text, a).ifPresent(c -> {
            if (c.replacement() == null) {
                return;
            }
            Background.run("change-password", () -> app.accounts().changePassword(a.userName(), c.current(), c.replacement()),
                    x -> statusBar.setText(text.getString("accounts.change.done")), text, problem -> {
                        Alert refused = new Alert(Alert.AlertType.ERROR, problem);
                        refused.initOwner(root.getScene().getWindow());
                        refused.setHeaderText(text.getString("accounts.change.title"));
                        refused.show();
                    });
        });
    }

    /** Reads the database lock off the FX thread; while it is locked a banner says so and data entry is read-only. */
    private void refreshLockState() {
        Background.run("lock-state", () -> app.databaseLock().current(), state -> {
            boolean locked = state.map(DatabaseLock::locked).orElse(false);
            databaseLocked.set(locked);
            lockBanner.setText(locked ? format("lock.banner", AuditHistoryTable.utc(state.get().changedAt()), state.get().changedBy(), state.get().reason()) : "");
        }, statusBar::setText);
    }

    /** Shows a screen, building it on first use. */
    void show(Screen screen) {
        if (screen != null) {
            refreshLockState(); // someone else may have locked or unlocked it meanwhile
        }
        screens.show(screen);
    }

    /** How each screen is built for the signed-in account, the first time it is shown. */
    private void registerScreens() {
        screens.register(Screen.CAPTURE, () -> {
            CaptureView v = new CaptureView(text, app, databaseLocked);
            capture = v;
            return new ScreenRouter.Built(v.root(), v::refresh);
        });
        screens.register(Screen.QUERIES, () -> {
            var v = new org.aecapture.ui.queries.QueriesView(text, app, queriesTarget != null ? queriesTarget
                    : org.aecapture.ui.queries.QueriesView.fileChooser(text, app.study().studyId()), (subject, aeId, query) -> {
                        nav.getSelectionModel().select(Screen.CAPTURE); // builds and shows it
                        capture.editForQuery(subject, aeId, query);
                    }, subject -> {
                        nav.getSelectionModel().select(Screen.SUBJECTS);
                        if (subjects != null) {
                            subjects.showSubject(subject);
                        }
                    });
            v.outstandingProperty().addListener((o, was, is) -> queriesOutstanding.set(is.intValue()));
            return new ScreenRouter.Built(v.root(), v::refresh);
        });
        screens.register(Screen.SAE, () -> {
            var v = new org.aecapture.ui.sae.SaeReportsView(text, app,
                    ciomsTarget != null ? ciomsTarget : org.aecapture.ui.sae.SaeReportsView.fileChooser(text));
            return new ScreenRouter.Built(v.root(), v::refresh);
        });
        screens.register(Screen.SUBJECTS, () -> {
            SubjectsView v = new SubjectsView(text, app, databaseLocked);
            subjects = v;
            return new ScreenRouter.Built(v.root(), v::refresh);
        });
        screens.register(Screen.REVIEW, () -> {
            ReviewView v = new ReviewView(text, app.review(), preferences == null ? null : preferences.node("review"),
                    reviewTarget != null ? reviewTarget : ReviewView.fileChooser(text, app.study().studyId()));
            return new ScreenRouter.Built(v.root(), v::refresh);
        });
        screens.register(Screen.AUDIT, () -> {
            AuditView v = new AuditView(text, app.audit(), auditTarget != null ? auditTarget : AuditView.fileChooser(text, app.study().studyId()));
            return new ScreenRouter.Built(v.root(), v::refresh);
        });
        screens.register(Screen.OVERVIEW, () -> new ScreenRouter.Built(overview, this::refreshCounts));
        screens.register(Screen.ACCOUNTS, () -> {
            AccountsView v = new AccountsView(text, app, this::refreshLockState);
            return new ScreenRouter.Built(v.root(), v::refresh);
        });
        screens.register(Screen.SYNC, () -> {
            var v = new org.aecapture.ui.sync.SyncView(text, app, () -> refreshSyncStatus(false));
            return new ScreenRouter.Built(v.root(), v::refresh);
        });
        screens.register(Screen.EXPORT, () -> {
            ExportView v = new ExportView(text, app.summaryExport(appVersion), app.study().studyId(),
                    exportTarget != null ? exportTarget : ExportView.fileChooser(text, app.study().studyId()));
            v.offerSdtmExport(app.sdtmExport(appVersion), sdtmFolder != null ? sdtmFolder : ExportView.sdtmFolderChooser(text));
            if (app.signedIn().map(a -> a.role() == Role.UNBLINDED_STATISTICIAN).orElse(false)) {
                v.offerRandomizationLoading(app.imports(), randomizationSource != null ? randomizationSource : ExportView.randomizationChooser(text));
            }
            return new ScreenRouter.Built(v.root(), v::refresh); // refreshed: the data may have changed since it was last shown
        });
    }

    /** Selects a screen as the navigation would. */
    public void select(String screen) {
        nav.getSelectionModel().select(Screen.valueOf(screen));
    }

    private Label addFact(GridPane grid, int row, String key, String value) {
        Label name = new Label(text.getString(key));
        name.getStyleClass().add("fact-name");
        Label val = new Label(value);
        val.setId(key.substring(key.indexOf('.') + 1));
        val.setWrapText(true);
        val.getStyleClass().add("fact-value");
        grid.addRow(row, name, val);
        return val;
    }

    /**
     * Counts what the signed-in account reads (a site's staff their sites), off the FX thread: from the
     * subjects list with its AE counts, counted in the database, not by loading every AE.
     */
    private void refreshCounts() {
        Background.run("overview-counts", () -> app.subjects().overview(), rows -> {
            subjectCount.setText(String.valueOf(rows.size()));
            aeCount.setText(String.valueOf(rows.stream().mapToInt(SubjectSummary::adverseEvents).sum()));
        }, statusBar::setText);
    }

    private void showError(Throwable e) {
        Label message = new Label(format("error.open", location.display(), e.getMessage()));
        message.setId("openError");
        message.setWrapText(true);
        message.getStyleClass().add("error-message");
        VBox box = new VBox(message);
        box.setPadding(new Insets(24));
        root.setCenter(box);
        statusBar.setProgress(0);
        statusBar.setText(text.getString("status.failed"));
    }

    private String format(String key, Object... args) {
        return MessageFormat.format(text.getString(key), args);
    }

    /**
     * Closes the database, signing out and taking the day's backup of a file ({@link AeCapture#closeWithDailyBackup}): the
     * window is already gone when the application stops, so nobody waits on it.
     */
    public void close() {
        inactivity.stop();
        if (app != null) {
            app.closeWithDailyBackup("window closed");
        }
    }
}
