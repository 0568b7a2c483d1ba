package org.aecapture.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import org.aecapture.service.DemoFile;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.ui.MainWindowFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/** A newcomer on a new database looks around in the demo trial, a file of its own, without the command line. */
class ExploreDemoTest {

    @TempDir
    Path dir;
    private MainWindow window;
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void close() throws Exception {
        MainWindowFixture.close(window);
    }

    @Test
    void theFirstScreenOpensTheDemoTrialBesideTheNewDatabaseNeverInIt() throws Exception {
        Path db = dir.resolve("study.db");
        org.aecapture.service.AeCapture.openOrInit(db, () -> "os", StoreTestSupport.CLOCK).close(); // a new database: no account yet
        org.testfx.api.FxToolkit.registerPrimaryStage();
        org.testfx.api.FxToolkit.setupStage(stage -> {
            // as the application opens databases: each location as it is (the demo file too)
            window = new MainWindow(java.util.ResourceBundle.getBundle(org.aecapture.app.App.BUNDLE), new org.aecapture.location.DatabaseLocation.SqliteFile(db),
                    "test", (where, credentials) -> org.aecapture.service.AeCapture.open(where, credentials, () -> "os", StoreTestSupport.CLOCK));
            stage.setScene(new javafx.scene.Scene(window.root(), 1366, 768));
            stage.getScene().getStylesheets().add(MainWindow.STYLESHEET);
            stage.show();
            window.open();
        });
        FxQuery.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#exploreDemo").tryQuery().isPresent());
        robot.clickOn("#exploreDemo");
        FxQuery.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#demoHint").tryQuery().isPresent());
        String hint = robot.lookup("#demoHint").queryAs(Label.class).getText();
        assertTrue(hint.contains("demo-investigator") && hint.contains(DemoFile.PASSWORD), hint);
        Path demo = dir.resolve("study-demo.db");
        assertTrue(Files.isRegularFile(demo));
        assertEquals(130, StoreTestSupport.count(demo, "SELECT count(*) FROM subject"));
        assertEquals(0, StoreTestSupport.count(db, "SELECT count(*) FROM subject"), "nothing of the demo in the study's database");
        robot.clickOn("#loginUser").write("demo-reviewer");
        robot.clickOn("#loginPassword").write(DemoFile.PASSWORD);
        robot.clickOn("#signIn");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
        assertTrue(robot.lookup("#statusUser").queryAs(Label.class).getText().contains("demo-reviewer"));
    }
}
