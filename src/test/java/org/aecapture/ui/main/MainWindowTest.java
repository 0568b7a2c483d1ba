package org.aecapture.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.aecapture.app.App;
import org.aecapture.app.AppInfo;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.service.TestAccounts;
import org.aecapture.store.StoreTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/** The main window opened on a real database file, headless. */
class MainWindowTest {

    @TempDir
    Path dir;
    private MainWindow window;
    private Stage stage;
    private final FxRobot robot = new FxRobot();

    /** The database as the application opens it (made when new), signed in as a coordinator of site 101. */
    private static AeCapture openSignedIn(Path db) {
        return TestAccounts.signInAs(AeCapture.openOrInit(db, () -> "site-coordinator", StoreTestSupport.CLOCK), "site-coordinator",
                Role.COORDINATOR, "101");
    }

    private void show(Path db) throws Exception {
        show(db, () -> openSignedIn(db));
    }

    private void show(Path db, java.util.function.Supplier<AeCapture> opener) throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(s -> {
            window = new MainWindow(ResourceBundle.getBundle(App.BUNDLE), db, "9.8.7", opener);
            window.setNotice(AppInfo.notice());
            s.setScene(new Scene(window.root(), 1280, 720));
            s.getScene().getStylesheets().add(MainWindow.STYLESHEET);
            s.titleProperty().bind(window.titleProperty());
            s.show();
            window.open();
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        if (stage == null) {
            return;
        }
        FxToolkit.setupStage(s -> {
            s.titleProperty().unbind();
            s.hide();
        });
        if (window != null) {
            window.close();
        }
    }

    /** The window opens on the adverse-event screen; the overview is one click away. */
    private void openOverview() throws Exception {
        FxQuery.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("Study overview").match(NodeQueryUtils.isVisible()).tryQuery().isPresent());
        assertTrue(robot.lookup("#subjectSearch").tryQuery().isPresent(), "the investigator's screen comes first");
        robot.clickOn("Study overview");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#subjects").tryQuery()
                .map(n -> !((Label) n).getText().equals("\u2026")).orElse(false));
    }

    private Label label(String id) {
        return robot.lookup("#" + id).queryAs(Label.class);
    }

    /** The first start of a new database: the bundled study, and nothing but the first administrator's set-up. */
    @Test
    void aNewDatabaseOpensOnTheBundledStudyAndAsksForTheFirstAdministratorFirst() throws Exception {
        Path db = dir.resolve("new/aecapture.db");
        show(db, () -> AeCapture.openOrInit(db, () -> "os-user", StoreTestSupport.CLOCK));
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#newUserName").tryQuery().isPresent());
        assertTrue(Files.exists(db), "the embedded default database was created");
        assertTrue(stage.getTitle().contains("NCT04835441"), stage.getTitle());
        assertTrue(stage.getTitle().contains(db.toAbsolutePath().toString()), stage.getTitle());
        assertEquals("ALPN-101 in Systemic Lupus Erythematosus (Synergy)", label("studyTitle").getText());
        assertTrue(label("studyIds").getText().contains("AIS-A03"));
        assertEquals("Not signed in", label("statusUser").getText());
        assertEquals("Database: " + db.toAbsolutePath(), label("statusDatabase").getText());
        assertTrue(robot.lookup("#navigation").tryQuery().isEmpty(), "no screen before the first administrator exists");
        assertTrue(robot.lookup("#newRole").tryQuery().isEmpty(), "the first account is an administrator: no role to choose");
    }

    @Test
    void showsWhoIsSignedInAndWhere() throws Exception {
        Path db = dir.resolve("signed.db");
        show(db);
        openOverview();
        assertEquals("User: site-coordinator (Test site-coordinator, Study coordinator)", label("statusUser").getText());
        assertEquals("0", label("subjects").getText());
    }

    @Test
    void countsWhatTheSignedInCoordinatorsSiteHolds() throws Exception {
        Path db = dir.resolve("demo.db");
        try (AeCapture app = AeCapture.openOrInit(db, () -> "t", StoreTestSupport.CLOCK)) {
            app.loadDemo(25, 3, 5);
        }
        long subjects101 = StoreTestSupport.count(db, "SELECT count(*) FROM subject WHERE site = '101'");
        long aes101 = StoreTestSupport.count(db, "SELECT count(*) FROM adverse_event a JOIN subject s ON s.id = a.subject_ref"
                + " WHERE s.site = '101' AND a.deleted = 0");
        assertTrue(subjects101 > 0 && subjects101 < 25, "the demo has several sites");
        show(db);
        openOverview();
        assertEquals(String.valueOf(subjects101), label("subjects").getText());
        assertEquals(String.valueOf(aes101), label("adverseEvents").getText());
    }

    @Test
    void theLastScreenIsRememberedBetweenRuns() throws Exception {
        Path db = dir.resolve("prefs.db");
        java.util.prefs.Preferences prefs = java.util.prefs.Preferences.userRoot().node("org/aecapture/test/" + System.nanoTime());
        try {
            showWith(db, prefs);
            openOverview();
            assertEquals("OVERVIEW", prefs.get("lastScreen", null));
            tearDown();
            showWith(db, prefs);
            FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#subjects").tryQuery().isPresent());
            assertTrue(robot.lookup("#subjectSearch").tryQuery().isEmpty(), "opened on the overview, not the first screen");
        } finally {
            prefs.removeNode();
        }
    }

    private void showWith(Path db, java.util.prefs.Preferences prefs) throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(s -> {
            window = new MainWindow(ResourceBundle.getBundle(App.BUNDLE), db, "test", () -> openSignedIn(db));
            window.setPreferences(prefs);
            s.setScene(new Scene(window.root(), 1280, 720));
            s.titleProperty().bind(window.titleProperty());
            s.show();
            window.open();
        });
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedAndLeftAlone() throws Exception {
        Path db = dir.resolve("notes.db");
        Files.writeString(db, "not a database", StandardCharsets.UTF_8);
        show(db);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#openError").tryQuery().isPresent());
        assertTrue(label("openError").getText().contains("not an AE Capture database"), label("openError").getText());
        assertEquals("not a database", Files.readString(db, StandardCharsets.UTF_8));
    }

    @Test
    void aboutShowsTheVersionAndTheLicenceAndCtcaeProvenance() throws Exception {
        show(dir.resolve("about.db"));
        // the header's buttons move when the signed-in ones (change password, sign out) appear: click once they stand
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#navigation").tryQuery().isPresent()
                && robot.lookup("#signOut").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#aboutButton");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#aboutNotice").tryQuery().isPresent());
        String notice = robot.lookup("#aboutNotice").queryAs(TextArea.class).getText();
        assertTrue(notice.contains("National Cancer Institute") && notice.contains("public domain"), notice);
        assertTrue(notice.contains("OpenJFX") && notice.contains("Apache PDFBox"), "third-party licences are listed");
        String header = robot.lookup(".dialog-pane").queryAs(DialogPane.class).getHeaderText();
        assertTrue(header.contains("AE Capture 9.8.7") && header.contains("CTCAE v5.0"), header);
        robot.clickOn("OK");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#aboutNotice").tryQuery().isEmpty());
    }
}
