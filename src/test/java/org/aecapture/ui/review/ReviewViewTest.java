package org.aecapture.ui.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import org.aecapture.domain.Role;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.review.ReviewRow;
import org.aecapture.service.AeCapture;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.ui.MainWindowFixture;
import org.aecapture.ui.main.MainWindow;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/** The safety reviewer's screen on a known dataset, driven with the mouse and keyboard, checked against the data. */
class ReviewViewTest {

    private static final String GI = "Gastrointestinal disorders";

    @TempDir
    Path dir;
    private Path db;
    private MainWindow window;
    private final FxRobot robot = new FxRobot();

    /** 9 AEs of 4 subjects, one deleted: grades 1 to 5, some serious, in 5 SOCs. */
    @BeforeEach
    void knownDataset() {
        db = dir.resolve("review.db");
        try (AeCapture app = AeCapture.openOrInit(db, () -> "site", StoreTestSupport.CLOCK)) {
            for (String s : List.of("101-001", "101-002", "102-007", "103-001")) {
                app.subjects().enrol(StoreTestSupport.subject(s));
            }
            record("101-001", "head pain", "10019211", 1, false, app);
            record("101-001", "loose stools", "10012727", 3, true, app);
            record("101-001", "queasy", "10028813", 2, false, app);
            record("101-002", "vomiting", "10047700", 4, true, app, "HISTORY: coded 2 times in this study");
            record("101-002", "tired", "10016256", 1, false, app);
            AdverseEvent lowHb = record("102-007", "low hb", "10002272", 2, false, app);
            app.adverseEvents().correct(AdverseEvent.of(lowHb.subjectNumber()).id(lowHb.id())
                    .verbatimTerm(lowHb.verbatimTerm()).meddraCode(lowHb.meddraCode()).grade(2).onsetDate(lowHb.onsetDate())
                    .endDate(lowHb.endDate()).seriousCriteria(lowHb.seriousCriteria()).relationship(lowHb.relationship())
                    .actionTaken(lowHb.actionTaken()).outcome(lowHb.outcome()).reportedAtVisit(lowHb.reportedAtVisit())
                    .version(lowHb.version())
                    .lab(new org.aecapture.lab.LabMeasurement(new java.math.BigDecimal("7.5"), "g/dL", new java.math.BigDecimal("12"),
                            new java.math.BigDecimal("16"), null))
                    .gradeReason("transfusion given").build(), "haemoglobin from the lab report");
            record("102-007", "severe headache", "10019211", 3, false, app);
            record("102-007", "sepsis", "10040047", 5, true, app);
            AdverseEvent wrong = record("103-001", "tiredness", "10016256", 2, false, app);
            app.adverseEvents().delete(wrong, "entered for the wrong subject");
        }
    }

    private static AdverseEvent record(String subject, String verbatim, String code, int grade, boolean serious, AeCapture app) {
        return record(subject, verbatim, code, grade, serious, app, null);
    }

    private static AdverseEvent record(String subject, String verbatim, String code, int grade, boolean serious, AeCapture app,
                                       String termCoding) {
        boolean fatal = grade == 5;
        Set<SeriousCriterion> criteria = !serious ? Set.of() : fatal ? EnumSet.of(SeriousCriterion.RESULTS_IN_DEATH, SeriousCriterion.HOSPITALIZATION)
                : Set.of(SeriousCriterion.HOSPITALIZATION);
        return app.adverseEvents().record(AdverseEvent.of(subject).verbatimTerm(verbatim).meddraCode(code).grade(grade)
                .onsetDate(PartialDate.parseIso("2021-09-01")).endDate(PartialDate.parseIso("2021-09-05")).serious(serious)
                .seriousCriteria(criteria).relationship(Relationship.POSSIBLE)
                .actionTaken(fatal ? ActionTaken.NOT_APPLICABLE : ActionTaken.DOSE_NOT_CHANGED)
                .outcome(fatal ? Outcome.FATAL : Outcome.RECOVERED).reportedAtVisit("W8").termCoding(termCoding).build());
    }

    @AfterEach
    void tearDown() throws Exception {
        MainWindowFixture.close(window);
    }

