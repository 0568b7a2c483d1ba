package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.aecapture.domain.Account;
import org.aecapture.domain.Role;
import org.aecapture.domain.ValidationException;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.store.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Accounts on a real SQLite file: first administrator, password storage, lockout after five failures, unlock. */
@ParameterizedClass
@EnumSource(TestStore.class)
class AccountServiceTest {

    @Parameter
    TestStore store;

    private static final String ADMIN_PASSWORD = "admin password 1";

    @TempDir
    Path dir;
    private DatabaseLocation db;
    private AeCapture app;

    @BeforeEach
    void open() {
        db = store.newDatabase(dir, "accounts");
        app = store.openOrInit(db, () -> "os-user");
        app.accounts().createFirstAdministrator("admin", "Ada Admin", ADMIN_PASSWORD.toCharArray());
    }

    @AfterEach
    void close() {
        app.close();
    }

    private static char[] pw(String s) {
        return s.toCharArray();
    }

    @Test
    void theFirstAdministratorIsMadeOnceAndPasswordsAreStoredOnlyAsDistinctSaltedHashes() throws Exception {
        assertTrue(app.accounts().hasAccounts());
        assertThrows(IllegalStateException.class, () -> app.accounts().createFirstAdministrator("admin2", "B", pw("another password")));
        app.accounts().create("admin", "inv1", "Ian Investigator", Role.INVESTIGATOR, Set.of("101"), pw("same password 1"));
        app.accounts().create("admin", "coord1", "Cora Coordinator", Role.COORDINATOR, Set.of("101"), pw("same password 1"));
        String row1 = StoreTestSupport.dump(db).stream().filter(r -> r.startsWith("account:") && r.contains("|inv1|"))
                .findFirst().orElseThrow();
        String row2 = StoreTestSupport.dump(db).stream().filter(r -> r.startsWith("account:") && r.contains("|coord1|"))
                .findFirst().orElseThrow();
        assertFalse(row1.contains("same password 1"), "the password itself is nowhere");
        String stored1 = row1.split("\\|")[5];  // account:id|user_name|full_name|role|sites|password_hash|...
        String stored2 = row2.split("\\|")[5];
        assertTrue(stored1.startsWith("pbkdf2-sha256$") && stored2.startsWith("pbkdf2-sha256$"), stored1);
        assertNotEquals(stored1, stored2, "the same password, two different hashes");
        for (String row : StoreTestSupport.dump(db)) {
            assertFalse(row.contains("same password 1") || row.contains(ADMIN_PASSWORD), row);
            if (row.startsWith("audit_trail:")) {
                assertFalse(row.contains("pbkdf2"), "no hash in the audit trail: " + row);
            }
        }
    }

