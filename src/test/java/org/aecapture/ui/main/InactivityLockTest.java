package org.aecapture.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.util.Duration;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.ui.MainWindowFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/** A signed-in window locks after a time without input and asks for the password; what was typed stays. */
class InactivityLockTest {

    @TempDir
    Path dir;
    private MainWindow window;
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void tearDown() throws Exception {
        MainWindowFixture.close(window);
    }

    @Test
    void theLockKeepsUnsavedInputAndOpensOnlyWithThePassword() throws Exception {
        Path db = dir.resolve("idle.db");
        try (AeCapture app = AeCapture.openOrInit(db, () -> "setup", StoreTestSupport.CLOCK)) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            app.accounts().createFirstAdministrator("admin", "Ada Admin", "admin password".toCharArray());
            app.accounts().create("admin", "coord", "Cora Coordinator", Role.COORDINATOR, Set.of("101"), "coordinator pw".toCharArray());
        }
        window = MainWindowFixture.show(db);
        robot.interact(() -> window.setInactivityTimeout(Duration.seconds(2)));
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#loginUser").tryQuery().isPresent());
        robot.clickOn("#loginUser").write("coord");
        robot.clickOn("#loginPassword").write("coordinator pw").type(KeyCode.ENTER);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#subjectSearch").match(Node::isFocused).tryQuery().isPresent());
        robot.clickOn("#subjectSearch").write("101-0"); // typed, not yet chosen
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> robot.lookup("#inactivityCover").tryQuery().isPresent()));
        assertTrue(robot.lookup("#lockedUser").queryAs(Label.class).getText().contains("coord (Cora Coordinator)"));

        robot.clickOn("#unlockPassword").write("not my password").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> !robot.lookup("#unlockError").queryAs(Label.class).getText().isEmpty()));
        assertTrue(FxQuery.onFx(() -> robot.lookup("#inactivityCover").tryQuery().isPresent()), "a wrong password leaves it locked");

        robot.clickOn("#unlockPassword").write("coordinator pw").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> robot.lookup("#inactivityCover").tryQuery().isEmpty()));
        assertEquals("101-0", robot.lookup("#subjectSearch").queryAs(TextField.class).getText(), "the typed text is still there");
        try (AeCapture app = AeCapture.open(db, () -> "check", StoreTestSupport.CLOCK)) {
            assertTrue(app.accounts().securityEvents("coord").contains("LOGIN_FAILED wrong password (1 in a row)"),
                    app.accounts().securityEvents("coord").toString());
        }
    }

    /**
     * A lookup asked on the FX thread: the cover is added to and taken from the window's children there, and a lookup from
     * the test's thread meanwhile walked a child list as it shrank (IndexOutOfBoundsException in Parent.lookupAll).
     */
}
