package org.aecapture.ui.capture;

import org.aecapture.domain.AuditEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import org.aecapture.domain.Role;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.Relationship;
import org.aecapture.service.AeCapture;
import org.aecapture.service.TestAccounts;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.ui.MainWindowFixture;
import org.aecapture.ui.main.MainWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/** The investigator's screen in the real main window, driven as a site coordinator would, checked in the database. */
class CaptureViewTest {

    @TempDir
    Path dir;
    private Path db;
    private MainWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("capture.db");
        try (AeCapture app = AeCapture.openOrInit(db, () -> "setup", StoreTestSupport.CLOCK)) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            app.subjects().enrol(StoreTestSupport.subject("102-007"));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.setupStage(stage -> stage.hide());
        if (window != null) {
            window.close();
        }
    }

    private AeCapture open() {
        return AeCapture.open(db, () -> "checker", StoreTestSupport.CLOCK);
    }

    private void show() throws Exception {
        window = MainWindowFixture.showSignedIn(db, "coordinator", Role.COORDINATOR, "101", "102", "103");
        FxQuery.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#subjectSearch").match(javafx.scene.Node::isFocused).tryQuery().isPresent());
    }

    /** Types a subject number and presses Enter, as at the site. */
    private void chooseSubject(String number) throws Exception {
        robot.write(number).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> label("subjectHeader").getText().startsWith(number));
    }

    private Label label(String id) {
        return robot.lookup("#" + id).queryAs(Label.class);
    }

    private Button button(String id) {
        return robot.lookup("#" + id).queryAs(Button.class);
    }

    private void ctrl(KeyCode key) {
        robot.press(KeyCode.CONTROL).press(key).release(key).release(KeyCode.CONTROL);
    }

    private void openNewForm() throws Exception {
        ctrl(KeyCode.N);
        FxQuery.waitFor(5, TimeUnit.SECONDS,
                () -> robot.lookup("#verbatimTerm").match(javafx.scene.Node::isFocused).tryQuery().isPresent());
    }

    /**
     * Whether the AE list is back in the window with {@code n} AEs, asked on the FX thread: a lookup from the test's thread
     * while a background save swaps the form for the list can trip over the scene graph changing under it.
     */
    private boolean listShownWith(int n) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup("#aeTable").tryQuery().isPresent() && table().getItems().size() == n).get();
    }

    @SuppressWarnings("unchecked")
    private TableView<AdverseEvent> table() {
        return robot.lookup("#aeTable").queryAs(TableView.class);
    }

    private String problems() {
        return label("problems").getText();
    }

    /** The investigator's words suggest the right term first, with the reason beside it; how it was chosen is stored. */
    @Test
    void lowNeutrophilsSuggestsNeutrophilCountDecreasedFirstWithItsReasonAndTheChoiceIsStored() throws Exception {
        show();
        chooseSubject("101-001");
        openNewForm();
        robot.write("low neutrophils").type(KeyCode.TAB);
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<org.aecapture.ctcae.TermSuggestion> list =
                robot.lookup("#termSearchSuggestions").queryAs(javafx.scene.control.ListView.class);
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> list.isVisible() && !list.getItems().isEmpty());
        assertEquals("Neutrophil count decreased", list.getItems().get(0).term().term());
        assertEquals("lab value: neutrophils low", list.getItems().get(0).reason());
        assertTrue(robot.lookup("#termSearchSuggestions .list-cell").queryAllAs(javafx.scene.control.ListCell.class).stream()
                .anyMatch(c -> c.getText() != null && c.getText().startsWith("Neutrophil count decreased\n    lab value: neutrophils low")),
                "the reason is shown beside the term");
        robot.type(KeyCode.ENTER);
        assertEquals("Neutrophil count decreased", robot.lookup("#termSearch").queryAs(TextField.class).getText());
        // a lab-defined term: the value comes next, then unit, LLN, ULN and baseline, then the grade it gives
        robot.type(KeyCode.TAB).write("0.8");
        robot.type(KeyCode.TAB, 5).write("3");
        robot.type(KeyCode.TAB).write("01-AUG-2021");
        robot.type(KeyCode.TAB).write("03-aug-2021");
        robot.type(KeyCode.TAB, 3);
        robot.write("u").type(KeyCode.TAB).write("d").type(KeyCode.TAB).write("r");
        assertEquals("", problems());
        ctrl(KeyCode.S);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == 1);
        try (AeCapture app = open()) {
            AdverseEvent stored = app.adverseEvents().forSubject("101-001", false).get(0);
            assertEquals("10029366", stored.meddraCode());
            assertEquals("LEXICON: lab value: neutrophils low", stored.termCoding());
            assertEquals(new java.math.BigDecimal("0.8"), stored.lab().value());
            assertEquals("10^9/L", stored.lab().unit());
        }

        // the same verbatim again: the study's own coding now comes first
        openNewForm();
        robot.write("Low neutrophils").type(KeyCode.TAB);
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> list.isVisible() && !list.getItems().isEmpty()
                && list.getItems().get(0).source() == org.aecapture.ctcae.TermSuggestion.Source.HISTORY);
        assertEquals("coded once in this study", list.getItems().get(0).reason());
    }

    @Test
    void aCompleteAeEnteredByKeyboardOnlyIsStoredWithItsAudit() throws Exception {
        show();
        chooseSubject("101-001");
        assertTrue(label("subjectHeader").getText().contains("Day 1: 15-JUL-2021"), label("subjectHeader").getText());
        openNewForm();
        robot.write("bad headache").type(KeyCode.TAB);   // the term search offers the verbatim's matches
        robot.type(KeyCode.ENTER);                        // Headache, the best match
        assertEquals("Headache", robot.lookup("#termSearch").queryAs(TextField.class).getText());
        robot.type(KeyCode.TAB).write("2");              // to the grades: the digit chooses
        assertTrue(robot.lookup("#grade2").queryAs(ToggleButton.class).isSelected());
        robot.type(KeyCode.TAB).write("01-AUG-2021");    // Tab leaves the chosen grade for the onset date
        assertEquals("Day 18", label("onsetDateStudyDay").getText());
        robot.type(KeyCode.TAB).write("03-aug-2021");
        robot.type(KeyCode.TAB, 3);                      // past Ongoing and Serious to Relationship
        robot.write("u").type(KeyCode.TAB).write("d").type(KeyCode.TAB).write("r");
        assertEquals("", problems());
        assertFalse(button("saveAe").isDisabled());
        ctrl(KeyCode.S);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == 1);

        try (AeCapture app = open()) {
            AdverseEvent stored = app.adverseEvents().forSubject("101-001", false).get(0);
            assertEquals("bad headache", stored.verbatimTerm());
            assertEquals("10019211", stored.meddraCode());
            assertEquals(2, stored.grade());
            assertEquals("2021-08-01", stored.onsetDate().toIso());
            assertEquals("2021-08-03", stored.endDate().toIso());
            assertEquals(Relationship.UNLIKELY, stored.relationship());
            assertEquals(ActionTaken.DOSE_NOT_CHANGED, stored.actionTaken());
            assertEquals(Outcome.RECOVERED, stored.outcome());
            assertEquals("W28", stored.reportedAtVisit(), "today (Day 322) is past every window: the last visit");
            List<AuditEntry> audit = app.adverseEvents().history(stored.id());
            assertTrue(audit.stream().allMatch(e -> e.action() == AuditEntry.Action.INSERT && e.user().equals("coordinator")));
            assertTrue(audit.stream().anyMatch(e -> e.field().equals("grade") && e.newValue().equals("2")));
        }
    }

    /** Another program (another window, an import) holds the file's write lock: the save waits, says so, then succeeds. */
    @Test
    void aSaveThatWaitsForAnotherWriterSaysSoAndThenSaves() throws Exception {
        show();
        chooseSubject("101-001");
        openNewForm();
        robot.write("bad headache").type(KeyCode.TAB).type(KeyCode.ENTER);
        robot.type(KeyCode.TAB).write("2").type(KeyCode.TAB).write("01-AUG-2021").type(KeyCode.TAB).write("03-aug-2021");
        robot.type(KeyCode.TAB, 3);
        robot.write("u").type(KeyCode.TAB).write("d").type(KeyCode.TAB).write("r");
        assertEquals("", problems());
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        Thread otherWriter = new Thread(() -> {
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                locked.countDown();
                Thread.sleep(3000);
                st.execute("COMMIT");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        otherWriter.start();
        assertTrue(locked.await(10, TimeUnit.SECONDS));
        ctrl(KeyCode.S);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> label("saveError").getText().startsWith("Waiting for the database"));
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> listShownWith(1));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("not saved: " + label("saveError").getText(), e);
        }
        otherWriter.join();
        try (AeCapture app = open()) {
            assertEquals("bad headache", app.adverseEvents().forSubject("101-001", false).get(0).verbatimTerm());
        }
    }

    @Test
    void fatigueOffersNoGradeFourOrFive() throws Exception {
        show();
        chooseSubject("101-001");
        openNewForm();
        robot.write("tiredness").type(KeyCode.TAB).write("fatigue").type(KeyCode.ENTER);
        for (int g = 1; g <= 5; g++) {
            ToggleButton grade = robot.lookup("#grade" + g).queryAs(ToggleButton.class);
            assertEquals(g > 3, grade.isDisabled(), "grade " + g);
        }
        assertTrue(robot.lookup("#grade3").queryAs(ToggleButton.class).getText().contains("Fatigue not relieved by rest, limiting self care ADL"));
        assertTrue(robot.lookup("#grade4").queryAs(ToggleButton.class).getText().contains("not defined"));
    }

    private void focus(String id) {
        robot.interact(() -> robot.lookup("#" + id).query().requestFocus());
    }

    /** Whether the node is in the window and it and every parent are visible: what the user sees. */
    private boolean shown(String id) {
        for (javafx.scene.Node n = robot.lookup("#" + id).tryQuery().orElse(null); n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return robot.lookup("#" + id).tryQuery().isPresent();
    }

    private String labResult() {
        return label("labResult").getText();
    }

    private ToggleButton grade(int g) {
        return robot.lookup("#grade" + g).queryAs(ToggleButton.class);
    }

    /** The issue's case: Neutrophil count decreased, 0.8 x 10^9/L, pre-selects grade 3 with its CTCAE words marked on its card. */
    @Test
    void aNeutrophilCountPreselectsItsGradeWithTheMatchingTextMarked() throws Exception {
        show();
        chooseSubject("101-001");
        openNewForm();
        assertFalse(shown("labValue"),
                "no laboratory value before a lab-defined term");
        robot.write("neutropenia").type(KeyCode.TAB).write("Neutrophil count decreased").type(KeyCode.ENTER);
        assertEquals("Neutrophil count decreased", robot.lookup("#termSearch").queryAs(TextField.class).getText());
        assertTrue(shown("labValue"));
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> unit = robot.lookup("#labUnit").queryAs(javafx.scene.control.ComboBox.class);
        assertEquals(List.of("10^9/L", "/mm3", "10^3/uL", "/uL"), unit.getItems());
        assertEquals("10^9/L", unit.getValue());
        robot.type(KeyCode.TAB).write("0.8");
        assertTrue(grade(3).isSelected(), "grade 3 pre-selected");
        assertEquals("Grade 3 from ANC 0.8 10^9/L: <1.0 - 0.5 x 10e9 /L", labResult());
        javafx.scene.text.Text marked = robot.lookup("#labMatch").queryAs(javafx.scene.text.Text.class);
        assertEquals("<1.0 - 0.5 x 10e9 /L", marked.getText());
        assertTrue(grade(3).getStyleClass().contains("lab-matched"));
        assertTrue(marked.getStyleClass().contains("lab-match"));

        // the other unit system, and no grade guessed without the LLN: AeFormModelTest
    }

    /** Fever: CTCAE grades it by the temperature, in degrees C or F; the form offers both and keeps the one typed. */
    @Test
    void aTemperaturePreselectsTheGradeOfFeverInEitherScaleAndIsStored() throws Exception {
        show();
        chooseSubject("101-001");
        openNewForm();
        robot.write("fever").type(KeyCode.TAB).write("Fever").type(KeyCode.ENTER);
        assertEquals("Fever", robot.lookup("#termSearch").queryAs(TextField.class).getText());
        assertTrue(shown("labValue"), "a temperature grades Fever");
        assertFalse(shown("labLln") || shown("labUln") || shown("labBaseline"), "a temperature has no laboratory range nor baseline");
        assertTrue(FxQuery.onFx(() -> robot.lookup(".field-label").queryAllAs(Label.class).stream().anyMatch(l -> l.getText().replace("_", "").equals("Temperature"))));
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> unit = robot.lookup("#labUnit").queryAs(javafx.scene.control.ComboBox.class);
        assertEquals(List.of("\u00b0C", "\u00b0F"), unit.getItems());
        robot.type(KeyCode.TAB).write("39.4");
        assertTrue(grade(2).isSelected(), labResult());
        assertEquals("Grade 2 from temperature 39.4 \u00b0C: >39.0 - 40.0 degrees C", labResult());
        robot.interact(() -> unit.setValue("\u00b0F"));
        robot.doubleClickOn("#labValue").write("100.8");
        assertTrue(grade(1).isSelected(), labResult());
        assertEquals("Grade 1 from temperature 100.8 \u00b0F: 100.4 - 102.2 degrees F", labResult());
        AdverseEvent stored = saveTheRestAndReadIt();
        assertEquals(1, stored.grade());
        assertEquals(new java.math.BigDecimal("100.8"), stored.lab().value());
        assertEquals("\u00b0F", stored.lab().unit());
    }

    /** A study graded by CTCAE v6.0: Hypertension takes both pressures and their persistence, and the grade follows. */
    @Test
    void aV6StudysHypertensionIsGradedFromBothPressuresAndStored() throws Exception {
        db = dir.resolve("v6.db");
        String v6 = org.aecapture.study.StudyDefinitions.bundledYaml().replace("ctcae: \"5.0\"", "ctcae: \"6.0\"");
        try (AeCapture app = AeCapture.openOrInit(new org.aecapture.location.DatabaseLocation.SqliteFile(db),
                org.aecapture.location.Credentials.NONE, () -> "setup", StoreTestSupport.CLOCK, v6)) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
        }
        show();
        assertTrue(robot.lookup("#studyIds").queryAs(Label.class).getText().contains("CTCAE v6.0"), "the header names the version");
        chooseSubject("101-001");
        openNewForm();
        robot.write("high blood pressure").type(KeyCode.TAB).write("Hypertension").type(KeyCode.ENTER);
        assertTrue(shown("labValue") && shown("labDiastolic"), "systolic and diastolic");
        assertFalse(shown("labLln") || shown("labUln"), "no laboratory range for a blood pressure");
        assertTrue(shown("labFact_recurrent_or_persistent") && shown("labFact_persisting_over_1_hour"));
        robot.type(KeyCode.TAB).write("150");
        robot.clickOn("#labDiastolic").write("105");
        assertTrue(labResult().startsWith("Cannot grade from the value alone"), labResult());
        robot.clickOn("#labFact_persisting_over_1_hour"); // not known -> present
        assertTrue(grade(3).isSelected(), labResult());
        assertTrue(labResult().startsWith("Grade 3 from blood pressure 150/105 mmHg: diastolic BP 100 - 109 mmHg"), labResult());
        AdverseEvent stored = saveTheRestAndReadIt();
        assertEquals(3, stored.grade());
        assertEquals(new java.math.BigDecimal("150"), stored.lab().value());
        assertEquals(new java.math.BigDecimal("105"), stored.lab().diastolic());
        assertEquals(java.util.Map.of(org.aecapture.lab.ClinicalFact.PERSISTING_OVER_1_HOUR, true), stored.lab().facts());
    }

    /** Fills what the form still needs, keeping the grade, saves with Ctrl+S and reads the subject's one AE as stored. */
    private AdverseEvent saveTheRestAndReadIt() throws Exception {
        fillValidRestKeepingTheGrade();
        assertEquals("", problems());
        ctrl(KeyCode.S);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> listShownWith(1));
        try (AeCapture app = open()) {
            return app.adverseEvents().forSubject("101-001", false).get(0);
        }
    }

    /** Hyponatremia 127 mmol/L: the symptoms decide grade 2 or 3; stated beside the value, they pre-select it and are kept. */
    @Test
    void theClinicalFactBesideTheValueDecidesTheGradeAndIsStored() throws Exception {
        show();
        chooseSubject("101-001");
        openNewForm();
        robot.write("low sodium").type(KeyCode.TAB).write("Hyponatremia").type(KeyCode.ENTER);
        assertTrue(shown("labFact_symptomatic"), "the fact CTCAE asks for, beside the value");
        assertFalse(shown("labFact_physiologic_consequences"), "and only that one");
        robot.type(KeyCode.TAB).write("127");
        robot.clickOn("#labLln").write("135");
        robot.clickOn("#labUln").write("145");
        assertTrue(labResult().startsWith("Cannot grade from the value alone"), labResult());
        javafx.scene.control.CheckBox symptomatic = robot.lookup("#labFact_symptomatic").queryAs(javafx.scene.control.CheckBox.class);
        assertTrue(symptomatic.isIndeterminate(), "not known until said");
        robot.clickOn(symptomatic); // not known -> present
        assertTrue(grade(3).isSelected(), labResult());
        robot.clickOn(symptomatic); // present -> absent
        assertTrue(grade(2).isSelected(), labResult());
        robot.clickOn(symptomatic); // absent -> not known
        assertTrue(labResult().startsWith("Cannot grade from the value alone"), labResult());
        robot.clickOn(symptomatic); // not known -> present
        assertTrue(grade(3).isSelected(), labResult());
        assertTrue(labResult().startsWith("Grade 3 from"), labResult());
        AdverseEvent stored = saveTheRestAndReadIt();
        try (AeCapture app = open()) {
            assertEquals(3, stored.grade());
            assertEquals(java.util.Map.of(org.aecapture.lab.ClinicalFact.SYMPTOMATIC, true), stored.lab().facts());
            assertTrue(app.adverseEvents().history(stored.id()).stream().anyMatch(h -> h.newValue() != null
                    && h.newValue().contains("symptomatic=yes")), "audited with the AE");
        }
    }

    /** Another grade than the value gives is the investigator's to choose, with a reason that is stored and audited. */
    @Test
    void anotherGradeThanTheValueGivesNeedsAReasonThatIsKept() throws Exception {
        show();
        chooseSubject("101-001");
        openNewForm();
        robot.write("low platelets").type(KeyCode.TAB).write("Platelet count decreased").type(KeyCode.ENTER);
        robot.type(KeyCode.TAB).write("60");
        robot.clickOn("#labLln").write("150");
        robot.clickOn("#labUln").write("400");
        assertTrue(grade(2).isSelected(), labResult());
        fillValidRest();  // chooses grade 1 by a click: not the value's grade
        assertTrue(grade(1).isSelected());
        assertTrue(shown("gradeReason"));
        assertTrue(problems().contains("Why this grade: grade 1 differs from grade 2 that the laboratory value gives: say why"), problems());
        assertTrue(button("saveAe").isDisabled());
        robot.clickOn("#gradeReason").write("platelet clumping on the smear; repeat count normal");
        assertEquals("", problems());
        ctrl(KeyCode.S);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == 1);
        try (AeCapture app = open()) {
            AdverseEvent stored = app.adverseEvents().forSubject("101-001", false).get(0);
            assertEquals(1, stored.grade());
            assertEquals(new org.aecapture.lab.LabMeasurement(new java.math.BigDecimal("60"), "10^9/L", new java.math.BigDecimal("150"),
                    new java.math.BigDecimal("400"), null), stored.lab());
            assertEquals("platelet clumping on the smear; repeat count normal", stored.gradeReason());
            List<AuditEntry> audit = app.adverseEvents().history(stored.id());
            assertTrue(audit.stream().anyMatch(e -> e.field().equals("grade_reason")
                    && e.newValue().equals("platelet clumping on the smear; repeat count normal")), audit.toString());
            assertTrue(audit.stream().anyMatch(e -> e.field().equals("lab_value") && e.newValue().equals("60")), audit.toString());
        }
    }

    /** The investigator records an SAE with its awareness time, sends the initial report, edits it and sees follow-up 1 due. */
    @Test
    void aSeriousAeIsRecordedWithItsSaeDetailsSentAndAnEditMakesFollowUpOneDue() throws Exception {
        show();
        chooseSubject("101-001");
        openNewForm();
        robot.write("pneumonitis").type(KeyCode.TAB).write("Pneumonitis").type(KeyCode.ENTER);
        assertFalse(shown("saeAwareAt"), "no SAE fields before Serious is ticked");
        robot.clickOn("#grade3");
        robot.clickOn("#onsetDate").write("01-AUG-2021");
        robot.clickOn("#ongoing");
        robot.clickOn("#serious");
        robot.clickOn("#shosp");
        robot.clickOn("#relationship").type(KeyCode.ESCAPE);
        robot.write("p");
        robot.clickOn("#actionTaken").type(KeyCode.ESCAPE);
        robot.write("d");
        robot.clickOn("#outcome").type(KeyCode.ESCAPE);
        robot.write("n");
        assertTrue(shown("saeAwareAt"));
        assertTrue(problems().contains("Became aware: the date and time the site became aware of the serious event is required"), problems());
        assertTrue(problems().contains("Hospital admission: a hospitalisation needs its admission date"), problems());
        robot.clickOn("#saeAwareAt").write("02-aug-2021 9:30");
        assertTrue(problems().contains("is not a date and time"), problems());
        robot.doubleClickOn("#saeAwareAt").eraseText(20).write("02-AUG-2021 09:30");
        robot.clickOn("#saeAdmission").write("01-AUG-2021");
        focus("saeNarrative"); // below the fold: reached with Tab as at the site
        robot.write("Admitted with dyspnoea; CT: ground-glass opacities.");
        assertEquals("", problems());
        ctrl(KeyCode.S);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == 1);
        long id;
        try (AeCapture app = open()) {
            AdverseEvent stored = app.adverseEvents().forSubject("101-001", false).get(0);
            id = stored.id();
            org.aecapture.sae.SaeDetails d = app.sae().details(id).orElseThrow();
            // typed at site 101, in its time zone (the study definition's), whatever the computer's
            assertEquals(java.time.OffsetDateTime.parse("2021-08-02T09:30-04:00"), d.awareAt());
            assertEquals(java.time.LocalDate.of(2021, 8, 1), d.admissionDate());
            assertEquals("Admitted with dyspnoea; CT: ground-glass opacities.", d.narrative());
        }

        robot.interact(() -> window.select("SAE"));
        @SuppressWarnings("unchecked")
        TableView<org.aecapture.service.SaeService.SaeRow> sae = robot.lookup("#saeTable").queryAs(TableView.class);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> sae.getItems().size() == 1);
        assertEquals(org.aecapture.sae.SaeStatus.State.INITIAL_DUE, sae.getItems().get(0).status().state());
        assertTrue(robot.lookup("#saeTable .table-row-cell").queryAllAs(javafx.scene.control.TableRow.class).stream()
                .anyMatch(r -> r.getStyleClass().contains("sae-overdue")), "overdue, and marked");
        assertTrue(robot.lookup("#saeTable .table-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .anyMatch(c -> c.getText() != null && c.getText().startsWith("OVERDUE by ")));
        robot.clickOn(robot.lookup("#saeTable .table-cell").match(NodeQueryUtils.hasText("Pneumonitis")).queryAs(javafx.scene.Node.class));
        robot.clickOn("#saeSend");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> sae.getItems().size() == 1 && sae.getItems().get(0).reports().size() == 1);
        assertTrue(label("saeStatus").getText().startsWith("Initial report of adverse event " + id + " sent"), label("saeStatus").getText());

        // a change of the SAE's data after the report: follow-up 1 is due
        robot.interact(() -> window.select("CAPTURE"));
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == 1);
        robot.interact(() -> table().getSelectionModel().select(0));
        robot.clickOn("#editAe");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> shown("saeNarrative")
                && !robot.lookup("#saeNarrative").queryAs(javafx.scene.control.TextArea.class).getText().isEmpty());
        assertEquals("02-Aug-2021 09:30", robot.lookup("#saeAwareAt").queryAs(TextField.class).getText());
        focus("saeNarrative");
        robot.type(KeyCode.END).write(" Methylprednisolone IV started.");
        ctrl(KeyCode.S);
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#reason").tryQuery().isPresent());
        robot.clickOn("#reason").write("treatment added");
        robot.clickOn("#reasonOk");
        // saved in the background: the list comes back when it is stored
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> listShownWith(1));
        robot.interact(() -> window.select("SAE"));
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> sae.getItems().size() == 1
                && sae.getItems().get(0).status().state() == org.aecapture.sae.SaeStatus.State.FOLLOW_UP_DUE);
        assertEquals(1, sae.getItems().get(0).status().followUpNumber());
        assertTrue(robot.lookup("#saeTable .table-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .anyMatch(c -> "Follow-up 1 due".equals(c.getText())));
    }

    private void fillValidRest() {
        robot.clickOn("#grade1");
        fillValidRestKeepingTheGrade();
    }

    /** Onset, end, relationship, action and outcome, leaving the grade as it is. */
    private void fillValidRestKeepingTheGrade() {
        robot.clickOn("#onsetDate").write("05-AUG-2021");
        robot.clickOn("#endDate").write("06-AUG-2021");
        robot.clickOn("#relationship").type(KeyCode.ESCAPE);
        robot.write("n");
        robot.clickOn("#actionTaken").type(KeyCode.ESCAPE);
        robot.write("d");
        robot.clickOn("#outcome").type(KeyCode.ESCAPE);
        robot.write("r");
    }

    /** A correction saved through another connection, as another user's would be. */
    private void correctElsewhere(AdverseEvent o, String verbatim, int grade, String user, String reason) {
        try (AeCapture other = TestAccounts.signInAs(AeCapture.open(db, () -> user, StoreTestSupport.CLOCK), user, Role.COORDINATOR, "101")) {
            other.adverseEvents().correct(AdverseEvent.of(o.subjectNumber()).id(o.id()).verbatimTerm(verbatim)
                    .meddraCode(o.meddraCode()).grade(grade).onsetDate(o.onsetDate()).endDate(o.endDate())
                    .seriousCriteria(o.seriousCriteria()).relationship(o.relationship()).actionTaken(o.actionTaken())
                    .outcome(o.outcome()).reportedAtVisit(o.reportedAtVisit()).version(o.version()).build(), reason);
        }
    }

    /** Opens the screen on subject 101-001 and selects its one recorded headache. */
    private void showHeadacheOf101001() throws Exception {
        show();
        chooseSubject("101-001");
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> table().getItems().size() == 1);
        robot.clickOn("headache");
    }

    private AdverseEvent recordHeadache() {
        try (AeCapture app = open()) {
            return app.adverseEvents().record(StoreTestSupport.headache("101-001"));
        }
    }

    @Test
    void anEditNeedsAReasonAndLeavesOldAndNewValuesInTheAuditTrail() throws Exception {
        AdverseEvent original = recordHeadache();
        showHeadacheOf101001();
        robot.clickOn("#editAe");
        robot.clickOn("#grade3");
        ctrl(KeyCode.S);
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#reason").tryQuery().isPresent());
        assertTrue(robot.lookup("#reasonOk").queryButton().isDisabled(), "no reason, no OK");
        robot.clickOn("Cancel");
        try (AeCapture app = open()) {
            assertEquals(2, app.adverseEvents().byId(original.id()).orElseThrow().grade(), "not saved without a reason");
        }
        assertTrue(robot.lookup("#grade3").queryAs(ToggleButton.class).isSelected(), "the form keeps what was entered");

        ctrl(KeyCode.S);
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#reason").tryQuery().isPresent());
        robot.clickOn("#reason").write("source document shows severe pain");
        robot.clickOn("#reasonOk");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> !table().getItems().isEmpty() && table().getItems().get(0).grade() == 3);
        try (AeCapture app = open()) {
            List<AuditEntry> updates = app.adverseEvents().history(original.id()).stream()
                    .filter(e -> e.action() == AuditEntry.Action.UPDATE).toList();
            assertEquals(1, updates.size());
            assertEquals("grade", updates.get(0).field());
            assertEquals("2", updates.get(0).oldValue());
            assertEquals("3", updates.get(0).newValue());
            assertEquals("source document shows severe pain", updates.get(0).reason());
            assertEquals("coordinator", updates.get(0).user());
        }
    }

    @Test
    void aDeleteKeepsTheRowFlaggedWithItsReason() throws Exception {
        AdverseEvent original = recordHeadache();
        showHeadacheOf101001();
        robot.clickOn("#deleteAe");
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#reason").tryQuery().isPresent());
        robot.clickOn("#reason").write("entered for the wrong subject");
        robot.clickOn("#reasonOk");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().isEmpty());
        try (AeCapture app = open()) {
            AdverseEvent stored = app.adverseEvents().byId(original.id()).orElseThrow();
            assertTrue(stored.deleted());
            assertEquals("entered for the wrong subject",
                    app.adverseEvents().history(original.id()).stream().filter(e -> e.action() == AuditEntry.Action.DELETE)
                            .findFirst().orElseThrow().reason());
        }
        robot.clickOn("#showDeleted");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == 1);
        assertTrue(table().getItems().get(0).deleted(), "shown on demand, marked deleted");
        robot.clickOn("headache");
        assertTrue(button("editAe").isDisabled(), "a deleted AE cannot be edited");
    }

    @Test
    void aSaveThatFailsSaysWhyAndKeepsWhatWasTyped() throws Exception {
        AdverseEvent original = recordHeadache();
        showHeadacheOf101001();
        robot.clickOn("#editAe");
        robot.doubleClickOn("#verbatimTerm").write("throbbing headache");
        correctElsewhere(original, "migraine", 2, "monitor", "query answered"); // meanwhile, someone else
        ctrl(KeyCode.S);
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#reason").tryQuery().isPresent());
        robot.clickOn("#reason").write("verbatim as in source");
        robot.clickOn("#reasonOk");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> label("saveError").getText().startsWith("Not saved"));
        assertTrue(label("saveError").getText().contains("was changed by monitor"), label("saveError").getText());
        assertEquals("throbbing headache", robot.lookup("#verbatimTerm").queryAs(TextField.class).getText(), "nothing typed is lost");
        try (AeCapture app = open()) {
            assertEquals("migraine", app.adverseEvents().byId(original.id()).orElseThrow().verbatimTerm(), "nothing overwritten");
        }
    }

    @Test
    void historyShowsWhoChangedWhatWhenAndWhy() throws Exception {
        AdverseEvent original = recordHeadache();
        correctElsewhere(original, original.verbatimTerm(), 3, "checker", "worse than first reported");
        showHeadacheOf101001();
        robot.clickOn("#historyAe");
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#historyTable").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        TableView<AuditEntry> history = robot.lookup("#historyTable").queryAs(TableView.class);
        AuditEntry last = history.getItems().get(history.getItems().size() - 1);
        assertEquals("grade", last.field());
        assertEquals("2", last.oldValue());
        assertEquals("3", last.newValue());
        assertEquals("checker", last.user());
        assertEquals("worse than first reported", last.reason());
        robot.clickOn("Close");
    }

    @Test
    void escapeAsksBeforeThrowingTypedDataAway() throws Exception {
        show();
        chooseSubject("101-001");
        openNewForm();
        robot.write("rash");
        robot.type(KeyCode.TAB).type(KeyCode.ESCAPE); // closes the suggestions first
        robot.type(KeyCode.ESCAPE);
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("Keep editing").tryQuery().isPresent());
        robot.clickOn("Keep editing");
        assertEquals("rash", robot.lookup("#verbatimTerm").queryAs(TextField.class).getText());
        robot.type(KeyCode.ESCAPE);
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("Discard").tryQuery().isPresent());
        robot.clickOn("Discard");
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#aeTable").match(NodeQueryUtils.isVisible()).tryQuery().isPresent());
    }
}
