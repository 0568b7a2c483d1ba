package org.aecapture.app;

import java.time.Clock;
import java.util.ResourceBundle;
import java.util.prefs.Preferences;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.aecapture.service.AeCapture;
import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.ui.main.MainWindow;
import org.aecapture.ui.main.RecentDatabases;

/** The JavaFX application: opens the main window on the chosen database. */
public final class App extends Application {

    public static final String BUNDLE = "org.aecapture.ui.messages";
    static final double WIDTH = 1280;
    static final double HEIGHT = 720; // fits a 1366x768 laptop screen with the task bar

    /** Set by installer/build.sh for the one start whose loaded classes make the start-up archive (AppCDS). */
    static final String EXIT_AFTER_START = "aecapture.exitAfterStart";

    private MainWindow window;

    static void launchWith(DatabaseLocation db) {
        Application.launch(App.class, "--db=" + (db instanceof DatabaseLocation.SqliteFile f ? f.file().toAbsolutePath() : db.display()));
    }

    /**
     * Opens a database for the window: a file is created with the bundled study when new; a server's database
     * is made by its owner ('init'), and each person connects to it as their own login role.
     */
    static AeCapture openForWindow(DatabaseLocation where, Credentials credentials) {
        return where instanceof DatabaseLocation.SqliteFile
                ? AeCapture.openOrInit(where, credentials, DataPaths::operatingSystemUser, Clock.systemDefaultZone())
                : AeCapture.open(where, credentials, DataPaths::operatingSystemUser, Clock.systemDefaultZone());
    }

    @Override
    public void start(Stage stage) {
        String named = getParameters().getNamed().get("db");
        DatabaseLocation db = named != null ? DatabaseLocation.parse(named) : new DatabaseLocation.SqliteFile(DataPaths.defaultDatabase());
        window = new MainWindow(ResourceBundle.getBundle(BUNDLE), db, AppInfo.version(), App::openForWindow);
        window.setRecentDatabases(new RecentDatabases(Preferences.userRoot().node("org/aecapture/databases")));
        window.setNotice(AppInfo.notice());
        for (String size : new String[] {"32", "64"}) {
            stage.getIcons().add(new Image(App.class.getResource("/org/aecapture/ui/aecapture-" + size + ".png").toExternalForm()));
        }
        Preferences preferences = Preferences.userRoot().node("org/aecapture/window");
        window.setPreferences(preferences);
        // the size of the last run, within reason: it must fit a 1366x768 screen the first time
        Scene scene = new Scene(window.root(), preferences.getDouble("width", WIDTH), preferences.getDouble("height", HEIGHT));
        scene.getStylesheets().add(MainWindow.STYLESHEET);
        stage.setScene(scene);
        stage.titleProperty().bind(window.titleProperty());
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setOnHidden(e -> {
            preferences.putDouble("width", scene.getWidth());
            preferences.putDouble("height", scene.getHeight());
        });
        stage.show();
        window.open();
        if (Boolean.getBoolean(EXIT_AFTER_START)) {
            PauseTransition settle = new PauseTransition(Duration.seconds(3)); // the database opened, the first screen shown
            settle.setOnFinished(e -> Platform.exit());
            settle.play();
        }
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close(); // with the daily backup, before the process ends
        }
    }
}
