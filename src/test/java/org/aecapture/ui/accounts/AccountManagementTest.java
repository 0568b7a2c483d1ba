package org.aecapture.ui.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.aecapture.domain.Account;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.service.TestAccounts;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.ui.MainWindowFixture;
import org.aecapture.ui.main.MainWindow;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/** The administrator's account changes and the database lock, and a user's own password change, driven in the window. */
class AccountManagementTest {

    @TempDir
    Path dir;
    private Path db;
    private MainWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void data() {
        db = dir.resolve("manage.db");
        try (AeCapture app = AeCapture.openOrInit(db, () -> "setup", StoreTestSupport.CLOCK)) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            app.adverseEvents().record(StoreTestSupport.headache("101-001")); // not verified against the source: the lock asks
            TestAccounts.signInAs(app, TestAccounts.ADMINISTRATOR, Role.ADMINISTRATOR);
            app.accounts().create(TestAccounts.ADMINISTRATOR, "coord", "Cora Coordinator", Role.COORDINATOR, Set.of("101"), "coordinator pw".toCharArray());
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        MainWindowFixture.close(window);
    }

    private String text(String id) {
        return FxQuery.labelText(robot, "#" + id);
    }

    /** Waits for a label to say {@code expected}; a timeout reports what it said instead. */
    private void waitForText(String id, String expected) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text(id).equals(expected));
        } catch (java.util.concurrent.TimeoutException e) {
            assertEquals(expected, text(id));
        }
    }

    /** A field of the open dialog (the screen behind it may have one with the same id). */
    private Node inDialog(String id) {
        return robot.from(robot.lookup(".dialog-pane").queryAs(DialogPane.class)).lookup("#" + id).query();
    }

    private Account stored(String userName) {
        try (AeCapture app = AeCapture.open(db, () -> "check", StoreTestSupport.CLOCK)) {
            return app.accounts().all().stream().filter(a -> a.userName().equals(userName)).findFirst().orElseThrow();
        }
    }

    private void selectAccount(String userName) throws Exception {
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#accountTable").tryQuery()
                .map(t -> ((TableView<?>) t).getItems().size() == 2).orElse(false));
        // the row that shows the account, once laid out (a new row is measured before it gets its width)
        java.util.function.Predicate<Node> showsIt = n -> n instanceof TableRow<?> row && row.getItem() instanceof Account a
                && a.userName().equals(userName) && row.getWidth() > 0;
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#accountTable .table-row-cell").match(showsIt).tryQuery().isPresent());
        robot.clickOn(robot.lookup("#accountTable .table-row-cell").match(showsIt).queryAs(Node.class));
        assertEquals(userName, ((Account) robot.lookup("#accountTable").queryAs(TableView.class).getSelectionModel().getSelectedItem()).userName());
    }

    @Test
    void theAdministratorChangesARoleResetsAPasswordAndLocksTheDatabaseWhichMakesDataEntryReadOnly() throws Exception {
        window = MainWindowFixture.showSignedIn(db, TestAccounts.ADMINISTRATOR, Role.ADMINISTRATOR);
        selectAccount("coord");

        robot.clickOn("#changeRole");
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        robot.clickOn(inDialog("newRole"));
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match(NodeQueryUtils.hasText("Investigator")).queryAs(Node.class));
        robot.clickOn(inDialog("newSites")).press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write("101, 102");
        assertTrue(robot.lookup("#accountDialogOk").queryAs(Button.class).isDisabled(), "no change without its reason");
        robot.clickOn(inDialog("reason")).write("now sub-investigator");
        robot.clickOn("#accountDialogOk");
        waitForText("accountsMessage", "Account coord is now: Investigator at site(s) 101, 102.");
        assertEquals(Role.INVESTIGATOR, stored("coord").role());
        assertEquals(Set.of("101", "102"), stored("coord").sites());

        selectAccount("coord");
        robot.clickOn("#resetPassword");
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#resetNewPassword").tryQuery().isPresent());
        robot.clickOn(inDialog("resetNewPassword")).write("temporary pw 1");
        robot.clickOn(inDialog("resetNewPasswordConfirm")).write("temporary pw 2");
        assertEquals("The two passwords differ: type them again.", ((Label) inDialog("passwordHint")).getText());
        robot.clickOn(inDialog("resetNewPasswordConfirm")).type(KeyCode.END).type(KeyCode.BACK_SPACE).write("1");
        robot.clickOn(inDialog("reason")).write("forgot it; identity checked in person");
        robot.clickOn("#accountDialogOk");
        waitForText("accountsMessage", "The password of coord was reset.");

        robot.clickOn("#lockDatabase");
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#reason").tryQuery().isPresent());
        robot.clickOn("#reason").write("database lock for the final analysis");
        robot.clickOn("#reasonOk");
        // the trial's AEs are not verified against the source: the administrator is told so, and locks anyway
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#lockBlocked").tryQuery().isPresent());
        assertTrue(robot.lookup("#lockBlocked").queryAs(javafx.scene.control.DialogPane.class).getContentText()
                .contains("AEs not verified against the source"));
        robot.clickOn(robot.lookup("#lockBlocked .button").match((javafx.scene.control.Button b) -> b.getText().contains("Lock anyway"))
                .queryAs(javafx.scene.control.Button.class));
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#lockBanner").match(Node::isVisible).tryQuery().isPresent());
        assertTrue(text("lockBanner").contains("LOCKED") && text("lockBanner").contains("database lock for the final analysis"), text("lockBanner"));

        robot.clickOn("#signOut");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#loginUser").tryQuery().isPresent());
        assertTrue(robot.lookup("#lockBanner").match(Node::isVisible).tryQuery().isEmpty(), "nothing about the database before sign-in");
        robot.clickOn("#loginUser").write("coord");
        robot.clickOn("#loginPassword").write("temporary pw 1").type(KeyCode.ENTER);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#subjectSearch").match(Node::isFocused).tryQuery().isPresent());
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#lockBanner").match(Node::isVisible).tryQuery().isPresent());
        robot.write("101-001").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("subjectHeader").startsWith("101-001"));
        assertTrue(robot.lookup("#newAe").queryAs(Button.class).isDisabled(), "no new AE while the database is locked");
        assertTrue(robot.lookup("#signAes").queryAs(Button.class).isDisabled(), "nor a signature");
        robot.press(KeyCode.CONTROL).press(KeyCode.N).release(KeyCode.N).release(KeyCode.CONTROL);
        assertTrue(robot.lookup("#verbatimTerm").tryQuery().map(n -> !n.isVisible() || n.getScene() == null).orElse(true),
                "the keyboard shortcut opens no form either");
        robot.interact(() -> window.select("SUBJECTS"));
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#addSubject").tryQuery().isPresent());
        assertTrue(robot.lookup("#addSubject").queryAs(Button.class).isDisabled(), "no enrolment while the database is locked");
    }

    @Test
    void aUserChangesTheirOwnPasswordWithTheCurrentOne() throws Exception {
        window = MainWindowFixture.showSignedIn(db, "coord2", Role.COORDINATOR, "101");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#changeOwnPassword").match(Node::isVisible).tryQuery().isPresent());
        robot.clickOn("#changeOwnPassword");
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#currentPassword").tryQuery().isPresent());
        robot.clickOn("#currentPassword").write(TestAccounts.PASSWORD);
        robot.clickOn("#changedPassword").write("a better password");
        robot.clickOn("#changedPasswordConfirm").write("a better passwore");
        assertTrue(robot.lookup("#accountDialogOk").queryAs(Button.class).isDisabled(), "the two new passwords differ");
        robot.clickOn("#changedPasswordConfirm").type(KeyCode.END).type(KeyCode.BACK_SPACE).write("d");
        robot.clickOn("#accountDialogOk");
        FxQuery.waitFor(10, TimeUnit.SECONDS,
                () -> "Your password was changed.".equals(robot.lookup("#statusBar").queryAs(StatusBar.class).getText()));
        try (AeCapture app = AeCapture.open(db, () -> "check", StoreTestSupport.CLOCK)) {
            assertEquals("coord2", app.accounts().login("coord2", "a better password".toCharArray()).userName());
            assertTrue(app.accounts().securityEvents("coord2").contains("PASSWORD_CHANGED"), app.accounts().securityEvents("coord2").toString());
            assertFalse(StoreTestSupport.dump(db).stream().anyMatch(r -> r.contains("a better password")));
        }
    }

    @Test
    void theAdministratorDisablesAnAccountWithAReason() throws Exception {
        window = MainWindowFixture.showSignedIn(db, TestAccounts.ADMINISTRATOR, Role.ADMINISTRATOR);
        selectAccount("coord");
        assertTrue(robot.lookup("#soleAdministrator").match(Node::isVisible).tryQuery().isPresent(), "one administrator: add a second");
        robot.clickOn("#disableAccount");
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#reason").tryQuery().isPresent());
        robot.clickOn("#reason").write("left the trial");
        robot.clickOn("#reasonOk");
        waitForText("accountsMessage", "Account coord is disabled.");
        assertTrue(stored("coord").locked());
        FxQuery.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#accountTable .table-cell").match(NodeQueryUtils.hasText("Locked or disabled")).tryQuery().isPresent());
        try (AeCapture app = AeCapture.open(db, () -> "check", StoreTestSupport.CLOCK)) {
            assertTrue(app.accounts().securityEvents("coord").contains("DISABLED by admin: left the trial"));
        }
    }

    /** The first unblinded statistician takes over the key of the sealed arms: its recovery code is shown once, to be printed. */
    @Test
    void creatingTheFirstStatisticianShowsTheArmKeysRecoveryCodeOnce() throws Exception {
        window = MainWindowFixture.showSignedIn(db, TestAccounts.ADMINISTRATOR, Role.ADMINISTRATOR);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#newUserName").match(n -> n.getScene() != null).tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#newUserName").write("stat");
        robot.clickOn("#newFullName").write("Stan Statistician");
        robot.clickOn("#newRole");
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match(NodeQueryUtils.hasText("Unblinded statistician")).queryAs(Node.class));
        robot.clickOn("#newPassword").write("statistician pw");
        robot.clickOn("#newPasswordConfirm").write("statistician pw");
        robot.clickOn("#createAccount");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#recoveryCode").tryQuery().isPresent());
        String code = robot.lookup("#recoveryCode").queryAs(javafx.scene.control.TextField.class).getText();
        assertTrue(code.matches("([A-HJ-NP-Z2-9]{5}-){4}[A-HJ-NP-Z2-9]{5}"), code);
        waitForText("accountsMessage", "Account stat created.");
        try (AeCapture app = AeCapture.open(db, () -> "check", StoreTestSupport.CLOCK)) {
            // the code shown opens the study's arm key; nothing else does
            assertEquals("RSA", app.database().inTransaction(tx -> org.aecapture.store.ArmKeys.openWithRecoveryCode(tx, code)).getAlgorithm());
        }
    }

    /** A statistician who lost their password: the reset with the recovery code restores the key of the sealed arms. */
    @Test
    void aStatisticiansResetWithTheRecoveryCodeRestoresTheArmKey() throws Exception {
        String code;
        try (AeCapture app = AeCapture.open(db, () -> "setup", StoreTestSupport.CLOCK)) {
            TestAccounts.signInAs(app, TestAccounts.ADMINISTRATOR, Role.ADMINISTRATOR);
            code = app.accounts().createAccount(TestAccounts.ADMINISTRATOR, "stat", "Stan Statistician", Role.UNBLINDED_STATISTICIAN, Set.of(),
                    "forgotten password".toCharArray()).armKeyRecoveryCode().orElseThrow();
        }
        window = MainWindowFixture.showSignedIn(db, TestAccounts.ADMINISTRATOR, Role.ADMINISTRATOR);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#accountTable").tryQuery()
                .map(t -> ((TableView<?>) t).getItems().size() == 3).orElse(false));
        java.util.function.Predicate<Node> statRow = n -> n instanceof TableRow<?> row && row.getItem() instanceof Account a
                && a.userName().equals("stat") && row.getWidth() > 0;
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#accountTable .table-row-cell").match(statRow).tryQuery().isPresent());
        robot.clickOn(robot.lookup("#accountTable .table-row-cell").match(statRow).queryAs(Node.class));
        robot.clickOn("#resetPassword");
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#recoveryCodeInput").tryQuery().isPresent());
        robot.clickOn(inDialog("resetNewPassword")).write("temporary pw 42");
        robot.clickOn(inDialog("resetNewPasswordConfirm")).write("temporary pw 42");
        robot.clickOn(inDialog("reason")).write("lost password");
        robot.clickOn(inDialog("recoveryCodeInput")).write(code.toLowerCase(java.util.Locale.ROOT));
        robot.clickOn("#accountDialogOk");
        waitForText("accountsMessage", "The password of stat was reset and the key of the sealed arms restored.");
        try (AeCapture app = AeCapture.open(db, () -> "check", StoreTestSupport.CLOCK)) {
            assertTrue(app.database().inTransaction(tx -> org.aecapture.store.ArmKeys.openWithPassword(tx, "stat",
                    "temporary pw 42".toCharArray())).isPresent(), "the new password opens the arm key");
        }
    }

    /** "Back up now": a checked copy appears in the backups folder beside the database and the screen says so; closing adds none the same day. */
    @Test
    void theAdministratorBacksUpNowAndTheScreenShowsTheLastBackup() throws Exception {
        window = MainWindowFixture.showSignedIn(db, TestAccounts.ADMINISTRATOR, Role.ADMINISTRATOR);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("backupState").startsWith("No backup yet"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text("statusIntegrity").startsWith("Database intact"));
        robot.clickOn("#backupNow");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text("backupState").startsWith("Last backup:"));
        java.util.List<Path> backups = org.aecapture.store.Backups.list(db);
        assertEquals(1, backups.size());
        assertTrue(text("backupState").contains(backups.get(0).getFileName().toString()), text("backupState"));
        assertTrue(org.aecapture.store.Database.checkIntegrity(backups.get(0)).ok());
        assertEquals(1, org.aecapture.store.StoreTestSupport.count(backups.get(0), "SELECT count(*) FROM subject"));
        window.close();
        window = null;
        assertEquals(1, org.aecapture.store.Backups.list(db).size(), "today's backup exists: closing makes no second one");
    }
}
