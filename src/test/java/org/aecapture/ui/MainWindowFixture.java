package org.aecapture.ui;

import java.nio.file.Path;
import java.util.ResourceBundle;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Scene;
import org.aecapture.app.App;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.service.TestAccounts;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.ui.main.MainWindow;
import org.testfx.api.FxToolkit;

/** The real main window on a database file, in a 1366x768 headless stage, as the screens' tests use it. */
public final class MainWindowFixture {

    private MainWindowFixture() {
    }

    /** Shows the main window opening {@code db} with nobody signed in: the first administrator's set-up or the sign-in. */
    public static MainWindow show(Path db) throws Exception {
        return show(() -> AeCapture.open(db, () -> "os-user", StoreTestSupport.CLOCK), db, w -> { });
    }

    /**
     * Shows the main window opening {@code db} signed in as {@code userName} with {@code role} at {@code sites}
     * (the account, and a first administrator, are made when missing); the caller waits for the screen it needs.
     */
    public static MainWindow showSignedIn(Path db, String userName, Role role, String... sites) throws Exception {
        return showSignedIn(db, w -> { }, userName, role, sites);
    }

    /** As {@link #showSignedIn(Path, String, Role, String...)}, with {@code setUp} applied to the window before it opens. */
    public static MainWindow showSignedIn(Path db, Consumer<MainWindow> setUp, String userName, Role role, String... sites) throws Exception {
        return show(() -> TestAccounts.signInAs(AeCapture.open(db, () -> userName, StoreTestSupport.CLOCK), userName, role, sites), db, setUp);
    }

    private static MainWindow show(Supplier<AeCapture> opener, Path db, Consumer<MainWindow> setUp) throws Exception {
        MainWindow[] window = new MainWindow[1];
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            window[0] = new MainWindow(ResourceBundle.getBundle(App.BUNDLE), db, "test", opener);
            setUp.accept(window[0]);
            stage.setScene(new Scene(window[0].root(), 1366, 768));
            stage.getScene().getStylesheets().add(MainWindow.STYLESHEET);
            stage.show();
            window[0].open();
        });
        return window[0];
    }

    /** Closes every window (a dialog left open by a failed test must not take the next test's keys) and the database. */
    public static void close(MainWindow window) throws Exception {
        FxToolkit.cleanupStages();
        if (window != null) {
            window.close();
        }
    }
}
