package org.aecapture.service;

import java.util.Set;
import org.aecapture.domain.Role;

/** Accounts for tests that work as one role: the first administrator when missing, the account, and its sign-in. */
public final class TestAccounts {

    public static final String ADMINISTRATOR = "admin";
    public static final String ADMINISTRATOR_PASSWORD = "admin password";
    public static final String PASSWORD = "test password";

    private TestAccounts() {
    }

    /** Signs {@code app} in as {@code userName} with {@code role} at {@code sites}, making the accounts a new database lacks. */
    public static AeCapture signInAs(AeCapture app, String userName, Role role, String... sites) {
        AccountService accounts = app.accounts();
        if (!accounts.hasAccounts()) {
            accounts.createFirstAdministrator(ADMINISTRATOR, "Ada Admin", ADMINISTRATOR_PASSWORD.toCharArray());
        }
        if (userName.equals(ADMINISTRATOR)) {
            app.signIn(ADMINISTRATOR, ADMINISTRATOR_PASSWORD.toCharArray());
            return app;
        }
        if (accounts.all().stream().noneMatch(a -> a.userName().equals(userName))) {
            accounts.create(ADMINISTRATOR, userName, "Test " + userName, role, Set.of(sites), PASSWORD.toCharArray());
        }
        app.signIn(userName, PASSWORD.toCharArray());
        return app;
    }
}
