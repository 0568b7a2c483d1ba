package org.aecapture.ui.accounts;

import java.util.Arrays;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import org.aecapture.domain.Role;
import org.aecapture.ui.Choices;

/** The fields of a new account, laid out with their labels: the first administrator's, or any account's with role and sites. */
final class AccountForm {

    final TextField userName = new TextField();
    final TextField fullName = new TextField();
    final ComboBox<Role> role = new ComboBox<>();
    final TextField sites = new TextField();
    final PasswordField password = new PasswordField();
    final PasswordField confirm = new PasswordField();
    /**
     * On a server: the unblinded statistician's recovery code, asked only while that role is chosen (the server makes a
     * statistician's login only with it).
     */
    final TextField recoveryCode = new TextField();
    private final ResourceBundle text;
    private final boolean onServer;

    AccountForm(ResourceBundle text) {
        this(text, false);
    }

    AccountForm(ResourceBundle text, boolean onServer) {
        this.text = text;
        this.onServer = onServer;
        recoveryCode.setId("newRecoveryCode");
        recoveryCode.getStyleClass().add("recovery-code");
        userName.setId("newUserName");
        fullName.setId("newFullName");
        role.setId("newRole");
        sites.setId("newSites");
        sites.setPromptText(text.getString("accounts.sites.prompt"));
        sites.setPrefColumnCount(28);
        password.setId("newPassword");
        confirm.setId("newPasswordConfirm");
        role.getItems().setAll(Role.values());
        Choices.named(role, r -> text.getString("Role." + r.name()));
    }

    GridPane layout(boolean withRole) {
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        int r = 0;
        form.addRow(r++, label(text, "accounts.userName", userName), userName);
        form.addRow(r++, label(text, "accounts.fullName", fullName), fullName);
        if (withRole) {
            form.addRow(r++, label(text, "accounts.role", role), role);
            form.addRow(r++, label(text, "accounts.sites", sites), sites);
        }
        form.addRow(r++, label(text, "accounts.password", password), password);
        form.addRow(r++, label(text, "accounts.confirm", confirm), confirm);
        if (withRole && onServer) {
            // the last row, so that while it is hidden it leaves no gap between the others
            Label codeLabel = label(text, "accounts.statisticianCode", recoveryCode);
            form.addRow(r, codeLabel, recoveryCode);
            for (Node n : new Node[] {codeLabel, recoveryCode}) {
                n.visibleProperty().bind(role.valueProperty().isEqualTo(Role.UNBLINDED_STATISTICIAN));
                n.managedProperty().bind(n.visibleProperty());
            }
        }
        return form;
    }

    /** The password when both fields agree (then both are cleared), else null. */
    char[] matchingPassword() {
        return matching(password, confirm);
    }

    /** A password typed twice: its characters when both fields agree (both are then cleared), else null. */
    static char[] matching(PasswordField password, PasswordField confirm) {
        if (!password.getText().equals(confirm.getText())) {
            return null;
        }
        char[] secret = password.getText().toCharArray();
        password.clear();
        confirm.clear();
        return secret;
    }

    Set<String> siteSet() {
        return parseSites(sites.getText());
    }

    /** Sites as typed: separated by commas or spaces. */
    static Set<String> parseSites(String typed) {
        return Arrays.stream(typed.split("[,\\s]+")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
    }

    /** The recovery code as typed, when the role asks for it; else null. */
    String recoveryCodeTyped() {
        return onServer && role.getValue() == Role.UNBLINDED_STATISTICIAN && !recoveryCode.getText().isBlank()
                ? recoveryCode.getText().strip() : null;
    }

    void clear() {
        userName.clear();
        fullName.clear();
        sites.clear();
        recoveryCode.clear();
    }

    static Label label(ResourceBundle text, String key, Node field) {
        Label l = new Label(text.getString(key));
        l.setMnemonicParsing(true);
        l.setLabelFor(field);
        return l;
    }
}
