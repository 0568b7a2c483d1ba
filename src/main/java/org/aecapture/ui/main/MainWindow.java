package org.aecapture.ui.main;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
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
import org.aecapture.ui.Background;
import org.aecapture.ui.capture.CaptureView;
import org.aecapture.ui.export.ExportView;
import org.aecapture.ui.accounts.AccountsView;
import org.aecapture.ui.accounts.LoginPane;
import org.aecapture.ui.audit.AuditView;
import org.aecapture.ui.review.ReviewView;
import org.aecapture.ui.subjects.SubjectsView;
import javafx.scene.control.Alert;
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
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.study.StudyDefinition;
import org.controlsfx.control.StatusBar;

/**
 * The main window: header with the study and database, a central area for the screens, and a status
 * bar with the user and database. The database is opened off the FX thread.
 */
public final class MainWindow {

    public static final String STYLESHEET = MainWindow.class.getResource("/org/aecapture/ui/app.css").toExternalForm();

    /** What the overview shows, gathered off the FX thread. */
    record Overview(AeCapture app, int subjects, int adverseEvents, boolean hasAccounts) { }

    private final ResourceBundle text;
    private final Path dbFile;
    private final Supplier<AeCapture> opener;
    private final BorderPane root = new BorderPane();
    private final StackPane shell = new StackPane(root);
    private final InactivityLock inactivity;
    private final Label studyTitle = new Label();
    private final Label studyIds = new Label();
    private final StatusBar statusBar = new StatusBar();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final String appVersion;
    private final ListView<Screen> nav = new ListView<>();
    private Function<Window, Optional<Path>> exportTarget;
    private AeCapture app;
    private Node overview;
    private ExportView exportView;
    private CaptureView captureView;
    private SubjectsView subjectsView;
    private ReviewView reviewView;
    private AuditView auditView;
    private AccountsView accountsView;
    private final Label userLabel = new Label();
    private final Button signOut = new Button();
    private final String osUser;
    private Function<Window, Optional<Path>> auditTarget;
    private Function<Window, Optional<Path>> reviewTarget;
    private Preferences preferences;
    private String notice = "";

    /** System property: minutes without input before a signed-in window locks. */
    public static final String INACTIVITY_MINUTES = "aecapture.inactivityMinutes";

    /** The screens, in navigation order: the investigator's first. */
    enum Screen { CAPTURE, SUBJECTS, REVIEW, AUDIT, OVERVIEW, EXPORT, ACCOUNTS }

