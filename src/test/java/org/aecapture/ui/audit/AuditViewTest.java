package org.aecapture.ui.audit;

import org.aecapture.domain.AuditEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableView;
import org.aecapture.domain.Role;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.service.AccountService;
import org.aecapture.service.AeCapture;
import org.aecapture.service.TestAccounts;
import org.aecapture.domain.SecurityEntry;
import org.aecapture.domain.SecurityEvent;
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

/** The audit trail screen: filters searched in the database, counts that match it, and the export of every match. */
class AuditViewTest {

    @TempDir
    Path dir;
    private Path db;
    private MainWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void data() {
        db = dir.resolve("audit.db");
        try (AeCapture app = AeCapture.openOrInit(db, () -> "site", StoreTestSupport.CLOCK)) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            app.subjects().enrol(StoreTestSupport.subject("102-001"));
            AdverseEvent h = app.adverseEvents().record(StoreTestSupport.headache("101-001"));
            app.adverseEvents().record(StoreTestSupport.headache("102-001"));
            app.adverseEvents().delete(h, "entered twice");
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        MainWindowFixture.close(window);
    }

    private String status() {
        return FxQuery.labelText(robot, "#auditStatus");
    }

    /** The status line's part about the data changes (the security events' count follows it). */
    private String changes() {
        String s = status();
        return s.contains(" \u00b7") ? s.substring(0, s.indexOf(" \u00b7")) : s;
    }

    @SuppressWarnings("unchecked")
    private TableView<AuditEntry> table() {
        return robot.lookup("#auditTable").queryAs(TableView.class);
    }

    private long count(String where) throws Exception {
        return StoreTestSupport.auditFields(db, where).size();
    }

    private void choose(String id, String value) {
        robot.clickOn("#" + id);
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match(NodeQueryUtils.hasText(value)).queryAs(Node.class));
    }

    @Test
    void filtersNarrowTheTrailAndTheExportHoldsEveryMatch() throws Exception {
        Path out = dir.resolve("audit.xlsx");
        window = MainWindowFixture.showSignedIn(db, w -> w.setAuditExportTarget(owner -> Optional.of(out)), "admin", Role.ADMINISTRATOR);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
        robot.interact(() -> window.select("AUDIT"));
        long all = count("");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> changes().equals(all + " entries"));
        assertEquals(all, table().getItems().size());

        choose("auditEntity", "adverse_event");
        robot.clickOn("#auditSubject").write("101");
        long aesOf101 = count(" WHERE entity = 'adverse_event' AND subject_id LIKE '%101%'");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> changes().equals(aesOf101 + " entries"));
        assertTrue(table().getItems().stream().allMatch(e -> e.entity().equals("adverse_event") && e.subjectId().equals("101-001")));

        choose("auditAction", "DELETE");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> changes().equals("1 entries"));
        assertEquals("entered twice", table().getItems().get(0).reason());

        robot.clickOn("#exportAudit");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> status().startsWith("1 audit entries (and the security events"));
        try (InputStream in = Files.newInputStream(out); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet sheet = wb.getSheetAt(0);
            assertTrue(sheet.getRow(1).getCell(0).getStringCellValue().contains("action DELETE"), sheet.getRow(1).getCell(0).toString());
            assertTrue(sheet.getRow(0).getCell(0).getStringCellValue().endsWith("its AEs graded by CTCAE v5.0"), sheet.getRow(0).getCell(0).toString());
            assertEquals(1, sheet.getLastRowNum() - 4, "one entry below the header");
            assertEquals("entered twice", sheet.getRow(5).getCell(9).getStringCellValue());
            Sheet security = wb.getSheet("Security events");
            assertEquals(List.of("admin", "LOGIN"), List.of(security.getRow(5).getCell(1).getStringCellValue(),
                    security.getRow(5).getCell(2).getStringCellValue()), "the administrator's sign-in, on its own sheet");
        }

        robot.clickOn("#auditClear");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> changes().equals(all + " entries"));
        assertEquals("", robot.lookup("#auditEntity").queryAs(ComboBox.class).getValue());
    }

    @SuppressWarnings("unchecked")
    private TableView<SecurityEntry> securityTable() {
        return robot.lookup("#securityTable").queryAs(TableView.class);
    }

    @Test
    void theSecurityTabShowsSignInsFailuresAndAccountChangesOfTheChosenUser() throws Exception {
        try (AeCapture app = AeCapture.open(db, () -> "setup", StoreTestSupport.CLOCK)) {
            TestAccounts.signInAs(app, "reviewer", Role.SAFETY_REVIEWER);
            app.accounts().create(TestAccounts.ADMINISTRATOR, "coord", "Cora", Role.COORDINATOR, Set.of("101"), "coordinator pw".toCharArray());
            assertThrows(AccountService.LoginRefused.class, () -> app.accounts().login("coord", "wrong password".toCharArray()));
            app.accounts().changeRole(TestAccounts.ADMINISTRATOR, "coord", Role.COORDINATOR, Set.of("101", "102"), "covers site 102 too");
        }
        window = MainWindowFixture.showSignedIn(db, "reviewer", Role.SAFETY_REVIEWER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxQuery.present(robot, "#navigation"));
        robot.interact(() -> window.select("AUDIT"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status().contains("security events"));
        robot.clickOn("Sign-ins and account security");
        assertTrue(robot.lookup("#auditEntity").queryAs(ComboBox.class).isDisabled(), "records' filters do not apply to sign-ins");
        choose("auditUser", "coord");
        FxQuery.waitFor(10, TimeUnit.SECONDS, () -> securityTable().getItems().size() == 2);
        assertEquals(List.of(SecurityEvent.ROLE_CHANGED, SecurityEvent.LOGIN_FAILED),
                securityTable().getItems().stream().map(SecurityEntry::event).toList(), "newest first");
        assertTrue(securityTable().getItems().get(0).detail().contains("COORDINATOR 101 \u2192 COORDINATOR 101,102: covers site 102 too"),
                securityTable().getItems().get(0).detail());
    }
}
