package org.aecapture.ui.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.aecapture.domain.Account;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.ui.MainWindowFixture;
import org.aecapture.ui.main.MainWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/** Setting up accounts, signing in, the screens each role gets, lockout and the database lock, driven in the window. */
class AccountsAndLoginTest {

    @TempDir
    Path dir;
    private MainWindow window;
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void tearDown() throws Exception {
        MainWindowFixture.close(window);
    }

    private String text(String id) {
        return FxQuery.labelText(robot, "#" + id);
    }

    @SuppressWarnings("unchecked")
    private List<String> navigation() {
        return ((ListView<Object>) robot.lookup("#navigation").queryAs(ListView.class)).getItems().stream().map(Object::toString).toList();
    }

    private void replace(String id, String typed) {
        robot.clickOn(id).press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write(typed);
    }

    private void signIn(String user, String password) throws Exception {
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#loginUser").tryQuery().isPresent());
        robot.clickOn("#loginUser").write(user);
        robot.clickOn("#loginPassword").write(password);
        robot.clickOn("#signIn");
    }

    @Test
    void theFirstAdministratorIsSetUpThenEveryoneSignsInAndSeesTheirRolesScreens() throws Exception {
        Path db = dir.resolve("new.db");
        AeCapture.openOrInit(db, () -> "setup", StoreTestSupport.CLOCK).close(); // a new database: no accounts
        window = MainWindowFixture.show(db);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#newUserName").tryQuery().isPresent());
        assertTrue(robot.lookup("#navigation").tryQuery().isEmpty(), "the first start asks for the administrator before anything else");
        robot.clickOn("#newUserName").write("admin");
        robot.clickOn("#newFullName").write("Ada Admin");
        robot.clickOn("#newPassword").write("admin password");
        robot.clickOn("#newPasswordConfirm").write("admin passwort");
        robot.clickOn("#createAccount");
        assertTrue(text("accountsMessage").contains("differ"), text("accountsMessage"));
        replace("#newPassword", "admin password");
        replace("#newPasswordConfirm", "admin password");
        robot.clickOn("#createAccount");

        signIn("admin", "admin password");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation")
                && navigation().equals(List.of("ACCOUNTS", "QUERIES", "AUDIT", "OVERVIEW")));
        assertTrue(text("statusUser").contains("admin (Ada Admin, Administrator)"), text("statusUser"));
        try (AeCapture app = AeCapture.open(db, () -> "check", StoreTestSupport.CLOCK)) {
            Account admin = app.accounts().all().get(0);
            assertEquals(Role.ADMINISTRATOR, admin.role());
            assertFalse(admin.passwordHash().contains("admin password"));
        }

        robot.interact(() -> window.select("ACCOUNTS"));
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#newRole").tryQuery().isPresent());
        robot.clickOn("#newUserName").write("coord");
        robot.clickOn("#newFullName").write("Cora Coordinator");
        robot.clickOn("#newRole");
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match(NodeQueryUtils.hasText("Study coordinator")).queryAs(Node.class));
        robot.clickOn("#newSites").write("101");
        robot.clickOn("#newPassword").write("coordinator pw");
        robot.clickOn("#newPasswordConfirm").write("coordinator pw");
        robot.clickOn("#createAccount");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("accountsMessage").equals("Account coord created."));

        robot.clickOn("#signOut");
        signIn("coord", "coordinator pw");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation")
                && navigation().equals(List.of("CAPTURE", "QUERIES", "SAE", "SUBJECTS", "REVIEW", "OVERVIEW", "SYNC")));
        try (AeCapture app = AeCapture.open(db, () -> "check", StoreTestSupport.CLOCK)) {
            assertEquals(List.of("coord", "admin"), List.of(app.accounts().all().get(1).userName(), app.accounts().all().get(0).userName()));
            assertEquals(Set.of("101"), app.accounts().all().stream().filter(a -> a.userName().equals("coord")).findFirst().orElseThrow().sites());
        }
    }

    @Test
    void fiveWrongPasswordsLockTheAccountAndTheSignInSaysSo() throws Exception {
        Path db = dir.resolve("accounts.db");
        try (AeCapture app = AeCapture.openOrInit(db, () -> "setup", StoreTestSupport.CLOCK)) {
            app.accounts().createFirstAdministrator("admin", "Ada Admin", "admin password".toCharArray());
            app.accounts().create("admin", "inv", "Ian", Role.INVESTIGATOR, Set.of("101"), "investigator pw".toCharArray());
        }
        window = MainWindowFixture.show(db);
        for (int i = 1; i <= 5; i++) {
            signIn(i == 1 ? "inv" : "", "wrong password");
            int attempt = i;
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !text("loginError").isEmpty() && (attempt < 5 || text("loginError").contains("locked")));
        }
        robot.clickOn("#loginPassword").write("investigator pw");
        robot.clickOn("#signIn");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("loginError").contains("An administrator must unlock it"));
        assertTrue(robot.lookup("#navigation").tryQuery().map(n -> !n.isVisible() || n.getScene() == null).orElse(true)
                || robot.lookup("#loginUser").tryQuery().isPresent(), "still on the sign-in");
    }

    /** Two people setting up the same new database: the second is sent to the sign-in, and only one first administrator exists. */
    @Test
    void aFirstAdministratorMadeMeanwhileElsewhereSendsTheSecondToTheSignIn() throws Exception {
        Path db = dir.resolve("race.db");
        AeCapture.openOrInit(db, () -> "setup", StoreTestSupport.CLOCK).close();
        window = MainWindowFixture.show(db);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#newUserName").tryQuery().isPresent());
        try (AeCapture elsewhere = AeCapture.open(db, () -> "other desk", StoreTestSupport.CLOCK)) {
            elsewhere.accounts().createFirstAdministrator("ada", "Ada Admin", "ada password".toCharArray());
        }
        robot.clickOn("#newUserName").write("bob");
        robot.clickOn("#newFullName").write("Bob Admin");
        robot.clickOn("#newPassword").write("bob password");
        robot.clickOn("#newPasswordConfirm").write("bob password");
        robot.clickOn("#createAccount");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#loginUser").tryQuery().isPresent());
        assertEquals(1, StoreTestSupport.count(db, "SELECT count(*) FROM account"));
    }
}
