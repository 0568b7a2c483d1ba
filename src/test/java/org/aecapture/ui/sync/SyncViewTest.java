package org.aecapture.ui.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.service.TestAccounts;
import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.store.TestStore;
import org.aecapture.ui.MainWindowFixture;
import org.aecapture.ui.main.MainWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/** A site's investigator syncs their file from the window, sees the result, and resolves a conflict with a reason. */
class SyncViewTest {

    private static final AtomicInteger RUN = new AtomicInteger();

    @TempDir
    Path dir;
    private Path siteFile;
    private DatabaseLocation central;
    private String inv;
    private MainWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void siteAndCentral() throws Exception {
        String run = "v" + RUN.incrementAndGet() + "_" + ProcessHandle.current().pid();
        inv = run + "_inv";
        String admin = run + "_admin";
        central = TestStore.POSTGRESQL.newDatabase(dir, "central");
        try (AeCapture owner = TestStore.POSTGRESQL.openOrInit(central, () -> "owner")) {
            owner.provisionServer();
            owner.accounts().createFirstAdministrator(admin, "Ada Admin", (admin + " password").toCharArray());
        }
        try (AeCapture asAdmin = AeCapture.open(central, new Credentials(admin, (admin + " password").toCharArray()), () -> admin,
                StoreTestSupport.CLOCK)) {
            asAdmin.signIn(admin, (admin + " password").toCharArray());
            asAdmin.accounts().create(admin, inv, "Ines Investigator", Role.INVESTIGATOR, Set.of("104"), TestAccounts.PASSWORD.toCharArray());
        }
        siteFile = dir.resolve("site104.db");
        try (AeCapture site = TestAccounts.signInAs(AeCapture.openOrInit(siteFile, () -> inv, StoreTestSupport.CLOCK), inv, Role.INVESTIGATOR,
                "104")) {
            site.subjects().enrol(StoreTestSupport.subject("104-001"));
            site.adverseEvents().record(StoreTestSupport.headache("104-001"));
        }
        window = MainWindowFixture.showSignedIn(siteFile, inv, Role.INVESTIGATOR, "104");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
    }

    @AfterEach
    void close() throws Exception {
        MainWindowFixture.close(window);
    }

    private String text(String id) {
        return FxQuery.labelText(robot, "#" + id);
    }

