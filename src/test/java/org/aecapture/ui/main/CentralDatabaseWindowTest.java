package org.aecapture.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import org.aecapture.app.App;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.store.TestStore;
import org.aecapture.ui.MainWindowFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/**
 * The window on a central PostgreSQL database: each person signs in with their own account, which connects
 * as their own login role, and sees what the server lets that role see. "Open database…" switches to another
 * database, remembering it.
 */
class CentralDatabaseWindowTest {

    private static int run;

    @TempDir
    Path dir;
    private DatabaseLocation server;
    private MainWindow window;
    private Preferences recentNode;
    private String inv101;
    private String reviewer;
    private long site101Subjects;
    private String admin;
    /** The unblinded statistician's recovery code, printed when the server was provisioned. */
    private String recoveryCode;
    private final FxRobot robot = new FxRobot();

    private static String pw(String user) {
        return user + " secret password";
    }

    @BeforeEach
    void provisionedServer() throws Exception {
        String prefix = "w" + (++run) + "_" + ProcessHandle.current().pid();
        admin = prefix + "_admin";
        inv101 = prefix + "_inv";
        reviewer = prefix + "_rev";
        server = TestStore.POSTGRESQL.newDatabase(dir, "window");
        try (AeCapture owner = TestStore.POSTGRESQL.openOrInit(server, () -> "owner")) {
            owner.loadDemo(12, 2, 3);
            recoveryCode = owner.provisionServer().statisticianRecoveryCode().orElseThrow();
            owner.accounts().createFirstAdministrator(admin, "Ada Admin", pw(admin).toCharArray());
        }
        try (AeCapture asAdmin = AeCapture.open(server, new Credentials(admin, pw(admin).toCharArray()), () -> admin, StoreTestSupport.CLOCK)) {
            asAdmin.signIn(admin, pw(admin).toCharArray());
            asAdmin.accounts().create(admin, inv101, "Ian Investigator", Role.INVESTIGATOR, Set.of("101"), pw(inv101).toCharArray());
            asAdmin.accounts().create(admin, reviewer, "Rita Reviewer", Role.SAFETY_REVIEWER, Set.of(), pw(reviewer).toCharArray());
        }
        site101Subjects = StoreTestSupport.count(server, "SELECT count(*) FROM subject WHERE site = '101'");
        recentNode = Preferences.userRoot().node("org/aecapture/test/recent-" + prefix);
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            window = new MainWindow(ResourceBundle.getBundle(App.BUNDLE), server, "test",
                    (where, credentials) -> AeCapture.open(where, credentials, () -> "os-user", StoreTestSupport.CLOCK));
            window.setRecentDatabases(new RecentDatabases(recentNode));
            stage.setScene(new Scene(window.root(), 1366, 768));
            stage.getScene().getStylesheets().add(MainWindow.STYLESHEET);
            stage.show();
            window.open();
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        MainWindowFixture.close(window);
        recentNode.removeNode();
    }

    private String label(String id) {
        return FxQuery.labelText(robot, "#" + id);
    }

