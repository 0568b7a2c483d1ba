package org.aecapture.ui.queries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.AeFields;
import org.aecapture.domain.DataQuery;
import org.aecapture.domain.QueryRow;
import org.aecapture.domain.Role;
import org.aecapture.domain.SdvMark;
import org.aecapture.service.AeCapture;
import org.aecapture.service.DataQueryService;
import org.aecapture.service.TestAccounts;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.ui.MainWindowFixture;
import org.aecapture.ui.main.MainWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/**
 * The monitor's loop on the screens, as the issue tells it: the monitor of site 101 verifies an AE and raises a query on
 * its grade; the investigator of site 101 sees it at sign-in, opens the AE from it and corrects the grade as the answer;
 * the monitor closes it, and the AE's verification reads "changed since verified". Checked in the database.
 */
class QueriesViewTest {

    @TempDir
    Path dir;
    private Path db;
    private MainWindow window;
    private final FxRobot robot = new FxRobot();
    private long aeId;

    @BeforeEach
    void setUp() {
        db = dir.resolve("queries.db");
        try (AeCapture app = AeCapture.openOrInit(db, () -> "setup", StoreTestSupport.CLOCK)) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            TestAccounts.signInAs(app, "coord", Role.COORDINATOR, "101");
            aeId = app.adverseEvents().record(StoreTestSupport.headache("101-001")).id();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (window != null) {
            MainWindowFixture.close(window);
        }
    }

    private void showAs(String user, Role role) throws Exception {
        if (window != null) {
            MainWindowFixture.close(window); // the last person's window goes before the next signs in
        }
        window = MainWindowFixture.showSignedIn(db, user, role, "101");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
    }

    private void showQueries() throws Exception {
        robot.interact(() -> window.select("QUERIES"));
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#queryTable").match(Node::isVisible).tryQuery().isPresent());
    }