    @Test
    void shortPasswordsAndSitelessSiteRolesAreRefused() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> app.accounts().create("admin", "inv2", "I", Role.INVESTIGATOR, Set.of(), pw("short")));
        assertEquals(List.of("sites", "password"), e.violations().stream().map(v -> v.field()).toList());
        assertTrue(e.getMessage().contains("at least 10 characters"), e.getMessage());
    }

    @Test
    void onlyAnAdministratorMakesAccounts() {
        app.accounts().create("admin", "rev", "Rita Reviewer", Role.SAFETY_REVIEWER, Set.of(), pw("reviewer password"));
        assertThrows(AccessRefused.class,
                () -> app.accounts().create("rev", "rev2", "R2", Role.SAFETY_REVIEWER, Set.of(), pw("reviewer password")));
    }

    @Test
    void fiveFailedLoginsInARowLockTheAccountUntilAnAdministratorUnlocksIt() {
        app.accounts().create("admin", "inv1", "Ian Investigator", Role.INVESTIGATOR, Set.of("101"), pw("investigator pw"));
        for (int i = 1; i <= 4; i++) {
            var refused = assertThrows(AccountService.LoginRefused.class, () -> app.accounts().login("inv1", pw("wrong password")));
            assertEquals("The user name or the password is wrong.", refused.getMessage());
        }
        var fifth = assertThrows(AccountService.LoginRefused.class, () -> app.accounts().login("inv1", pw("wrong password")));
        assertTrue(fifth.getMessage().contains("now locked"), fifth.getMessage());
        var locked = assertThrows(AccountService.LoginRefused.class, () -> app.accounts().login("inv1", pw("investigator pw")));
        assertTrue(locked.getMessage().contains("locked"), "even the right password is refused: " + locked.getMessage());
        assertThrows(AccessRefused.class, () -> app.accounts().unlock("inv1", "inv1", "let me in"));
        app.accounts().unlock("admin", "inv1", "identity confirmed by phone");
        Account in = app.accounts().login("inv1", pw("investigator pw"));
        assertEquals(0, in.failedLogins());
        List<String> events = app.accounts().securityEvents("inv1");
        assertEquals(List.of("LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "LOCKED_OUT", "LOGIN_FAILED",
                "UNLOCKED", "LOGIN"), events.stream().map(s -> s.split(" ")[0]).toList());
    }

    @Test
    void aSuccessfulLoginResetsTheCountAndUnknownUsersGetTheSameMessage() {
        app.accounts().create("admin", "inv1", "Ian Investigator", Role.INVESTIGATOR, Set.of("101"), pw("investigator pw"));
        assertThrows(AccountService.LoginRefused.class, () -> app.accounts().login("inv1", pw("wrong password")));
        assertEquals(0, app.accounts().login("inv1", pw("investigator pw")).failedLogins());
        var unknown = assertThrows(AccountService.LoginRefused.class, () -> app.accounts().login("nobody", pw("whatever 123")));
        assertEquals("The user name or the password is wrong.", unknown.getMessage());
    }

    @Test
    void aPasswordChangeIsAuditedWithoutTheHash() {
        Account admin = app.accounts().login("admin", pw(ADMIN_PASSWORD));
        app.accounts().changePassword("admin", pw(ADMIN_PASSWORD), pw("a new admin password"));
        assertThrows(AccountService.LoginRefused.class, () -> app.accounts().login("admin", pw(ADMIN_PASSWORD)));
        assertEquals("admin", app.accounts().login("admin", pw("a new admin password")).userName());
        var change = app.accounts().history(admin.id()).stream().filter(e -> "password_hash".equals(e.field())
                && e.action() == org.aecapture.domain.AuditEntry.Action.UPDATE).findFirst().orElseThrow();
        assertTrue(change.oldValue().startsWith("(secret ") && change.newValue().startsWith("(secret "), change.toString());
        assertNotEquals(change.oldValue(), change.newValue());
        assertTrue(app.accounts().securityEvents("admin").contains("PASSWORD_CHANGED"));
    }

    @Test
    void anAdministratorChangesARoleWithAReasonAndTheChangeIsAuditedAndAppliesAtOnce() throws Exception {
        app.accounts().create("admin", "coord1", "Cora Coordinator", Role.COORDINATOR, Set.of("101"), pw("coordinator pw"));
        try (AeCapture site = store.open(db, () -> "elsewhere")) {
            site.signIn("coord1", pw("coordinator pw"));
            ValidationException noReason = assertThrows(ValidationException.class,
                    () -> app.accounts().changeRole("admin", "coord1", Role.INVESTIGATOR, Set.of("101"), " "));
            assertTrue(noReason.getMessage().contains("reason"), noReason.getMessage());
            assertThrows(AccessRefused.class, () -> site.accounts().changeRole("coord1", "coord1", Role.ADMINISTRATOR, Set.of(), "promote myself"));

            Account changed = app.accounts().changeRole("admin", "coord1", Role.INVESTIGATOR, Set.of("101", "102"), "now sub-investigator");
            assertEquals(Role.INVESTIGATOR, changed.role());
            assertEquals(Set.of("101", "102"), changed.sites());
            site.subjects().enrol(StoreTestSupport.subject("102-001")); // the new site is allowed at once, in the session already open
        }
        assertTrue(app.accounts().securityEvents("coord1").contains(
                "ROLE_CHANGED by admin: COORDINATOR 101 \u2192 INVESTIGATOR 101,102: now sub-investigator"), app.accounts().securityEvents("coord1").toString());
        Account coord = app.accounts().all().stream().filter(a -> a.userName().equals("coord1")).findFirst().orElseThrow();
        assertTrue(app.accounts().history(coord.id()).stream().anyMatch(e -> e.field().equals("role") && "COORDINATOR".equals(e.oldValue())
                && "INVESTIGATOR".equals(e.newValue()) && "now sub-investigator".equals(e.reason())), "an audit row of the role");
    }

    @Test
    void theLastActiveAdministratorCannotGiveUpTheRole() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> app.accounts().changeRole("admin", "admin", Role.SAFETY_REVIEWER, Set.of(), "moving on"));
        assertTrue(e.getMessage().contains("last active administrator"), e.getMessage());
        app.accounts().create("admin", "admin2", "Bea Admin", Role.ADMINISTRATOR, Set.of(), pw("second admin pw"));
        assertEquals(Role.SAFETY_REVIEWER, app.accounts().changeRole("admin2", "admin", Role.SAFETY_REVIEWER, Set.of(), "moving on").role());
    }

    @Test
    void aPasswordResetByAnAdministratorUnlocksAndReplacesThePassword() throws Exception {
        app.accounts().create("admin", "inv1", "Ian", Role.INVESTIGATOR, Set.of("101"), pw("investigator pw"));
        for (int i = 0; i < AccountService.MAX_FAILED_LOGINS; i++) {
            assertThrows(AccountService.LoginRefused.class, () -> app.accounts().login("inv1", pw("forgotten!!")));
        }
        assertThrows(ValidationException.class, () -> app.accounts().resetPassword("admin", "inv1", pw("short"), "forgot it"));
        assertThrows(ValidationException.class, () -> app.accounts().resetPassword("admin", "admin", pw("a new admin pw"), "mine"));
        app.accounts().resetPassword("admin", "inv1", pw("temporary pw 1"), "forgot it, identity checked by phone");
        assertThrows(AccountService.LoginRefused.class, () -> app.accounts().login("inv1", pw("investigator pw")));
        assertEquals("inv1", app.accounts().login("inv1", pw("temporary pw 1")).userName());
        List<String> events = app.accounts().securityEvents("inv1");
        assertTrue(events.contains("PASSWORD_RESET by admin: forgot it, identity checked by phone"), events.toString());
        assertTrue(events.contains("UNLOCKED by admin with the password reset"), events.toString());
        assertFalse(StoreTestSupport.dump(db).stream().anyMatch(r -> r.contains("temporary pw 1")), "the new password is stored nowhere");
    }

    @Test
    void signingOutIsASecurityEvent() {
        app.signIn("admin", pw(ADMIN_PASSWORD));
        app.signOut("inactive for 15 minutes");
        assertEquals(List.of("LOGIN", "SIGNED_OUT inactive for 15 minutes"), app.accounts().securityEvents("admin"));
        assertTrue(app.signedIn().isEmpty());
    }

    @Test
    void aDisabledAccountCannotSignInUntilUnlockedAndIsNeverDeleted() throws Exception {
        app.accounts().create("admin", "inv1", "Ian", Role.INVESTIGATOR, Set.of("101"), pw("investigator pw"));
        assertThrows(ValidationException.class, () -> app.accounts().disable("admin", "inv1", ""));
        assertThrows(ValidationException.class, () -> app.accounts().disable("admin", "admin", "leaving"));
        assertThrows(AccessRefused.class, () -> app.accounts().disable("inv1", "admin", "coup"));
        app.accounts().disable("admin", "inv1", "left the trial in June");
        AccountService.LoginRefused refused = assertThrows(AccountService.LoginRefused.class,
                () -> app.accounts().login("inv1", pw("investigator pw")));
        assertTrue(refused.getMessage().contains("disabled by an administrator"), refused.getMessage());
        assertTrue(app.accounts().securityEvents("inv1").contains("DISABLED by admin: left the trial in June"));
        assertEquals(1, StoreTestSupport.count(db, "SELECT count(*) FROM account WHERE user_name = 'inv1'"), "kept, not deleted");
        app.accounts().unlock("admin", "inv1", "back on the study");
        assertEquals("inv1", app.accounts().login("inv1", pw("investigator pw")).userName());
    }
}
