package org.aecapture.ui.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.service.SignatureService;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.ui.MainWindowFixture;
import org.aecapture.ui.main.MainWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.aecapture.ui.FxQuery;

/** An investigator signs a subject's AEs in the window; a later change shows the signature as invalid. */
class SignatureTest {

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

    @Test
    void theInvestigatorSignsWithThePasswordAndALaterChangeInvalidatesTheSignature() throws Exception {
        Path db = dir.resolve("sign.db");
        AdverseEvent headache;
        try (AeCapture app = AeCapture.openOrInit(db, () -> "setup", StoreTestSupport.CLOCK)) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            headache = app.adverseEvents().record(StoreTestSupport.headache("101-001"));
            app.accounts().createFirstAdministrator("admin", "Ada Admin", "admin password".toCharArray());
            app.accounts().create("admin", "inv", "Ian Investigator", Role.INVESTIGATOR, Set.of("101"), "investigator pw".toCharArray());
        }
        window = MainWindowFixture.show(db);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#loginUser").tryQuery().isPresent());
        robot.clickOn("#loginUser").write("inv");
        robot.clickOn("#loginPassword").write("investigator pw").type(KeyCode.ENTER);
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#subjectSearch").match(Node::isFocused).tryQuery().isPresent());
        robot.clickOn("#subjectSearch").write("101-001").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("signatureState").equals("Not signed"));

        robot.clickOn("#signAes");
        FxQuery.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#signaturePassword").tryQuery().isPresent());
        assertTrue(robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class).getHeaderText()
                .contains("I confirm that the adverse event data for subject 101-001 are complete and accurate"));
        robot.clickOn("#signaturePassword").write("investigator pw");
        robot.clickOn("#signOk");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("signatureState").startsWith("Signed by inv"));

        try (AeCapture app = AeCapture.open(db, () -> "elsewhere", StoreTestSupport.CLOCK)) {
            assertEquals(SignatureService.State.SIGNED, app.signatures().status("101-001").state());
            app.signIn("inv", "investigator pw".toCharArray());
            AdverseEvent h = app.adverseEvents().byId(headache.id()).orElseThrow();
            app.adverseEvents().correct(AdverseEvent.of(h.subjectNumber()).id(h.id()).verbatimTerm(h.verbatimTerm())
                    .meddraCode(h.meddraCode()).grade(3).onsetDate(h.onsetDate()).endDate(h.endDate()).ongoing(h.ongoing())
                    .serious(h.serious()).seriousCriteria(h.seriousCriteria()).relationship(h.relationship())
                    .actionTaken(h.actionTaken()).outcome(h.outcome()).reportedAtVisit(h.reportedAtVisit())
                    .version(h.version()).build(), "severity per source document");
        }
        robot.clickOn("#showDeleted").clickOn("#showDeleted"); // reload the subject's AEs
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("signatureState").contains("INVALID"));
    }
}