    @SuppressWarnings("unchecked")
    private TableView<QueryRow> queries() {
        return robot.lookup("#queryTable").queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    private TableView<DataQueryService.SdvRow> sdv() {
        return robot.lookup("#sdvTable").queryAs(TableView.class);
    }


    private void sdvTab(int index) {
        robot.interact(() -> robot.lookup("#queriesTabs").queryAs(TabPane.class).getSelectionModel().select(index));
    }

    @SuppressWarnings("unchecked")
    private <T> ComboBox<T> combo(String id) {
        return robot.lookup(id).queryAs(ComboBox.class);
    }

    private AeCapture open() {
        return AeCapture.open(db, () -> "checker", StoreTestSupport.CLOCK);
    }

    @Test
    void aMonitorsQueryOnAGradeIsAnsweredWithACorrectionClosedAndTheVerificationSaysChangedSinceVerified() throws Exception {
        // the monitor of site 101: verifies the AE against the chart, then queries its grade
        showAs("mona", Role.MONITOR);
        showQueries();
        sdvTab(1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> sdv().getItems().stream()
                .anyMatch(r -> r.target() == DataQuery.Target.ADVERSE_EVENT)));
        robot.interact(() -> sdv().getSelectionModel().select(sdv().getItems().stream()
                .filter(r -> r.target() == DataQuery.Target.ADVERSE_EVENT).findFirst().orElseThrow()));
        robot.clickOn("#sdvVerify");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> sdv().getItems().stream()
                .anyMatch(r -> r.target() == DataQuery.Target.ADVERSE_EVENT && r.status() == SdvMark.Status.VERIFIED)));
        sdvTab(0);
        robot.clickOn("#queryRaise");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#raiseSubject").match(Node::isFocused).tryQuery().isPresent());
        robot.clickOn("#raiseSubject").write("101-001").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> robot.lookup("#raiseAe").queryAs(ComboBox.class).getValue() != null));
        robot.interact(() -> this.<String>combo("#raiseField").setValue(AeFields.GRADE));
        robot.clickOn("#raiseText").write("The chart says grade 3: the headache limited self care");
        robot.clickOn("#raiseOk");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> queries().getItems().size() == 1));
        assertTrue(robot.lookup("#queriesMessage").queryAs(Label.class).getText().contains("raised on subject 101-001"));

        // the investigator of site 101: told at sign-in, opens the AE from the query and corrects the grade as the answer
        showAs("ines", Role.INVESTIGATOR);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> robot.lookup("#navigation .list-cell").queryAllAs(javafx.scene.control.ListCell.class)
                .stream().anyMatch(c -> "Queries (1)".equals(c.getText()))));
        showQueries();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> queries().getItems().size() == 1));
        robot.interact(() -> queries().getSelectionModel().select(0));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> !robot.lookup("#queryCorrect").queryAs(Button.class).isDisabled()));
        robot.clickOn("#queryCorrect");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> robot.lookup("#queryBanner").tryQuery().map(Node::isVisible).orElse(false)));
        assertTrue(robot.lookup("#queryBanner").queryAs(Label.class).getText().startsWith("Answering query 1: The chart says grade 3"));
        assertTrue(robot.lookup("#grade1").queryAs(Node.class).getStyleClass().contains("queried"), "the queried field is marked");
        robot.clickOn("#grade3");
        robot.press(KeyCode.CONTROL).press(KeyCode.S).release(KeyCode.S).release(KeyCode.CONTROL);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#reason").tryQuery().isPresent());
        robot.clickOn("#reason").write("Corrected to grade 3 from the clinic note of 05-AUG-2021");
        robot.clickOn("#reasonOk");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> robot.lookup("#aeTable").tryQuery().map(Node::isVisible).orElse(false)));
        try (AeCapture app = open()) {
            AdverseEvent stored = app.adverseEvents().byId(aeId).orElseThrow();
            assertEquals(3, stored.grade());
            DataQueryService.Thread t = app.queries().thread(1).orElseThrow();
            assertEquals(DataQuery.State.ANSWERED, t.query().state());
            assertTrue(app.adverseEvents().history(aeId).stream().anyMatch(e -> e.field().equals("grade")
                    && "Query 1: Corrected to grade 3 from the clinic note of 05-AUG-2021".equals(e.reason())));
            assertTrue(app.queries().list().stream().anyMatch(r -> "EC01".equals(r.query().checkId())),
                    "grade 3 and not serious: the edit check opens its own query");
        }

        // the monitor closes it; the AE's verification no longer stands
        showAs("mona", Role.MONITOR);
        showQueries();
        robot.interact(() -> this.<String>combo("#queryStateFilter").setValue("ANSWERED"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> queries().getItems().size() == 1));
        robot.interact(() -> queries().getSelectionModel().select(0));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> robot.lookup("#queryThread").queryAs(ListView.class).getItems().size() == 2));
        robot.clickOn("#queryClose");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#reason").tryQuery().isPresent());
        robot.clickOn("#reason").write("Grade corrected as the chart reads");
        robot.clickOn("#reasonOk");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> queries().getItems().isEmpty()));
        sdvTab(1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> sdv().getItems().stream()
                .anyMatch(r -> r.target() == DataQuery.Target.ADVERSE_EVENT && r.status() == SdvMark.Status.CHANGED_SINCE_VERIFIED)));
        try (AeCapture app = open()) {
            assertEquals(DataQuery.State.CLOSED, app.queries().thread(1).orElseThrow().query().state());
            assertEquals(List.of("RAISE", "ANSWER", "CLOSE"), app.queries().thread(1).orElseThrow().steps().stream()
                    .map(s -> s.action().name()).toList());
        }
    }
    @Test
    void aQueryOnEnrolmentDataOpensItsSubjectOnTheSubjectsScreenWhereItIsCorrected() throws Exception {
        try (AeCapture app = open()) {
            TestAccounts.signInAs(app, "mona", Role.MONITOR, "101");
            long subjectId = app.subjects().byNumber("101-001").orElseThrow().id();
            app.queries().raise(DataQuery.Target.SUBJECT, subjectId, "birth_date", "The chart gives another date of birth");
        }
        showAs("ines", Role.INVESTIGATOR);
        showQueries();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> queries().getItems().size() == 1));
        robot.interact(() -> queries().getSelectionModel().select(0));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> !robot.lookup("#queryCorrect").queryAs(Button.class).isDisabled()));
        assertEquals("Open the subject to correct\u2026", robot.lookup("#queryCorrect").queryAs(Button.class).getText().replace("_", ""));
        robot.clickOn("#queryCorrect");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.onFx(() -> {
            TableView<?> subjects = robot.lookup("#subjectTable").queryAs(TableView.class);
            Object selected = subjects.getSelectionModel().getSelectedItem();
            return subjects.isVisible() && selected instanceof org.aecapture.service.SubjectService.SubjectSummary s && s.subject().subjectNumber().equals("101-001");
        }));
        assertEquals("101-001", robot.lookup("#subjectFilter").queryAs(javafx.scene.control.TextField.class).getText());
        assertTrue(!robot.lookup("#editSubject").queryAs(Button.class).isDisabled(), "the subject can be corrected from here");
    }
}