    private void show(Path exportTo) throws Exception {
        // set before the window opens: a target set afterwards races the screen's creation and a real dialog shows
        window = MainWindowFixture.showSignedIn(db, w -> w.setReviewExportTarget(owner -> Optional.ofNullable(exportTo)),
                "monitor", Role.SAFETY_REVIEWER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
        robot.interact(() -> window.select("REVIEW"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status().startsWith("8 of 8 adverse events"));
    }

    @SuppressWarnings("unchecked")
    private TableView<ReviewRow> table() {
        return robot.lookup("#reviewTable").queryAs(TableView.class);
    }

    private String status() {
        return FxQuery.labelText(robot, "#reviewStatus");
    }

    private List<String> shownVerbatims() {
        return table().getItems().stream().map(r -> r.ae().verbatimTerm()).sorted().toList();
    }

    @SuppressWarnings("unchecked")
    private int chartTotal() {
        StackedBarChart<Number, String> chart = robot.lookup("#socChart").queryAs(StackedBarChart.class);
        int total = 0;
        for (XYChart.Series<Number, String> s : chart.getData()) {
            for (XYChart.Data<Number, String> d : s.getData()) {
                total += d.getXValue().intValue();
            }
        }
        return total;
    }

    @Test
    void grade3OrWorseKeepsExactlyTheGrade3To5AesAndClearingRestoresEverything() throws Exception {
        show(null);
        assertFalse(shownVerbatims().contains("tiredness"), "the deleted AE is hidden");
        robot.clickOn("#grade3plus");
        assertEquals(List.of("loose stools", "sepsis", "severe headache", "vomiting"), shownVerbatims());
        assertTrue(table().getItems().stream().allMatch(r -> r.ae().grade() >= 3));
        assertEquals("4 of 8 adverse events   \u00b7   3 of 3 subjects", status());
        for (int g = 1; g <= 5; g++) {
            assertEquals(g >= 3, robot.lookup("#grade" + g).queryAs(ToggleButton.class).isSelected(), "grade " + g);
        }
        robot.clickOn("#grade3"); // grade 3 off again: grades 4 and 5 only
        assertEquals(List.of("sepsis", "vomiting"), shownVerbatims());
        robot.clickOn("#clearFilters");
        assertEquals(8, table().getItems().size());
        assertEquals("8 of 8 adverse events   \u00b7   3 of 3 subjects", status());
        robot.clickOn("#includeDeleted");
        assertTrue(shownVerbatims().contains("tiredness"), "deleted AEs when asked for");
        assertEquals("9 of 9 adverse events   \u00b7   4 of 4 subjects", status());
    }

    @Test
    void socAndSeriousOnlyCombineAndTheChartFollowsTheFilter() throws Exception {
        show(null);
        robot.clickOn("#socFilter");
        robot.clickOn(robot.lookup(".list-cell").match(NodeQueryUtils.hasText(GI)).queryAs(Node.class));
        robot.type(KeyCode.ESCAPE); // close the list: an open popup would swallow the next click
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("loose stools", "queasy", "vomiting"), shownVerbatims());
        robot.clickOn("#seriousOnly");
        assertEquals(List.of("loose stools", "vomiting"), shownVerbatims());
        assertEquals("2 of 8 adverse events   \u00b7   2 of 3 subjects", status());
        robot.clickOn("#chartTab");
        assertEquals(2, chartTotal(), "two subjects, each under its highest grade");
        robot.clickOn("#seriousOnly");
        robot.clickOn("#chartByEvent");
        assertEquals(table().getItems().size(), chartTotal(), "in events mode the bars add up to the rows");
        robot.clickOn("#clearFilters");
        assertEquals(8, chartTotal());
        robot.clickOn("#chartBySubject");
        // subjects by SOC: each subject once per SOC it has AEs in
        long subjectSocPairs = table().getItems().stream().map(r -> r.ae().subjectNumber() + "|" + r.ae().soc()).distinct().count();
        assertEquals(subjectSocPairs, chartTotal());
    }

    @Test
    void selectingARowShowsTheAeWithItsGradeTextAndHistory() throws Exception {
        show(null);
        robot.clickOn(robot.lookup("#reviewTable .table-cell").match(NodeQueryUtils.hasText("vomiting")).queryAs(Node.class));
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#aeDetail #historyTable").tryQuery().isPresent());
        List<String> texts = new ArrayList<>();
        robot.lookup("#aeDetail .label").queryAllAs(Label.class).forEach(l -> texts.add(l.getText()));
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("Grade 4: Life-threatening consequences")), texts.toString());
        assertTrue(texts.contains("the study's own coding history (coded 2 times in this study)"), texts.toString());
        // a sponsor pooling v5.0 and v6.0 trials reads NCI's v6.0 term and grade beside the v5.0 one
        assertTrue(texts.contains("In CTCAE v6.0"), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("Vomiting (10047700) Grade 4: ") && t.endsWith("(NCI's v5.0 to v6.0 map: "
                + org.aecapture.ctcae.CtcaeMap.bundled().forGrade("10047700", 4).orElseThrow().change() + ")")), texts.toString());
        assertFalse(robot.lookup("#aeDetail #historyTable").queryAs(TableView.class).getItems().isEmpty());

        // an AE graded from a laboratory value shows it, with what CTCAE makes of it and why another grade was chosen
        robot.clickOn(robot.lookup("#reviewTable .table-cell").match(NodeQueryUtils.hasText("low hb")).queryAs(Node.class));
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#aeDetail .label").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().startsWith("7.5 g/dL")));
        List<String> lab = new ArrayList<>();
        robot.lookup("#aeDetail .label").queryAllAs(Label.class).forEach(l -> lab.add(l.getText()));
        assertTrue(lab.contains("7.5 g/dL (normal 12 to 16; baseline not known): CTCAE grade 3 by <8.0 g/dL"), lab.toString());
        assertTrue(lab.contains("transfusion given"), lab.toString());
    }

    @Test
    void exportViewWritesTheFilteredRowsWithTheFilterOnTop() throws Exception {
        Path out = dir.resolve("view.xlsx");
        show(out);
        robot.clickOn("#grade3plus");
        robot.clickOn("#exportView");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> status().startsWith("4 adverse events written"));
        try (InputStream in = Files.newInputStream(out); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet sheet = wb.getSheetAt(0);
            assertTrue(sheet.getRow(0).getCell(0).getStringCellValue().contains("graded by CTCAE v5.0"), "the export names the version");
            assertEquals("Filter: Grade: 3, 4, 5", sheet.getRow(1).getCell(0).getStringCellValue());
            assertEquals("Subject", sheet.getRow(4).getCell(0).getStringCellValue());
            List<String> grades = new ArrayList<>();
            for (int r = 5; r <= sheet.getLastRowNum(); r++) {
                grades.add(sheet.getRow(r).getCell(7).getStringCellValue());
            }
            assertEquals(4, grades.size());
            assertTrue(grades.stream().allMatch(g -> Integer.parseInt(g) >= 3), grades.toString());
            for (var row : sheet) {
                for (var cell : row) {
                    String v = cell.toString();
                    assertFalse(v.contains("ALPN-101") && !v.contains("study") || v.contains("Placebo"), "no arm anywhere: " + v);
                }
            }
        }
    }

    @Test
    void theLastFilterIsRememberedBetweenRuns() throws Exception {
        java.util.prefs.Preferences prefs = java.util.prefs.Preferences.userRoot().node("org/aecapture/test/review" + System.nanoTime());
        try {
            window = MainWindowFixture.showSignedIn(db, w -> w.setPreferences(prefs), "monitor", Role.SAFETY_REVIEWER);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
            robot.interact(() -> window.select("REVIEW"));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status().startsWith("8 of 8"));
            robot.clickOn("#grade3plus");
            robot.clickOn("#seriousOnly");
            tearDown();
            window = MainWindowFixture.showSignedIn(db, w -> w.setPreferences(prefs), "monitor", Role.SAFETY_REVIEWER);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
            robot.interact(() -> window.select("REVIEW"));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status().startsWith("3 of 8"));
            assertTrue(robot.lookup("#seriousOnly").queryAs(javafx.scene.control.CheckBox.class).isSelected());
        } finally {
            prefs.removeNode();
        }
    }
}
