package org.aecapture.ui.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.aecapture.app.App;
import org.aecapture.report.HandBuiltTrial;
import org.aecapture.report.SummaryModel;
import org.aecapture.sdtm.XptTestReader;
import org.aecapture.domain.Role;
import org.aecapture.ui.MainWindowFixture;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.ui.main.MainWindow;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/** The export screen in the real main window, driven as the statistician would: navigate, choose, export. */
class ExportViewTest {

    @TempDir
    Path dir;
    private MainWindow window;
    private final FxRobot robot = new FxRobot();

    private void show(Path db, Path target) throws Exception {
        window = MainWindowFixture.showSignedIn(db, w -> w.setExportTarget(owner -> Optional.of(target)), "statistician",
                Role.UNBLINDED_STATISTICIAN);
        FxQuery.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("Summary export").match(NodeQueryUtils.isVisible()).tryQuery().isPresent());
        robot.interact(() -> window.select("EXPORT")); // the navigation list may redraw its cells under a click
        waitForPreview();
    }

    @SuppressWarnings("unchecked")
    private TableView<SummaryModel.Row> preview() {
        return robot.lookup("#overviewPreview").queryAs(TableView.class);
    }

    private void waitForPreview() throws Exception {
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> !preview().getItems().isEmpty());
    }

    private String text(String id) {
        return robot.lookup("#" + id).queryAs(Label.class).getText();
    }

    @AfterEach
    void tearDown() throws Exception {
        MainWindowFixture.close(window);
    }

    @Test
    void unblindedPreviewShowsTheArmsAndExportsTheWorkbook() throws Exception {
        Path db = HandBuiltTrial.build(dir, true);
        Path target = dir.resolve("exports/summary.xlsx");
        show(db, target);
        assertTrue(text("blindingState").startsWith("UNBLINDED"), text("blindingState"));
        assertEquals("Safety population:  ALPN-101 (N=2)   Placebo (N=2)   Total (N=4)", text("populations"));
        assertEquals(4, preview().getColumns().size());
        assertEquals("Subjects with any TEAE", preview().getItems().get(0).labels().get(0));
        assertEquals("3 (75.0%)", ExportView.cell(preview().getItems().get(0).counts().get(2)));

        robot.clickOn("#exportButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text("exportMessage").startsWith("Summary written"));
        assertEquals("Summary written to " + target.toAbsolutePath(), text("exportMessage"));
        try (InputStream in = Files.newInputStream(target); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertEquals("ALPN-101 (N=2)", wb.getSheet("Overview").getRow(1).getCell(1).getStringCellValue());
            assertEquals(2.0, wb.getSheet("Overview").getRow(3).getCell(1).getNumericCellValue());
        }
    }

    @Test
    void blindedOutputPoolsTheColumnsInTheWorkbook() throws Exception {
        Path db = HandBuiltTrial.build(dir, true);
        Path target = dir.resolve("blinded.xlsx");
        show(db, target);
        CheckBox blinded = robot.lookup("#forceBlinded").queryAs(CheckBox.class);
        assertFalse(blinded.isDisabled(), "the randomization is loaded, so the choice is offered");
        robot.clickOn(blinded);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> preview().getColumns().size() == 2);
        assertTrue(text("blindingState").startsWith("Blinded output"), text("blindingState"));
        robot.clickOn("#exportButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(target));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("exportMessage").startsWith("Summary written"));
        try (InputStream in = Files.newInputStream(target); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertEquals("Total (N=4)", wb.getSheet("Overview").getRow(1).getCell(1).getStringCellValue());
            assertEquals(1, wb.getSheet("Overview").getRow(1).getLastCellNum() - 2, "one column group: n and % after the label");
        }
    }

    @Test
    void withoutRandomizationTheOutputIsBlindedAndTheChoiceIsOff() throws Exception {
        Path db = HandBuiltTrial.build(dir, false);
        show(db, dir.resolve("x.xlsx"));
        assertTrue(text("blindingState").startsWith("Blinded: no randomization list"), text("blindingState"));
        assertTrue(robot.lookup("#forceBlinded").queryAs(CheckBox.class).isDisabled());
        assertEquals(2, preview().getColumns().size());
        assertEquals("Total (N=4)", preview().getColumns().get(1).getText());
    }

    /** After the database lock the statistician loads the randomization list in the window: a bad file changes nothing. */
    @Test
    void theStatisticianLoadsTheRandomizationListAndTheSummaryTurnsToArms() throws Exception {
        Path db = HandBuiltTrial.build(dir, false);
        Path csv = dir.resolve("randomization.csv");
        Files.write(csv, List.of("subject_id,arm", "101-001,ALPN-101", "101-002,PLACEBO", "102-001,ALPN 101", "102-003,PLACEBO"));
        window = MainWindowFixture.showSignedIn(db, w -> {
            w.setExportTarget(owner -> Optional.of(dir.resolve("x.xlsx")));
            w.setRandomizationSource(owner -> Optional.of(csv));
        }, "statistician", Role.UNBLINDED_STATISTICIAN);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#loadRandomization").match(NodeQueryUtils.isVisible()).tryQuery().isPresent());
        robot.clickOn("#loadRandomization");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("exportMessage").contains("row 3"));
        assertTrue(text("exportMessage").contains("column arm"), text("exportMessage"));
        assertEquals(0, StoreTestSupport.count(db, "SELECT count(*) FROM randomization"), "nothing loaded from a bad file");

        Files.write(csv, List.of("subject_id,arm", "101-001,ALPN-101", "101-002,PLACEBO", "102-001,ALPN-101", "102-003,PLACEBO"));
        robot.clickOn("#loadRandomization");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("blindingState").startsWith("UNBLINDED"));
        assertTrue(text("exportMessage").startsWith("The randomization of 4 subjects was loaded"), text("exportMessage"));
        assertEquals(4, StoreTestSupport.count(db, "SELECT count(*) FROM randomization"));
        assertTrue(robot.lookup("#loadRandomization").match(NodeQueryUtils.isVisible()).tryQuery().isEmpty(), "loaded once, never replaced");
    }

    @Test
    void aReviewerIsNotOfferedTheRandomization() throws Exception {
        Path db = HandBuiltTrial.build(dir, false);
        window = MainWindowFixture.showSignedIn(db, "monitor", Role.SAFETY_REVIEWER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
        robot.interact(() -> window.select("EXPORT"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("blindingState").startsWith("Blinded"));
        assertTrue(robot.lookup("#loadRandomization").match(NodeQueryUtils.isVisible()).tryQuery().isEmpty());
    }

    /** "Export SDTM…" writes the datasets into the chosen folder: by arm for the statistician, and none once blinded output is ticked. */
    @Test
    void theStatisticianExportsSdtmWithArmsAndThenBlinded() throws Exception {
        Path db = HandBuiltTrial.build(dir, true);
        Path unblinded = dir.resolve("sdtm-unblinded");
        Path blinded = dir.resolve("sdtm-blinded");
        List<Path> folders = new java.util.ArrayList<>(List.of(unblinded, blinded));
        window = MainWindowFixture.showSignedIn(db, w -> {
            w.setExportTarget(owner -> Optional.of(dir.resolve("x.xlsx")));
            w.setSdtmExportFolder(owner -> Optional.of(folders.remove(0)));
        }, "statistician", Role.UNBLINDED_STATISTICIAN);
        FxQuery.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("Summary export").match(NodeQueryUtils.isVisible()).tryQuery().isPresent());
        robot.interact(() -> window.select("EXPORT"));
        waitForPreview();
        robot.clickOn("#exportSdtm");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text("exportMessage").startsWith("SDTM datasets written"));
        assertEquals("SDTM datasets written to " + unblinded.toAbsolutePath() + ", UNBLINDED (with arms): DM 5 subjects, AE 9 events,"
                + " SUPPAE 9 qualifiers.", text("exportMessage"));
        XptTestReader.Member dm = XptTestReader.read(Files.readAllBytes(unblinded.resolve("dm.xpt")));
        int first = dm.rows().stream().map(r -> r.get(dm.index("SUBJID"))).toList().indexOf("101-001");
        assertEquals("ALPN-101", dm.value(first, "ARMCD"));
        assertEquals(9, XptTestReader.read(Files.readAllBytes(unblinded.resolve("ae.xpt"))).rows().size(), "the deleted AE left out");

        robot.clickOn("#forceBlinded");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("blindingState").startsWith("Blinded output"));
        robot.clickOn("#exportSdtm");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text("exportMessage").contains(blinded.toAbsolutePath().toString()));
        assertTrue(text("exportMessage").contains("blinded (no arm)"), text("exportMessage"));
        XptTestReader.Member pooled = XptTestReader.read(Files.readAllBytes(blinded.resolve("dm.xpt")));
        assertTrue(pooled.rows().stream().allMatch(r -> r.get(pooled.index("ARMCD")) == null));
    }
}