    public MainWindow(ResourceBundle text, Path dbFile, String user, String appVersion, Supplier<AeCapture> opener) {
        this.text = text;
        this.dbFile = dbFile;
        this.opener = opener;
        this.appVersion = appVersion;
        this.osUser = user;
        this.inactivity = new InactivityLock(text, shell, Duration.minutes(Integer.getInteger(INACTIVITY_MINUTES, 15)));
        title.set(text.getString("app.name") + " \u2014 " + dbFile);
        root.getStyleClass().add("main-window");

        studyTitle.setText(text.getString("app.name")); // until the database tells which study it holds
        studyTitle.getStyleClass().add("study-title");
        studyTitle.setId("studyTitle");
        studyIds.getStyleClass().add("study-ids");
        studyIds.setId("studyIds");
        Label dbLabel = new Label(dbFile.toAbsolutePath().toString());
        dbLabel.getStyleClass().add("db-file");
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
        HBox header = new HBox(new VBox(studyTitle, studyIds), spacer, dbLabel, about, signOut);
        header.getStyleClass().add("app-header");
        root.setTop(header);

        statusBar.setId("statusBar");
        statusBar.setText(format("status.opening", dbFile.getFileName()));
        userLabel.setText(format("status.user", user));
        userLabel.setId("statusUser");
        Label dbStatus = new Label(format("status.database", dbFile.toAbsolutePath()));
        dbStatus.setId("statusDatabase");
        statusBar.getRightItems().addAll(userLabel, new Separator(Orientation.VERTICAL), dbStatus);
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
                CtcaeCatalog.VERSION));
        about.getDialogPane().setContent(body);
        about.setResizable(true);
        about.show();
    }

    /** Where the last screen is remembered between runs; none by default. */
    public void setPreferences(Preferences preferences) {
        this.preferences = preferences;
    }

    /** Where the review screen's "Export view…" writes; by default a file chooser. */
    public void setReviewExportTarget(Function<Window, Optional<Path>> chooser) {
        this.reviewTarget = chooser;
    }

    /** Where the audit trail screen's export writes; by default a file chooser. */
    public void setAuditExportTarget(Function<Window, Optional<Path>> chooser) {
        this.auditTarget = chooser;
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

    /** Opens the database in the background; the window shows progress meanwhile. */
    public void open() {
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("openingProgress");
        root.setCenter(progress);
        statusBar.setProgress(ProgressIndicator.INDETERMINATE_PROGRESS);
        Task<Overview> task = new Task<>() {
            @Override
            protected Overview call() {
                AeCapture opened = opener.get();
                return new Overview(opened, opened.subjects().all().size(), opened.adverseEvents().all(false).size(),
                        opened.accounts().hasAccounts());
            }
        };
        task.setOnSucceeded(e -> showOverview(task.getValue()));
        task.setOnFailed(e -> showError(task.getException()));
        Background.start(task, "open-database");
    }

    private void showOverview(Overview o) {
        app = o.app();
        StudyDefinition study = app.study();
        title.set(MessageFormat.format(text.getString("window.title"), text.getString("app.name"), study.shortTitle(),
                study.studyId(), dbFile.toAbsolutePath()));
        studyTitle.setText(study.shortTitle());
        studyIds.setText(format("header.ids", study.studyId(), study.protocol(), CtcaeCatalog.VERSION));

        GridPane facts = new GridPane();
        facts.getStyleClass().add("overview-facts");
        addFact(facts, 0, "overview.officialTitle", study.officialTitle());
        addFact(facts, 1, "overview.masking", study.masking().type() + " (" + String.join(", ", study.masking().maskedRoles()) + ")");
        addFact(facts, 2, "overview.aeWindow", study.aeWindow().description());
        addFact(facts, 3, "overview.subjects", String.valueOf(o.subjects()));
        addFact(facts, 4, "overview.adverseEvents", String.valueOf(o.adverseEvents()));
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
                setText(empty || item == null ? null : text.getString("nav." + item.name().toLowerCase(java.util.Locale.ROOT)));
            }
        });
        nav.getSelectionModel().selectedItemProperty().addListener((obs, was, is) -> show(is));
        statusBar.setProgress(0);
        statusBar.setText(text.getString("status.ready"));
        if (o.hasAccounts()) {
            askToSignIn();
        } else {
            enterScreens(); // open mode: no accounts yet, the operating-system user as before
        }
    }

    /** A database with accounts opens on the sign-in; the screens follow for the signed-in account's role. */
    private void askToSignIn() {
        root.setLeft(null);
        LoginPane login = new LoginPane(text, app, account -> enterScreens());
        root.setCenter(login.root());
        login.focus();
    }

    private void enterScreens() {
        Optional<Account> account = app.signedIn();
        if (account.isPresent()) {
            inactivity.watch(app);
        }
        account.ifPresent(a -> userLabel.setText(format("status.userRole", a.userName(), a.fullName(), text.getString("Role." + a.role().name()))));
        signOut.setVisible(account.isPresent());
        List<Screen> allowed = screensFor(account.map(Account::role).orElse(null));
        nav.getItems().setAll(allowed);
        root.setLeft(nav);
        Screen last = lastScreen();
        nav.getSelectionModel().select(allowed.contains(last) ? last : allowed.get(0));
    }

    /**
     * The screens a role works with (the services enforce the same rules; this only spares people buttons
     * that would be refused). Open mode, without accounts, shows every screen.
     */
    static List<Screen> screensFor(Role role) {
        if (role == null) {
            return List.of(Screen.values());
        }
        return switch (role) {
            case INVESTIGATOR, COORDINATOR -> List.of(Screen.CAPTURE, Screen.SUBJECTS, Screen.REVIEW, Screen.OVERVIEW);
            case SAFETY_REVIEWER -> List.of(Screen.REVIEW, Screen.AUDIT, Screen.EXPORT, Screen.OVERVIEW);
            case UNBLINDED_STATISTICIAN -> List.of(Screen.EXPORT, Screen.REVIEW, Screen.OVERVIEW);
            case ADMINISTRATOR -> List.of(Screen.ACCOUNTS, Screen.AUDIT, Screen.OVERVIEW);
        };
    }

    private void signOut() {
        inactivity.stop();
        app.signOut();
        captureView = null;
        subjectsView = null;
        reviewView = null;
        auditView = null;
        exportView = null;
        accountsView = null;
        nav.getSelectionModel().clearSelection();
        userLabel.setText(format("status.user", osUser));
        signOut.setVisible(false);
        askToSignIn();
    }

    /** Shows a screen, building it on first use. */
    void show(Screen screen) {
        if (screen == null) {
            return;
        }
        if (preferences != null) {
            preferences.put(LAST_SCREEN, screen.name());
        }
        switch (screen) {
            case CAPTURE -> {
                if (captureView == null) {
                    captureView = new CaptureView(text, app);
                }
                root.setCenter(captureView.root());
                captureView.refresh();
            }
            case SUBJECTS -> {
                if (subjectsView == null) {
                    subjectsView = new SubjectsView(text, app);
                }
                root.setCenter(subjectsView.root());
                subjectsView.refresh();
            }
            case REVIEW -> {
                if (reviewView == null) {
                    reviewView = new ReviewView(text, app.review(), preferences == null ? null : preferences.node("review"),
                            reviewTarget != null ? reviewTarget : ReviewView.fileChooser(text, app.study().studyId()));
                }
                root.setCenter(reviewView.root());
                reviewView.refresh();
            }
            case AUDIT -> {
                if (auditView == null) {
                    auditView = new AuditView(text, app.audit(),
                            auditTarget != null ? auditTarget : AuditView.fileChooser(text, app.study().studyId()));
                }
                root.setCenter(auditView.root());
                auditView.refresh();
            }
            case OVERVIEW -> root.setCenter(overview);
            case ACCOUNTS -> {
                if (accountsView == null) {
                    accountsView = new AccountsView(text, app, this::signOut);
                }
                root.setCenter(accountsView.root());
                accountsView.refresh();
            }
            case EXPORT -> {
                if (exportView == null) {
                    exportView = new ExportView(text, app.summaryExport(appVersion), app.study().studyId(),
                            exportTarget != null ? exportTarget : ExportView.fileChooser(text, app.study().studyId()));
                }
                root.setCenter(exportView.root());
                exportView.refresh(); // the data may have changed since it was last shown
            }
        }
    }

    private static final String LAST_SCREEN = "lastScreen";

    private Screen lastScreen() {
        String saved = preferences == null ? null : preferences.get(LAST_SCREEN, null);
        for (Screen s : Screen.values()) {
            if (s.name().equals(saved)) {
                return s;
            }
        }
        return Screen.CAPTURE;
    }

    /** Selects a screen as the navigation would. */
    public void select(String screen) {
        nav.getSelectionModel().select(Screen.valueOf(screen));
    }

    private void addFact(GridPane grid, int row, String key, String value) {
        Label name = new Label(text.getString(key));
        name.getStyleClass().add("fact-name");
        Label val = new Label(value);
        val.setId(key.substring(key.indexOf('.') + 1));
        val.setWrapText(true);
        val.getStyleClass().add("fact-value");
        grid.addRow(row, name, val);
    }

    private void showError(Throwable e) {
        Label message = new Label(format("error.open", dbFile.toAbsolutePath(), e.getMessage()));
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

    public void close() {
        if (app != null) {
            app.close();
        }
    }
}
