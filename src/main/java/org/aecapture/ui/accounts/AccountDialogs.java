package org.aecapture.ui.accounts;

import java.text.MessageFormat;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.aecapture.domain.Account;
import org.aecapture.domain.Role;

/**
 * The dialogs that change an account: an administrator's role change and password reset (each with its
 * reason), and a user's change of their own password. They only gather what was typed; the services check it.
 */
public final class AccountDialogs {

    /** A role change; to the unblinded statistician's role on a server, with the recovery code typed (else null). */
    public record RoleChange(Role role, Set<String> sites, String reason, String recoveryCode) { }

    /** A reset's new password and reason; for an unblinded statistician, the arm key's recovery code when typed (else null). */
    public record PasswordReset(char[] password, String reason, String recoveryCode) { }

    public record PasswordChange(char[] current, char[] replacement) { }

    private AccountDialogs() {
    }

    static Optional<RoleChange> changeRole(Window owner, ResourceBundle text, Account account, boolean onServer) {
        AccountForm form = new AccountForm(text, onServer);
        form.role.setValue(account.role());
        form.sites.setText(String.join(", ", new TreeSet<>(account.sites())));
        TextArea reason = reasonArea();
        GridPane grid = grid();
        grid.addRow(0, AccountForm.label(text, "accounts.role", form.role), form.role);
        grid.addRow(1, AccountForm.label(text, "accounts.sites", form.sites), form.sites);
        if (onServer) {
            javafx.scene.control.Label codeLabel = AccountForm.label(text, "accounts.statisticianCode", form.recoveryCode);
            grid.addRow(2, codeLabel, form.recoveryCode);
            for (javafx.scene.Node n : new javafx.scene.Node[] {codeLabel, form.recoveryCode}) {
                n.visibleProperty().bind(form.role.valueProperty().isEqualTo(Role.UNBLINDED_STATISTICIAN));
                n.managedProperty().bind(n.visibleProperty());
            }
        }
        Dialog<RoleChange> dialog = dialog(owner, text, "accounts.role.title",
                MessageFormat.format(text.getString("accounts.role.header"), account.userName(), account.fullName()),
                new VBox(8, grid, AccountForm.label(text, "reason.label", reason), reason),
                Bindings.createBooleanBinding(() -> form.role.getValue() == null || reason.getText().isBlank(),
                        form.role.valueProperty(), reason.textProperty()), form.role);
        dialog.setResultConverter(b -> b == ButtonType.OK ? new RoleChange(form.role.getValue(), form.siteSet(), reason.getText().strip(),
                form.recoveryCodeTyped()) : null);
        return dialog.showAndWait();
    }

    static Optional<PasswordReset> resetPassword(Window owner, ResourceBundle text, Account account) {
        PasswordField password = passwordField("resetNewPassword");
        PasswordField confirm = passwordField("resetNewPasswordConfirm");
        TextArea reason = reasonArea();
        GridPane grid = grid();
        grid.addRow(0, AccountForm.label(text, "accounts.password", password), password);
        grid.addRow(1, AccountForm.label(text, "accounts.confirm", confirm), confirm);
        Label hint = hint(text, password, confirm);
        VBox content = new VBox(8, grid, hint, AccountForm.label(text, "reason.label", reason), reason);
        javafx.scene.control.TextField recovery = new javafx.scene.control.TextField();
        recovery.setId("recoveryCodeInput");
        recovery.getStyleClass().add("recovery-code");
        if (account.role() == Role.UNBLINDED_STATISTICIAN) {
            // a statistician's key of the sealed arms is wrapped under the lost password: the recovery code restores it
            Label explain = new Label(text.getString("accounts.reset.recoveryExplain"));
            explain.setWrapText(true);
            explain.setMaxWidth(480);
            content.getChildren().addAll(AccountForm.label(text, "accounts.reset.recovery", recovery), recovery, explain);
        }
        Dialog<PasswordReset> dialog = dialog(owner, text, "accounts.reset.title",
                MessageFormat.format(text.getString("accounts.reset.header"), account.userName(), account.fullName()),
                content,
                Bindings.createBooleanBinding(() -> password.getText().isEmpty() || !password.getText().equals(confirm.getText())
                        || reason.getText().isBlank(), password.textProperty(), confirm.textProperty(), reason.textProperty()), password);
        dialog.setResultConverter(b -> b == ButtonType.OK ? new PasswordReset(AccountForm.matching(password, confirm), reason.getText().strip(),
                recovery.getText().isBlank() ? null : recovery.getText().strip()) : null);
        Optional<PasswordReset> typed = dialog.showAndWait();
        password.clear();
        confirm.clear();
        return typed;
    }

    public static Optional<PasswordChange> changeOwnPassword(Window owner, ResourceBundle text, Account account) {
        PasswordField current = passwordField("currentPassword");
        PasswordField password = passwordField("changedPassword");
        PasswordField confirm = passwordField("changedPasswordConfirm");
        GridPane grid = grid();
        grid.addRow(0, AccountForm.label(text, "accounts.currentPassword", current), current);
        grid.addRow(1, AccountForm.label(text, "accounts.newPassword", password), password);
        grid.addRow(2, AccountForm.label(text, "accounts.confirm", confirm), confirm);
        Dialog<PasswordChange> dialog = dialog(owner, text, "accounts.change.title",
                MessageFormat.format(text.getString("accounts.change.header"), account.userName(), account.fullName()),
                new VBox(8, grid, hint(text, password, confirm)),
                Bindings.createBooleanBinding(() -> current.getText().isEmpty() || password.getText().isEmpty()
                        || !password.getText().equals(confirm.getText()), current.textProperty(), password.textProperty(), confirm.textProperty()),
                current);
        dialog.setResultConverter(b -> b == ButtonType.OK
                ? new PasswordChange(current.getText().toCharArray(), AccountForm.matching(password, confirm)) : null);
        Optional<PasswordChange> typed = dialog.showAndWait();
        current.clear();
        password.clear();
        confirm.clear();
        return typed;
    }

    private static <T> Dialog<T> dialog(Window owner, ResourceBundle text, String titleKey, String header, Node content,
                                        BooleanBinding refuseOk, Node first) {
        Dialog<T> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(text.getString(titleKey));
        dialog.setHeaderText(header);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(ButtonType.OK).setId("accountDialogOk");
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(refuseOk);
        dialog.setOnShown(e -> first.requestFocus());
        return dialog;
    }

    /** Says, while typing, that the two passwords differ. */
    private static Label hint(ResourceBundle text, PasswordField password, PasswordField confirm) {
        Label hint = new Label();
        hint.setId("passwordHint");
        hint.getStyleClass().add("error-message");
        hint.textProperty().bind(Bindings.createStringBinding(() -> confirm.getText().isEmpty() || password.getText().equals(confirm.getText())
                ? "" : text.getString("accounts.mismatch"), password.textProperty(), confirm.textProperty()));
        return hint;
    }

    private static PasswordField passwordField(String id) {
        PasswordField f = new PasswordField();
        f.setId(id);
        return f;
    }

    private static TextArea reasonArea() {
        TextArea reason = new TextArea();
        reason.setId("reason");
        reason.setPrefRowCount(3);
        reason.setWrapText(true);
        return reason;
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        return grid;
    }
}
