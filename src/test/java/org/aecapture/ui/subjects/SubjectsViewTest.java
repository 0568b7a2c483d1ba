package org.aecapture.ui.subjects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.aecapture.domain.Role;
import org.aecapture.domain.EligibilityChecklist;
import org.aecapture.domain.EligibilityChecklist.Answer;
import org.aecapture.domain.EligibilityChecklist.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Sex;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectStatus;
import org.aecapture.service.AeCapture;
import org.aecapture.service.SubjectService.SubjectSummary;
import org.aecapture.service.VisitService.VisitLine;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.study.VisitDefinition;
import org.aecapture.ui.MainWindowFixture;
import org.aecapture.ui.main.MainWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/** The subjects and visits screen in the real main window, driven as a site coordinator would, checked in the database. */
class SubjectsViewTest {

    private static final int INCLUSION = 8;
    private static final int EXCLUSION = 17;

    @TempDir
    Path dir;
    private Path db;
    private MainWindow window;
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void tearDown() throws Exception {
        MainWindowFixture.close(window);
    }

    private AeCapture open() {
        return AeCapture.openOrInit(db, () -> "checker", StoreTestSupport.CLOCK);
    }

    /** A database with the given eligible subjects, then the main window on the subjects screen. */
    private void show(String... eligibleSubjects) throws Exception {
        db = dir.resolve("subjects.db");
        try (AeCapture app = open()) {
            for (String number : eligibleSubjects) {
                EligibilityChecklist c = app.subjects().checklist(java.util.Optional.empty());
                for (int i = 0; i < INCLUSION; i++) {
                    c = c.withInclusion(i, Answer.YES);
                }
                for (int i = 0; i < EXCLUSION; i++) {
                    c = c.withExclusion(i, Answer.NO);
                }
                app.subjects().enrol(new Subject(null, number, number.substring(0, 3), Sex.MALE, PartialDate.parseIso("1975"),
                        LocalDate.of(2021, 6, 20), null, null, null, 0), c);
            }
        }
        window = MainWindowFixture.showSignedIn(db, "coordinator", Role.COORDINATOR, "101", "102", "103");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
        robot.interact(() -> window.select("SUBJECTS"));
        FxQuery.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#subjectFilter").match(Node::isFocused).tryQuery().isPresent());
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == eligibleSubjects.length);
    }

    @SuppressWarnings("unchecked")
    private TableView<SubjectSummary> table() {
        return robot.lookup("#subjectTable").queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    private TableView<VisitLine> visitTable() {
        return robot.lookup("#visitTable").queryAs(TableView.class);
    }

    private Label label(String id) {
        return robot.lookup("#" + id).queryAs(Label.class);
    }

    private void ctrl(KeyCode key) {
        robot.press(KeyCode.CONTROL).press(key).release(key).release(KeyCode.CONTROL);
    }

    /** Opens the enrolment dialog with Ctrl+N and types the subject's data, field by field, with the keyboard. */
    private void typeNewSubject(String number, String birth, String consent) throws Exception {
        ctrl(KeyCode.N);
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#subjectNumber").match(Node::isFocused).tryQuery().isPresent());
        robot.clickOn("#subjectNumber").write(number);   // the site follows from the number
        robot.type(KeyCode.TAB, 2).write("f");           // past the site to the sex: F chooses Female
        robot.clickOn("#birthDate").write(birth);
        robot.type(KeyCode.TAB).write(consent);          // Tab leads on to the consent date
    }

    /** Scrolls the checklist to a criterion's answer, as a user would, and clicks it. */
    private void answer(String id) {
        Node radio = robot.lookup("#" + id).query();
        ScrollPane checklist = robot.lookup("#checklist").queryAs(ScrollPane.class);
        robot.interact(() -> {
            Bounds content = checklist.getContent().getLayoutBounds();
            Bounds at = checklist.getContent().sceneToLocal(radio.localToScene(radio.getLayoutBounds()));
            double viewport = checklist.getViewportBounds().getHeight();
            checklist.setVvalue(Math.max(0, Math.min(1, (at.getMinY() - viewport / 3) / (content.getHeight() - viewport))));
        });
        robot.clickOn(radio);
    }

    private void confirmAll(int presentExclusion) {
        for (int i = 1; i <= INCLUSION; i++) {
            answer("inc" + i + "Yes");
        }
        for (int i = 1; i <= EXCLUSION; i++) {
            answer("exc" + i + (i == presentExclusion ? "Yes" : "No"));
        }
    }

    private Button saveButton() {
        return robot.lookup("#saveSubject").queryAs(Button.class);
    }

    private void save() throws Exception {
        assertFalse(saveButton().isDisabled(), label("enrolProblems").getText());
        robot.clickOn("#saveSubject");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#saveSubject").tryQuery().isEmpty());
    }

    @Test
    void aSubjectEnrolledThroughTheChecklistIsStoredEligible() throws Exception {
        show();
        typeNewSubject("103-004", "1980-03-04", "15-MAY-2022");
        assertEquals("42", label("ageAtConsent").getText());
        assertTrue(saveButton().isDisabled(), "no outcome until every criterion is confirmed");
        confirmAll(0);
        assertTrue(label("eligibilityOutcome").getText().startsWith("Eligible"), label("eligibilityOutcome").getText());
        save();
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == 1);
        try (AeCapture app = open()) {
            Subject s = app.subjects().byNumber("103-004").orElseThrow();
            assertEquals("103", s.site());
            assertEquals(Sex.FEMALE, s.sex());
            assertEquals(LocalDate.of(2022, 5, 15), s.consentDate());
            assertEquals(SubjectStatus.SCREENING, s.status());
            var e = app.subjects().eligibility("103-004").orElseThrow();
            assertEquals(Outcome.ELIGIBLE, e.outcome());
            assertEquals("coordinator", e.assessedBy());
        }
    }

    @Test
    void aPresentExclusionCriterionFailsScreeningAndIsStoredWithTheCriterion() throws Exception {
        show();
        typeNewSubject("103-005", "1980-03-04", "15-MAY-2022");
        confirmAll(4);
        String outcome = label("eligibilityOutcome").getText();
        assertTrue(outcome.startsWith("Screen failure") && outcome.contains("Exclusion 4: Drug-induced lupus"), outcome);
        save();
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == 1);
        assertEquals(SubjectStatus.SCREEN_FAILURE, table().getItems().get(0).subject().status());
        try (AeCapture app = open()) {
            var e = app.subjects().eligibility("103-005").orElseThrow();
            assertEquals(Outcome.SCREEN_FAILURE, e.outcome());
            assertEquals("Exclusion 4: Drug-induced lupus", e.failedCriteria());
            assertEquals(SubjectStatus.SCREEN_FAILURE, app.subjects().byNumber("103-005").orElseThrow().status());
        }
    }

    @Test
    void agesOf17And66AtConsentCannotBeSaved() throws Exception {
        show();
        typeNewSubject("103-006", "2005-05-16", "15-MAY-2022"); // 16, the day before the 17th birthday
        confirmAll(0);
        assertEquals("16", label("ageAtConsent").getText());
        assertTrue(label("enrolProblems").getText().contains("Birth date: age at consent is 16"), label("enrolProblems").getText());
        assertTrue(saveButton().isDisabled());
        for (String[] birthAndAge : new String[][] {{"2004-05-16", "17"}, {"1956-05-15", "66"}}) {
            robot.doubleClickOn("#birthDate").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
            robot.write(birthAndAge[0]);
            assertEquals(birthAndAge[1], label("ageAtConsent").getText());
            assertTrue(label("enrolProblems").getText().contains("age at consent is " + birthAndAge[1] + "; the study enrols ages 18 to 65"),
                    label("enrolProblems").getText());
            assertTrue(saveButton().isDisabled(), "an age of " + birthAndAge[1] + " cannot be saved");
        }
        robot.doubleClickOn("#birthDate").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write("1956-05-16");
        assertEquals("65", label("ageAtConsent").getText());
        assertFalse(saveButton().isDisabled(), label("enrolProblems").getText());
        robot.clickOn("#cancelSubject");
        try (AeCapture app = open()) {
            assertTrue(app.subjects().all().isEmpty(), "nothing was stored");
        }
    }

    private void selectSubject(String number) throws Exception {
        robot.clickOn("#subjectFilter").write(number);
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> table().getItems().size() == 1);
        robot.clickOn(robot.lookup("#subjectTable .table-cell").match(NodeQueryUtils.hasText(number)).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> label("visitsHeader").getText().startsWith("Subject " + number));
    }

    private VisitLine line(String code) {
        return visitTable().getItems().stream().filter(l -> l.definition().code().equals(code)).findFirst().orElseThrow();
    }

    private void setDay1(String date) throws Exception {
        robot.clickOn("#day1").write(date).type(KeyCode.ENTER);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> visitTable().getItems().stream().anyMatch(l -> l.window() != null));
    }

    private void recordVisit(String visitName, String date, String note) throws Exception {
        // the keyboard way: Shift+Tab from the date back to the visit list, a letter chooses
        robot.clickOn("#visitDate").press(KeyCode.SHIFT).press(KeyCode.TAB).release(KeyCode.TAB).release(KeyCode.SHIFT);
        @SuppressWarnings("unchecked")
        ComboBox<VisitDefinition> choice = robot.lookup("#visitChoice").queryAs(ComboBox.class);
        for (int i = 0; i < 12 && (choice.getValue() == null || !choice.getValue().name().equals(visitName)); i++) {
            robot.write(visitName.substring(0, 1).toLowerCase(java.util.Locale.ROOT));
        }
        assertEquals(visitName, choice.getValue().name());
        robot.clickOn("#visitDate").write(date);
        if (note != null) {
            robot.clickOn("#visitNote").write(note);
        }
        robot.clickOn("#recordVisit");
    }

    @Test
    void day1LaysOutTheScheduleAndAVisitOutsideItsWindowIsFlagged() throws Exception {
        show("101-001", "101-002");
        selectSubject("101-002");
        setDay1("01-JUL-2021");
        assertEquals("29-JUL-2021 (Day 29)", line("W4").window() == null ? "" : cellText("W4", 1), "Week 4 is Day 29");
        assertEquals("26-JUL-2021 to 01-AUG-2021", cellText("W4", 2));
        recordVisit("Week 4", "05-AUG-2021", null);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> line("W4").visit() != null);
        assertTrue(line("W4").outsideWindow());
        assertEquals("Outside window", cellText("W4", 4));
        recordVisit("Week 2", "16-JUL-2021", null);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> line("W2").visit() != null);
        assertEquals("", cellText("W2", 4), "Week 2 on Day 16 is inside its window");
        try (AeCapture app = open()) {
            assertEquals(LocalDate.of(2021, 7, 1), app.subjects().byNumber("101-002").orElseThrow().firstDoseDate());
            assertEquals(SubjectStatus.ON_STUDY, app.subjects().byNumber("101-002").orElseThrow().status());
            var w4 = app.visits().visits("101-002").stream().filter(l -> l.definition().code().equals("W4")).findFirst().orElseThrow();
            assertEquals(LocalDate.of(2021, 8, 5), w4.visit().visitDate());
            assertEquals(null, app.subjects().byNumber("101-001").orElseThrow().firstDoseDate(), "the other subject is untouched");
        }
    }

    /** The text a visit's row shows in a column, as rendered. */
    private String cellText(String code, int column) {
        VisitLine line = line(code);
        @SuppressWarnings("unchecked")
        var col = (javafx.scene.control.TableColumn<VisitLine, String>) visitTable().getColumns().get(column);
        return col.getCellObservableValue(line).getValue();
    }

    @Test
    void earlyTerminationSetsEndOfStudyAndDiscontinued() throws Exception {
        show("101-001");
        selectSubject("101-001");
        setDay1("01-JUL-2021");
        recordVisit("Early Termination", "01-SEP-2021", null);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> label("visitMessage").getText().contains("Early Termination needs its reason"));
        robot.clickOn("#visitNote").write("withdrew consent");
        robot.clickOn("#recordVisit");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> label("visitsHeader").getText().contains("Discontinued"));
        assertTrue(label("visitsHeader").getText().contains("End of Study: 01-SEP-2021"), label("visitsHeader").getText());
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().get(0).subject().status() == SubjectStatus.DISCONTINUED);
        try (AeCapture app = open()) {
            Subject s = app.subjects().byNumber("101-001").orElseThrow();
            assertEquals(LocalDate.of(2021, 9, 1), s.endOfStudyDate());
            assertEquals(SubjectStatus.DISCONTINUED, s.status());
            var et = app.visits().visits("101-001").stream().filter(l -> l.definition().code().equals("ET")).findFirst().orElseThrow();
            assertEquals("withdrew consent", et.visit().note());
        }
    }

    @Test
    void changingDay1AsksForAReasonAndTheAuditKeepsIt() throws Exception {
        show("101-001");
        selectSubject("101-001");
        setDay1("01-JUL-2021");
        robot.doubleClickOn("#day1").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write("02-JUL-2021").type(KeyCode.ENTER);
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#reason").tryQuery().isPresent());
        robot.clickOn("#reason").write("first dose given after midnight");
        robot.clickOn("#reasonOk");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> label("visitsHeader").getText().contains("Day 1: 02-JUL-2021"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "30-JUL-2021 (Day 29)".equals(cellText("W4", 1)));
        try (AeCapture app = open()) {
            Subject s = app.subjects().byNumber("101-001").orElseThrow();
            assertEquals(LocalDate.of(2021, 7, 2), s.firstDoseDate());
            var change = app.subjects().history(s.id()).stream().filter(e -> "first_dose_date".equals(e.field())).reduce((a, b) -> b).orElseThrow();
            assertEquals("2021-07-01", change.oldValue());
            assertEquals("first dose given after midnight", change.reason());
        }
    }
}