    /**
     * Waits until the node is in the showing window and visible, asked on the FX thread, then clicks it. A lookup from
     * the test's thread could find a pane that a sign-in or sign-out was replacing, and click a node whose scene was
     * already gone (the flake seen in CI).
     */
    private org.testfx.api.FxRobotInterface click(String id) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> robot.lookup(id)
                .match(n -> n.getScene() != null && n.getScene().getWindow() != null && n.getScene().getWindow().isShowing()
                        && n.isVisible() && !n.isDisabled())
                .tryQuery().isPresent()).get());
        javafx.scene.Node node = WaitForAsyncUtils.asyncFx(() -> robot.lookup(id).<javafx.scene.Node>query()).get();
        return robot.clickOn(node);
    }

    private void signIn(String user, String password) throws Exception {
        click("#loginUser").write(user);
        click("#loginPassword").write(password);
        click("#signIn");
    }

    private void waitForOverviewCount(long subjects) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
        robot.interact(() -> window.select("OVERVIEW"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> label("subjects").equals(String.valueOf(subjects)));
    }

    @Test
    void eachPersonSignsInAsTheirOwnServerRoleAndSeesWhatTheServerAllows() throws Exception {
        assertTrue(label("statusDatabase").contains("jdbc:postgresql://"), label("statusDatabase"));
        signIn(inv101, "not the password");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> label("loginError").contains("refused the sign-in"));
        assertTrue(robot.lookup("#navigation").tryQuery().isEmpty(), "nothing shown before the server accepts the sign-in");

        click("#loginUser").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL).eraseText(1);
        signIn(inv101, pw(inv101));
        waitForOverviewCount(site101Subjects);
        assertTrue(label("statusUser").contains(inv101), label("statusUser"));

        click("#signOut");
        signIn(reviewer, pw(reviewer));
        waitForOverviewCount(12);
        assertEquals(List.of(server.display()), new RecentDatabases(recentNode).list().stream().map(DatabaseLocation::display).toList());
    }

    @Test
    void openDatabaseRefusesAPasswordInTheUrlThenOpensAnotherDatabaseAndRemembersIt() throws Exception {
        FxQuery.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#loginUser").tryQuery().isPresent());
        click("#openDatabase");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#openLocation").tryQuery().isPresent());
        click("#openLocation").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write("jdbc:postgresql://localhost/aecapture?user=x&password=secret");
        click("#openConfirm");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> label("openProblem").contains("Do not put a password"));

        Path file = dir.resolve("site.db");
        click("#openLocation").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write(file.toString());
        click("#openConfirm");
        // the window's opener here opens existing databases only: a missing file is said, not created
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> label("openError").contains("There is no database at " + file));
        assertTrue(label("statusDatabase").contains(file.toString()), label("statusDatabase"));
    }

    /**
     * On a server, the Accounts screen asks for the statistician's recovery code when that role is chosen: without it the
     * server refuses the login (an administrator alone never reaches the arms), with it the statistician reads the arms.
     */
    @Test
    void anAdministratorMakesAStatisticiansLoginOnlyWithTheRecoveryCode() throws Exception {
        signIn(admin, pw(admin));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
        robot.interact(() -> window.select("ACCOUNTS"));
        String stat = admin.replace("_admin", "_stat");
        click("#newUserName").write(stat);
        click("#newFullName").write("Stan Statistician");
        assertFalse(FxQuery.onFx(() -> robot.lookup("#newRecoveryCode").query().isVisible()), "asked only for a statistician");
        robot.interact(() -> robot.lookup("#newRole").<javafx.scene.control.ComboBox<Role>>query().setValue(Role.UNBLINDED_STATISTICIAN));
        click("#newPassword").write(pw(stat));
        click("#newPasswordConfirm").write(pw(stat));
        click("#createAccount");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> label("accountsMessage").contains("recovery code"));
        assertEquals(0, StoreTestSupport.count(server, "SELECT count(*) FROM account WHERE user_name = '" + stat + "'"), "nothing stored");

        click("#newRecoveryCode").write(recoveryCode);
        click("#newPassword").write(pw(stat));
        click("#newPasswordConfirm").write(pw(stat));
        click("#createAccount");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> label("accountsMessage").contains("Account " + stat + " created"));
        assertEquals(1, StoreTestSupport.count(server, "SELECT count(*) FROM account WHERE user_name = '" + stat
                + "' AND role = 'UNBLINDED_STATISTICIAN'"));
        try (java.sql.Connection c = TestStore.connectAs(server, stat, pw(stat)); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM randomization")) {
            rs.next();
            assertEquals(12, rs.getInt(1), "the statistician's login reads the arms");
        }
    }

    /**
     * A new server database, its schema made and provisioned by its owner but with no account yet: the owner
     * connects, makes the first administrator, and the administrator then signs in as their own login role.
     */
    @Test
    void theFirstAdministratorOfAServerDatabaseSignsInAsTheirOwnLoginRole() throws Exception {
        DatabaseLocation fresh = TestStore.POSTGRESQL.newDatabase(dir, "fresh");
        try (AeCapture owner = TestStore.POSTGRESQL.openOrInit(fresh, () -> "owner")) {
            owner.provisionServer();
        }
        String admin = "first_" + ProcessHandle.current().pid() + "_" + run;
        FxQuery.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#loginUser").tryQuery().isPresent());
        robot.interact(() -> window.reopen(fresh));
        signIn(TestStore.OWNER, TestStore.OWNER);
        FxQuery.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#newUserName").tryQuery().isPresent());
        click("#newUserName").write(admin);
        click("#newFullName").write("Ada Admin");
        click("#newPassword").write(pw(admin));
        click("#newPasswordConfirm").write(pw(admin));
        click("#createAccount");
        signIn(admin, pw(admin));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
        assertTrue(label("statusUser").contains(admin), label("statusUser"));
        // the account has its own login role on the server
        TestStore.connectAs(fresh, admin, pw(admin)).close();
    }

    /** The server drops the window's connection (a restart, a network cut): the next screen reads through a new one, unasked. */
    @Test
    void aDroppedServerConnectionIsOpenedAgainWhileSignedIn() throws Exception {
        signIn(inv101, pw(inv101));
        waitForOverviewCount(site101Subjects);
        long before = org.aecapture.store.Database.reconnects();
        try (var c = TestStore.connect(server); var st = c.createStatement(); var rs = st.executeQuery("SELECT count(pg_terminate_backend(pid))"
                + " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            assertTrue(rs.getInt(1) >= 1, "the window's connection was there to drop");
        }
        robot.interact(() -> window.select("SUBJECTS"));
        FxQuery.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#subjectTable").tryQuery().isPresent());
        robot.interact(() -> window.select("OVERVIEW"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> org.aecapture.store.Database.reconnects() > before);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> label("subjects").equals(String.valueOf(site101Subjects)));
        assertTrue(label("statusUser").contains(inv101), "still signed in: " + label("statusUser"));
    }
}
