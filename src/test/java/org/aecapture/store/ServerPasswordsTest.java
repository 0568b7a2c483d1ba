package org.aecapture.store;

import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Login-role passwords are hashed by the driver (SCRAM-SHA-256) before they travel: a server that logs every statement
 * ({@code log_statement = all}) holds none of them, whatever characters they have.
 */
class ServerPasswordsTest {

    private static final String ADMIN = "admin's \\ password Ω";
    private static final String FIRST = "first 'pässwörd' \\n Ωμέγα";
    private static final String RESET = "reset by the admin: ''; DROP ROLE x; --";
    private static final String OWN = "l'investigatrice choisit: é\\ü\\ø 日本";

    @TempDir
    Path dir;

    @Test
    void noPasswordReachesTheServersLogAndEveryOneSignsIn() throws Exception {
        Path log = dir.resolve("postgres.log");
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectoryCustomizer(TestStore::scramAuthentication)
                .setServerConfig("log_statement", "all").setOutputRedirector(toLog).setErrorRedirector(toLog).start()) {
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE DATABASE pwlog");
            }
            String url = "jdbc:postgresql://localhost:" + server.getPort() + "/pwlog";
            DatabaseLocation db = new DatabaseLocation.PostgresServer(url);
            try (AeCapture owner = AeCapture.openOrInit(db, TestStore.POSTGRESQL.credentials(), () -> "owner", StoreTestSupport.CLOCK)) {
                owner.provisionServer();
                owner.accounts().createFirstAdministrator("pwadmin", "Ada Admin", ADMIN.toCharArray());
            }
            try (AeCapture admin = AeCapture.open(db, new Credentials("pwadmin", ADMIN.toCharArray()), () -> "pwadmin", StoreTestSupport.CLOCK)) {
                admin.signIn("pwadmin", ADMIN.toCharArray());
                admin.accounts().create("pwadmin", "pwinv", "Ines Investigator", Role.INVESTIGATOR, Set.of("101"), FIRST.toCharArray());
                signsIn(url, "pwinv", FIRST);
                admin.accounts().resetPassword("pwadmin", "pwinv", RESET.toCharArray(), "forgotten");
            }
            signsIn(url, "pwinv", RESET);
            assertThrows(SQLException.class, () -> signsIn(url, "pwinv", FIRST), "the old password no longer opens the role");
            try (AeCapture inv = AeCapture.open(db, new Credentials("pwinv", RESET.toCharArray()), () -> "pwinv", StoreTestSupport.CLOCK)) {
                inv.signIn("pwinv", RESET.toCharArray());
                inv.accounts().changePassword("pwinv", RESET.toCharArray(), OWN.toCharArray());
            }
            signsIn(url, "pwinv", OWN);
        }
        String logged = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        assertTrue(logged.contains("SELECT aecapture_set_login("), "the log holds every statement, the login function's call too");
        for (String password : List.of(ADMIN, FIRST, RESET, OWN)) {
            assertFalse(logged.contains(password), "the server log holds a password");
            assertFalse(logged.contains(password.replace("'", "''")), "the server log holds a password, quoted");
        }
        assertTrue(logged.contains("SCRAM-SHA-256$4096:"), "what travelled instead: the verifiers");
    }

    private static void signsIn(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            assertTrue(c.isValid(2));
        }
    }
}