    private void syncFromTheWindow() throws Exception {
        robot.clickOn("#syncPassword").write(TestAccounts.PASSWORD);
        robot.clickOn("#syncNow");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> text("syncResult").startsWith("Sent") || !text("syncProblem").isEmpty());
        assertEquals("", text("syncProblem"));
    }


    @Test
    void theInvestigatorSyncsSeesTheConflictAndKeepsTheCentralVersionWithAReason() throws Exception {
        assertFalse(robot.lookup("#syncStatus").queryAs(Label.class).isVisible(), "a file never synced may be a study of its own: no sync status");
        robot.interact(() -> window.select("SYNC"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text("syncState").contains("not linked"));
        assertTrue(text("syncState").contains("2 records made here wait to be sent"), text("syncState"));
        robot.clickOn("#syncCentral").write(((DatabaseLocation.PostgresServer) central).url());
        syncFromTheWindow();
        assertTrue(text("syncResult").contains("1 subjects") && text("syncResult").contains("1 adverse events"), text("syncResult"));
        assertEquals(1, StoreTestSupport.count(central, "SELECT count(*) FROM adverse_event"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text("syncStatus").startsWith("Nothing to send"));

        // the same AE changed at the site (another window) and centrally
        try (AeCapture site = AeCapture.open(siteFile, () -> inv, StoreTestSupport.CLOCK)) {
            site.signIn(inv, TestAccounts.PASSWORD.toCharArray());
            site.adverseEvents().correct(site.adverseEvents().forSubject("104-001", false).get(0).withVerbatimTerm("migraine"), "site's reading");
        }
        try (AeCapture online = AeCapture.open(central, new Credentials(inv, TestAccounts.PASSWORD.toCharArray()), () -> inv,
                StoreTestSupport.CLOCK)) {
            online.signIn(inv, TestAccounts.PASSWORD.toCharArray());
            online.adverseEvents().correct(online.adverseEvents().forSubject("104-001", false).get(0).withVerbatimTerm("cluster headache"),
                    "central reading");
        }
        syncFromTheWindow();
        assertTrue(text("syncResult").endsWith("1 conflict."), text("syncResult"));
        ListView<?> conflicts = robot.lookup("#syncConflicts").queryAs(ListView.class);
        FxQuery.waitFor(20, TimeUnit.SECONDS, () -> conflicts.getItems().size() == 1);
        assertTrue(robot.lookup("#keepCentral").queryButton().isDisabled(), "nothing chosen, no reason: no resolution");
        robot.interact(() -> conflicts.getSelectionModel().select(0));
        robot.clickOn("#conflictReason").write("the chart says cluster headache");
        robot.clickOn("#keepCentral");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text("syncResult").startsWith("Resolved"));
        FxQuery.waitFor(20, TimeUnit.SECONDS, () -> conflicts.getItems().isEmpty());
        assertEquals(1, StoreTestSupport.count(new DatabaseLocation.SqliteFile(siteFile),
                "SELECT count(*) FROM adverse_event WHERE verbatim_term = 'cluster headache'"), "the central version is in the file");
        assertTrue(StoreTestSupport.count(new DatabaseLocation.SqliteFile(siteFile),
                "SELECT count(*) FROM audit_trail WHERE reason = 'the chart says cluster headache'") >= 2, "the change and the resolution audited");
    }

    /** A subject number the sponsor enrolled centrally meanwhile: the clash is listed, and "Keep both" renumbers the site's. */
    @Test
    void aSubjectNumberTakenCentrallyIsKeptBothFromTheWindow() throws Exception {
        robot.interact(() -> window.select("SYNC"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text("syncState").contains("not linked"));
        robot.clickOn("#syncCentral").write(((DatabaseLocation.PostgresServer) central).url());
        syncFromTheWindow();
        try (java.sql.Connection c = TestStore.connect(central); java.sql.Statement st = c.createStatement()) {
            st.execute("INSERT INTO subject (subject_id, site, sex, birth_date, consent_date, status, uid)"
                    + " VALUES ('104-002', '104', 'M', '1975', '2021-06-21', 'SCREENING', 'sponsor-104-002')");
        }
        try (AeCapture site = AeCapture.open(siteFile, () -> inv, StoreTestSupport.CLOCK)) {
            site.signIn(inv, TestAccounts.PASSWORD.toCharArray());
            site.subjects().enrol(StoreTestSupport.subject("104-002"));
            site.adverseEvents().record(StoreTestSupport.headache("104-001")); // the same headache again: the edit check queries it
        }
        syncFromTheWindow();
        assertTrue(text("syncResult").contains("1 data queries, 1 query steps"), "queries travel and are counted: " + text("syncResult"));
        ListView<?> conflicts = robot.lookup("#syncConflicts").queryAs(ListView.class);
        FxQuery.waitFor(20, TimeUnit.SECONDS, () -> conflicts.getItems().size() == 1);
        robot.interact(() -> conflicts.getSelectionModel().select(0));
        robot.clickOn("#conflictReason").write("104-002 was given by the sponsor on the phone");
        assertFalse(robot.lookup("#keepBoth").queryButton().isDisabled(), "a subject's clash offers keep both");
        robot.clickOn("#keepBoth");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text("syncResult").startsWith("Resolved"));
        assertEquals("Resolved: this file's subject 104-002 is now 104-003, and goes with its records at the next sync.", text("syncResult"));
        FxQuery.waitFor(20, TimeUnit.SECONDS, () -> conflicts.getItems().isEmpty());
        syncFromTheWindow();
        assertEquals(1, StoreTestSupport.count(central, "SELECT count(*) FROM subject WHERE subject_id = '104-003'"), "sent renumbered");
        assertEquals(1, StoreTestSupport.count(central, "SELECT count(*) FROM subject WHERE subject_id = '104-002'"), "the sponsor's kept");
    }
}
