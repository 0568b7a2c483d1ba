package org.aecapture.ui;

import java.nio.file.Path;
import java.util.ResourceBundle;
import org.aecapture.app.App;
import org.aecapture.service.AeCapture;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.ui.main.MainWindow;
import javafx.scene.Scene;
import org.testfx.api.FxToolkit;

/** The real main window on a database file, in a 1366x768 headless stage, as the screens' tests use it. */
public final class MainWindowFixture {

    private MainWindowFixture() {
    }

    /** Shows the main window opening {@code db} as {@code user}; the caller waits for the screen it needs. */
    public static MainWindow show(Path db, String user) throws Exception {
        MainWindow[] window = new MainWindow[1];
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            window[0] = new MainWindow(ResourceBundle.getBundle(App.BUNDLE), db, user, "test",
                    () -> AeCapture.open(db, () -> user, StoreTestSupport.CLOCK));
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
