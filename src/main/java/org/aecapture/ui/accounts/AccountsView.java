package org.aecapture.ui.accounts;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.aecapture.domain.Account;
import org.aecapture.domain.DatabaseLock;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.ui.Background;
import org.aecapture.ui.Choices;
import org.aecapture.ui.ReasonDialog;

/**
 * Accounts and the database lock. Before a database has accounts it sets up the first administrator;
 * after that an administrator adds accounts, unlocks locked-out ones, and locks or unlocks the database.
 */
public final class AccountsView {

    private final ResourceBundle text;
    private final AeCapture app;
    private final Runnable accountsSetUp;
    private final VBox root = new VBox(12);
    private final TableView<Account> table = new TableView<>();
    private final TextField userName = new TextField();
    private final TextField fullName = new TextField();
    private final ComboBox<Role> role = new ComboBox<>();
    private final TextField sites = new TextField();
    private final PasswordField password = new PasswordField();
    private final PasswordField confirm = new PasswordField();
    private final Label message = new Label();
    private final Label lockState = new Label();
    private final Button create = new Button();
    private final Button unlock = new Button();
    private final Button lock = new Button();

    /** {@code accountsSetUp} runs when the first administrator exists: the window then asks to sign in. */
    public AccountsView(ResourceBundle text, AeCapture app, Runnable accountsSetUp) {
        this.text = text;
        this.app = app;
        this.accountsSetUp = accountsSetUp;
        root.setPadding(new Insets(16));
        message.setId("accountsMessage");
        message.setWrapText(true);
        message.getStyleClass().add("error-message");
        userName.setId("newUserName");
        fullName.setId("newFullName");
        role.setId("newRole");
        sites.setId("newSites");
        sites.setPromptText(text.getString("accounts.sites.prompt"));
        sites.setPrefColumnCount(28);
        password.setId("newPassword");
        confirm.setId("newPasswordConfirm");
        create.setId("createAccount");
        role.getItems().setAll(Role.values());
        Choices.named(role, r -> text.getString("Role." + r.name()));
        table.setId("accountTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(column("accounts.col.user", Account::userName));
        table.getColumns().add(column("accounts.col.name", Account::fullName));
        table.getColumns().add(column("accounts.col.role", a -> text.getString("Role." + a.role().name())));
        table.getColumns().add(column("accounts.col.sites", a -> String.join(", ", new TreeSet<>(a.sites()))));
        table.getColumns().add(column("accounts.col.state", a -> text.getString(a.locked() ? "accounts.locked" : "accounts.active")));
        VBox.setVgrow(table, Priority.ALWAYS);
        unlock.setId("unlockAccount");
        unlock.setText(text.getString("accounts.unlock"));
        unlock.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        unlock.setOnAction(e -> unlockSelected());
        lock.setId("lockDatabase");
        lock.setOnAction(e -> toggleLock());
        lockState.setId("lockState");
        lockState.getStyleClass().add("review-status");
    }

    public Node root() {
        return root;
    }

    /** Builds the screen for the database as it is now: first administrator, or the accounts. */
    public void refresh() {
        Background.run("accounts", () -> app.accounts().hasAccounts(), has -> {
            if (has) {
                showAccounts();
            } else {
                showFirstAdministrator();
            }
        }, message::setText);
    }

    private void showFirstAdministrator() {
        Label heading = heading("accounts.first.heading");
        role.setValue(Role.ADMINISTRATOR);
        create.setText(text.getString("accounts.first.create"));
        create.setOnAction(e -> {
            char[] secret = matchingPassword();
            if (secret == null) {
                return;
            }
            String user = userName.getText().strip();
            String name = fullName.getText();
            Background.run("first-admin", () -> app.accounts().createFirstAdministrator(user, name, secret), a -> accountsSetUp.run(),
                    text, message::setText);
        });
        GridPane form = form(false);
        Label explain = new Label(text.getString("accounts.first.explain"));
        explain.setWrapText(true);
        root.getChildren().setAll(heading, explain, form, create, message);
    }

    private void showAccounts() {
        create.setText(text.getString("accounts.create"));
        create.setOnAction(e -> createAccount());
        HBox lockRow = new HBox(10, lockState, lock);
        lockRow.getStyleClass().add("form-row");
        root.getChildren().setAll(heading("accounts.heading"), lockRow, table, unlock, heading("accounts.add"), form(true), create, message);
        reload();
    }

    private void reload() {
        record Loaded(List<Account> accounts, Optional<DatabaseLock> lock) { }
        Background.run("accounts", () -> new Loaded(app.accounts().all(), app.databaseLock().current()), loaded -> {
            table.setItems(FXCollections.observableArrayList(loaded.accounts()));
            Optional<DatabaseLock> state = loaded.lock();
            boolean locked = state.map(DatabaseLock::locked).orElse(false);
            lockState.setText(locked ? MessageFormat.format(text.getString("accounts.lock.locked"), state.get().changedAt(),
                    state.get().changedBy(), state.get().reason()) : text.getString("accounts.lock.open"));
            lock.setText(text.getString(locked ? "accounts.lock.unlock" : "accounts.lock.lock"));
            lock.setUserData(locked);
        }, message::setText);
    }

    private GridPane form(boolean withRole) {
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        int r = 0;
        form.addRow(r++, LoginPane.label(text, "accounts.userName", userName), userName);
        form.addRow(r++, LoginPane.label(text, "accounts.fullName", fullName), fullName);
        if (withRole) {
            form.addRow(r++, LoginPane.label(text, "accounts.role", role), role);
            form.addRow(r++, LoginPane.label(text, "accounts.sites", sites), sites);
        }
        form.addRow(r++, LoginPane.label(text, "accounts.password", password), password);
        form.addRow(r, LoginPane.label(text, "accounts.confirm", confirm), confirm);
        return form;
    }

    private char[] matchingPassword() {
        if (!password.getText().equals(confirm.getText())) {
            message.setText(text.getString("accounts.mismatch"));
            return null;
        }
        char[] secret = password.getText().toCharArray();
        password.clear();
        confirm.clear();
        return secret;
    }

    private void createAccount() {
        char[] secret = matchingPassword();
        if (secret == null) {
            return;
        }
        String administrator = app.signedIn().map(Account::userName).orElse("");
        String user = userName.getText().strip();
        String name = fullName.getText();
        Role r = role.getValue();
        Set<String> siteSet = Arrays.stream(sites.getText().split("[,\\s]+")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
        if (r == null) {
            message.setText(text.getString("accounts.chooseRole"));
            return;
        }
        Background.run("create-account", () -> app.accounts().create(administrator, user, name, r, siteSet, secret), a -> {
            message.setText(MessageFormat.format(text.getString("accounts.created"), a.userName()));
            userName.clear();
            fullName.clear();
            sites.clear();
            reload();
        }, text, message::setText);
    }

    private void unlockSelected() {
        Account a = table.getSelectionModel().getSelectedItem();
        String administrator = app.signedIn().map(Account::userName).orElse("");
        ReasonDialog.ask(root.getScene().getWindow(), text, "reason.change.title",
                MessageFormat.format(text.getString("accounts.unlock.reason"), a.userName())).ifPresent(reason ->
                Background.run("unlock", () -> app.accounts().unlock(administrator, a.userName(), reason), x -> reload(), text, message::setText));
    }

    private void toggleLock() {
        boolean locked = Boolean.TRUE.equals(lock.getUserData());
        ReasonDialog.ask(root.getScene().getWindow(), text, "reason.change.title",
                text.getString(locked ? "accounts.lock.unlockWhy" : "accounts.lock.lockWhy")).ifPresent(reason ->
                Background.run("database-lock", () -> locked ? app.databaseLock().unlock(reason) : app.databaseLock().lock(reason),
                        x -> reload(), text, message::setText));
    }

    private Label heading(String key) {
        Label l = new Label(text.getString(key));
        l.getStyleClass().add("screen-heading");
        return l;
    }

    private TableColumn<Account, String> column(String key, Function<Account, String> value) {
        TableColumn<Account, String> c = new TableColumn<>(text.getString(key));
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }
}
