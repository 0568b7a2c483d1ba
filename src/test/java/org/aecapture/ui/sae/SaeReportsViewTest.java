package org.aecapture.ui.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableView;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.Role;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.sae.ChallengeResult;
import org.aecapture.sae.Expectedness;
import org.aecapture.sae.SaeDetails;
import org.aecapture.sae.SaeStatus;
import org.aecapture.service.AeCapture;
import org.aecapture.service.SaeService;
import org.aecapture.service.TestAccounts;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.ui.MainWindowFixture;
import org.aecapture.ui.main.MainWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/** The SAE reports screen and the sign-in warning, in the real main window; the clock is the fixture's, 1 June 2022 10:00 UTC. */
class SaeReportsViewTest {

    @TempDir
    Path dir;
    private Path db;
    private MainWindow window;
    private final FxRobot robot = new FxRobot();
    private long aeId;

    /** A hospitalised headache, possibly related, that the site became aware of at {@code aware}. */
    private void recordSae(OffsetDateTime aware, boolean send) {
        try (AeCapture app = TestAccounts.signInAs(AeCapture.openOrInit(db, () -> "inv", StoreTestSupport.CLOCK), "inv", Role.INVESTIGATOR, "101")) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            AdverseEvent ae = AdverseEvent.of("101-001").verbatimTerm("severe headache").meddraCode("10019211").grade(3)
                    .onsetDate(PartialDate.parseIso("2022-05-30")).ongoing(true).serious(true)
                    .seriousCriteria(EnumSet.of(SeriousCriterion.HOSPITALIZATION)).relationship(Relationship.POSSIBLE)
                    .actionTaken(ActionTaken.DRUG_INTERRUPTED).outcome(Outcome.NOT_RECOVERED).reportedAtVisit("W8").build();
            aeId = app.adverseEvents().record(ae, new SaeDetails(null, 0, null, aware, LocalDate.of(2022, 5, 30), null, null, null, null,
                    "Admitted for intractable headache.", "migraine since 2010", "none", ChallengeResult.UNKNOWN, ChallengeResult.NOT_APPLICABLE, 0))
                    .id();
            if (send) {
                app.sae().sendReport(aeId);
            }
        }
    }

    @BeforeEach
    void setUp() {
        db = dir.resolve("sae.db");
    }

    @AfterEach
    void tearDown() throws Exception {
        MainWindowFixture.close(window);
    }

    @SuppressWarnings("unchecked")
    private TableView<SaeService.SaeRow> table() {
        return robot.lookup("#saeTable").queryAs(TableView.class);
    }

    private SaeStatus status() {
        return table().getItems().get(0).status();
    }

    @Test
    void theReviewerMarksAnExpectedSaeUnexpectedAndSeesTheSusarClockThenWritesTheCiomsForm() throws Exception {
        recordSae(OffsetDateTime.parse("2022-05-31T08:00Z"), true);
        Path pdf = dir.resolve("cioms-headache.pdf");
        window = MainWindowFixture.showSignedIn(db, w -> w.setCiomsTarget(owner -> Optional.of(pdf)), "monitor", Role.SAFETY_REVIEWER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
        robot.interact(() -> window.select("SAE"));
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#saeTable").tryQuery().isPresent() && table().getItems().size() == 1);
        assertEquals(SaeStatus.State.SENT, status().state(), "headache is expected by the reference safety information: no SUSAR");
        assertFalse(status().susar());
        assertFalse(robot.lookup("#saeSend").tryQuery().map(Node::isVisible).orElse(false), "the reviewer sends no site report");

        robot.clickOn(robot.lookup("#saeTable .table-cell").match(NodeQueryUtils.hasText("Headache")).queryAs(Node.class));
        robot.clickOn("#saeAssess");
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#saeExpectedness").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        ComboBox<Expectedness> expectedness = robot.lookup("#saeExpectedness").queryAs(ComboBox.class);
        robot.interact(() -> expectedness.setValue(Expectedness.UNEXPECTED));
        robot.clickOn("#saeAssessReason").write("not in the IB at this severity");
        robot.clickOn("OK");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> table().getItems().size() == 1 && status().susar());
        assertEquals(SaeStatus.State.SUSAR_DUE, status().state());
        assertEquals(LocalDate.of(2022, 6, 16), status().susarDueDate(), "hospitalisation: calendar day 15 from 1 June, the report's receipt");
        // the row's cells are drawn on a later pulse than the items change: wait for them, asked on the FX thread
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> robot.lookup("#saeTable .table-cell")
                .queryAllAs(javafx.scene.control.TableCell.class).stream().anyMatch(c -> "SUSAR report due".equals(c.getText()))).get());
        try (AeCapture app = AeCapture.open(db, () -> "check", StoreTestSupport.CLOCK)) {
            assertEquals(Relationship.POSSIBLE, app.adverseEvents().byId(aeId).orElseThrow().relationship(), "the investigator's causality stays");
        }

        robot.clickOn("#saeCioms");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(pdf));
        String text;
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
        }
        assertTrue(text.contains("Headache") && text.contains("101-001") && text.contains("ALPN-101 / placebo (blinded)"), text);
        assertTrue(text.replace('\n', ' ').contains("Expectedness: unexpected (sponsor's assessment)"), text);
    }

    @Test
    void anInvestigatorIsToldOfAReportDueWithinFourHoursBeforeAnythingElse() throws Exception {
        recordSae(OffsetDateTime.parse("2022-05-31T12:00Z"), false); // due 1 June 12:00, two hours after the fixture's now
        window = MainWindowFixture.showSignedIn(db, "inv", Role.INVESTIGATOR, "101");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#saeDueWarning").tryQuery().isPresent());
        DialogPane warning = robot.lookup("#saeDueWarning").queryAs(DialogPane.class);
        assertEquals("Serious adverse event reports are overdue or due within 4 hours", warning.getHeaderText());
        assertEquals("AE " + aeId + ", subject 101-001, Headache: Initial report due, 2 h 0 min", warning.getContentText());
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#saeTable").tryQuery().isPresent() && table().getItems().size() == 1);
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#saeTable .table-row-cell")
                .queryAllAs(javafx.scene.control.TableRow.class).stream().anyMatch(r -> r.getStyleClass().contains("sae-soon")));
    }
}
