package org.aecapture.ui.accounts;

import java.text.MessageFormat;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.aecapture.domain.Account;
import org.aecapture.domain.DatabaseLock;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.ui.AuditHistoryTable;
import org.aecapture.ui.Background;
import org.aecapture.ui.ReasonDialog;

/**
 * The administrator's screen: the accounts (add, unlock, change role and sites, reset a lost password)
 * and the database lock. Each change asks for its reason, which the audit trail keeps.
 */
public final class AccountsView {

    private final ResourceBundle text;
    private final AeCapture app;
    private final Runnable lockChanged;
    private final VBox root = new VBox(12);
    private final TableView<Account> table = new TableView<>();
    private final AccountForm form;
    private final Label message = new Label();
    private final Label lockState = new Label();
    private final Label soleAdministrator = new Label();
    private final Label leakingArms = new Label();
    private final Button create = new Button();
    private final Button lock = new Button();
    private final Label backupState = new Label();
    private final Button backupNow = new Button();

    /** {@code lockChanged} runs after the database was locked or unlocked, for the window to say so. */
    public AccountsView(ResourceBundle text, AeCapture app, Runnable lockChanged) {
        this.text = text;
        this.app = app;
        this.lockChanged = lockChanged;
        this.form = new AccountForm(text, app.location() instanceof org.aecapture.location.DatabaseLocation.PostgresServer);
        root.setPadding(new Insets(16));
        message.setId("accountsMessage");
        message.setWrapText(true);
        message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // a refusal is read whole: as many lines as it needs
        message.getStyleClass().add("error-message");
        create.setId("createAccount");
        create.setText(text.getString("accounts.create"));
        create.setMnemonicParsing(true);
        create.setOnAction(e -> createAccount());
        table.setId("accountTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(column("accounts.col.user", Account::userName));
        table.getColumns().add(column("accounts.col.name", Account::fullName));
        table.getColumns().add(column("accounts.col.role", a -> text.getString("Role." + a.role().name())));
        table.getColumns().add(column("accounts.col.sites", a -> String.join(", ", new TreeSet<>(a.sites()))));
        table.getColumns().add(column("accounts.col.state", a -> text.getString(a.locked() ? "accounts.locked" : "accounts.active")));
        table.setPrefHeight(220);
        VBox.setVgrow(table, Priority.ALWAYS);
        Button unlock = accountButton("unlockAccount", "accounts.unlock", this::unlockSelected);
        Button role = accountButton("changeRole", "accounts.role.button", this::changeRoleOfSelected);
        Button reset = accountButton("resetPassword", "accounts.reset.button", this::resetPasswordOfSelected);
        Button disable = accountButton("disableAccount", "accounts.disable", this::disableSelected);
        lock.setId("lockDatabase");
        lock.setMnemonicParsing(true);
        lock.setOnAction(e -> toggleLock());
        lockState.setId("lockState");
        lockState.getStyleClass().add("review-status");
        HBox lockRow = new HBox(10, lockState, lock);
        lockRow.getStyleClass().add("form-row");
        HBox accountActions = new HBox(8, unlock, role, reset, disable);
        soleAdministrator.setId("soleAdministrator");
        soleAdministrator.setText(text.getString("accounts.soleAdministrator"));
        soleAdministrator.setWrapText(true);
        soleAdministrator.getStyleClass().add("warning-message");
        soleAdministrator.managedProperty().bind(soleAdministrator.visibleProperty());
        soleAdministrator.setVisible(false);
        leakingArms.setId("leakingArms");
        leakingArms.setWrapText(true);
        leakingArms.getStyleClass().add("warning-message");
        leakingArms.managedProperty().bind(leakingArms.visibleProperty());
        leakingArms.setVisible(false);
        backupState.setId("backupState");
        backupState.getStyleClass().add("review-status");
        backupNow.setId("backupNow");
        backupNow.setText(text.getString("backup.now"));
        backupNow.setMnemonicParsing(true);
        backupNow.setOnAction(e -> backUpNow());
        backupNow.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the button keeps its words; the text beside it wraps
        backupState.setWrapText(true);
        backupState.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // as many lines as it needs
        HBox.setHgrow(backupState, Priority.SOMETIMES);
        HBox backupRow = new HBox(10, backupState, backupNow);
        backupRow.getStyleClass().add("form-row");
        root.getChildren().setAll(heading("accounts.heading"), leakingArms, lockRow, backupRow, table, accountActions, soleAdministrator,
                heading("accounts.add"), form.layout(true), create, message);
    }

    public Node root() {
        return root;
    }

    /** Reloads the accounts and the lock state, off the FX thread. */
    public void refresh() {
        record Loaded(List<Account> accounts, Optional<DatabaseLock> lock, Optional<java.nio.file.Path> backup, int leakingArms) { }
        Background.run("accounts", () -> new Loaded(app.accounts().all(), app.databaseLock().current(), app.lastBackup(),
                app.accounts().leakingArms()), loaded -> {
            showBackup(loaded.backup());
            leakingArms.setText(MessageFormat.format(text.getString("accounts.leakingArms"), loaded.leakingArms()));
            leakingArms.setVisible(loaded.leakingArms() > 0);
            Account selected = table.getSelectionModel().getSelectedItem();
            table.setItems(FXCollections.observableArrayList(loaded.accounts()));
            if (selected != null) {
                loaded.accounts().stream().filter(a -> a.id().equals(selected.id())).findFirst().ifPresent(a -> table.getSelectionModel().select(a));
            }
            // nobody could unlock accounts if the only administrator were locked out: say so while it is one
            soleAdministrator.setVisible(loaded.accounts().stream().filter(a -> a.role() == Role.ADMINISTRATOR && !a.locked()).count() < 2);
            Optional<DatabaseLock> state = loaded.lock();
            boolean locked = state.map(DatabaseLock::locked).orElse(false);
            lockState.setText(locked ? MessageFormat.format(text.getString("accounts.lock.locked"), AuditHistoryTable.utc(state.get().changedAt()),
                    state.get().changedBy(), state.get().reason()) : text.getString("accounts.lock.open"));
            lock.setText(text.getString(locked ? "accounts.lock.unlock" : "accounts.lock.lock"));
            lock.setUserData(locked);
        }, this::sayProblem);
    }

    /** The newest backup beside the database, or that there is none yet; a server database says where its backups are. */
    private void showBackup(Optional<java.nio.file.Path> last) {
        boolean file = app.location() instanceof org.aecapture.location.DatabaseLocation.SqliteFile;
        backupNow.setVisible(file);
        backupNow.setManaged(file);
        backupState.setText(!file ? text.getString("backup.server")
                : last.map(p -> MessageFormat.format(text.getString("backup.last"), AuditHistoryTable.utc(AeCapture.backupTakenAt(p)),
                        p.getFileName().toString())).orElse(text.getString("backup.none")));
    }

    /** "Back up now": copied, checked and written off the FX thread. */
    private void backUpNow() {
        backupNow.setDisable(true);
        backupState.setText(text.getString("backup.running"));
        Background.run("backup-now", app::backupNow, written -> {
            backupNow.setDisable(false);
            showBackup(Optional.of(written));
        }, text, problem -> {
            backupNow.setDisable(false);
            sayProblem(problem);
        });
    }

    private void createAccount() {
        char[] secret = form.matchingPassword();
        if (secret == null) {
            sayProblem(text.getString("accounts.mismatch"));
            return;
        }
        Role r = form.role.getValue();
        if (r == null) {
            sayProblem(text.getString("accounts.chooseRole"));
            return;
        }
        String user = form.userName.getText().strip();
        String name = form.fullName.getText();
        Set<String> sites = form.siteSet();
        String recoveryCode = form.recoveryCodeTyped();
        change("create-account", () -> app.accounts().createAccount(administrator(), user, name, r, sites, secret, recoveryCode), created -> {
            form.clear();
            created.armKeyRecoveryCode().ifPresent(code -> showRecoveryCode(created.account().userName(), code));
            return MessageFormat.format(text.getString("accounts.created"), created.account().userName());
        });
    }

    /**
     * The arm key's recovery code, shown once when the first unblinded statistician takes the key over: it opens
     * the sealed arms if that password is lost, so it is printed and kept in the sponsor's safe.
     */
    private void showRecoveryCode(String statistician, String code) {
        javafx.scene.control.TextField shown = new javafx.scene.control.TextField(code);
        shown.setId("recoveryCode");
        shown.setEditable(false);
        shown.getStyleClass().add("recovery-code");
        Label explain = new Label(MessageFormat.format(text.getString("accounts.recovery.explain"), statistician));
        explain.setWrapText(true);
        explain.setMaxWidth(520);
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION);
        alert.initOwner(window());
        alert.setTitle(text.getString("accounts.recovery.title"));
        alert.setHeaderText(text.getString("accounts.recovery.title"));
        alert.getDialogPane().setContent(new javafx.scene.layout.VBox(10, explain, shown));
        alert.show();
    }

    private void unlockSelected(Account a) {
        ReasonDialog.ask(window(), text, "reason.change.title", MessageFormat.format(text.getString("accounts.unlock.reason"), a.userName()))
                .ifPresent(reason -> change("unlock", () -> app.accounts().unlock(administrator(), a.userName(), reason),
                        x -> MessageFormat.format(text.getString("accounts.unlocked"), a.userName())));
    }

    private void disableSelected(Account a) {
        ReasonDialog.ask(window(), text, "reason.change.title", MessageFormat.format(text.getString("accounts.disable.reason"), a.userName()))
                .ifPresent(reason -> change("disable", () -> app.accounts().disable(administrator(), a.userName(), reason),
                        x -> MessageFormat.format(text.getString("accounts.disabled"), a.userName())));
    }

    private void changeRoleOfSelected(Account a) {
        boolean onServer = app.location() instanceof org.aecapture.location.DatabaseLocation.PostgresServer;
        AccountDialogs.changeRole(window(), text, a, onServer).ifPresent(c -> change("change-role",
                () -> app.accounts().changeRole(administrator(), a.userName(), c.role(), c.sites(), c.reason(), c.recoveryCode()),
                changed -> MessageFormat.format(text.getString(changed.sites().isEmpty() ? "accounts.role.done" : "accounts.role.doneSites"),
                        changed.userName(), text.getString("Role." + changed.role().name()), String.join(", ", new TreeSet<>(changed.sites())))));
    }

    private void resetPasswordOfSelected(Account a) {
        AccountDialogs.resetPassword(window(), text, a).ifPresent(r -> change("reset-password",
                () -> r.recoveryCode() == null ? app.accounts().resetPassword(administrator(), a.userName(), r.password(), r.reason())
                        : app.accounts().recoverArmKey(administrator(), a.userName(), r.recoveryCode(), r.password(), r.reason()),
                x -> MessageFormat.format(text.getString(r.recoveryCode() == null ? "accounts.reset.done" : "accounts.reset.recovered"),
                        a.userName())));
    }

    private void toggleLock() {
        boolean locked = Boolean.TRUE.equals(lock.getUserData());
        Optional<String> reason = ReasonDialog.ask(window(), text, "reason.change.title",
                text.getString(locked ? "accounts.lock.unlockWhy" : "accounts.lock.lockWhy"));
        if (reason.isEmpty()) {
            return;
        }
        if (locked) {
            setLock(() -> app.databaseLock().unlock(reason.get()));
            return;
        }
        // outstanding queries or unverified AEs refuse the lock: the administrator sees them and may lock anyway, on record
        Background.run("lock-blockers", () -> app.databaseLock().blockers(), blockers -> {
            if (blockers.isEmpty()) {
                setLock(() -> app.databaseLock().lock(reason.get()));
                return;
            }
            Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, MessageFormat.format(text.getString("accounts.lock.blocked.text"), blockers.get()),
                    new ButtonType(text.getString("accounts.lock.anyway"), ButtonBar.ButtonData.OK_DONE),
                    new ButtonType(text.getString("accounts.lock.notYet"), ButtonBar.ButtonData.CANCEL_CLOSE));
            confirm.initOwner(window());
            confirm.setHeaderText(text.getString("accounts.lock.blocked.header"));
            confirm.getDialogPane().setId("lockBlocked");
            if (confirm.showAndWait().filter(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).isPresent()) {
                setLock(() -> app.databaseLock().lockAnyway(reason.get()));
            } else {
                sayProblem(MessageFormat.format(text.getString("accounts.lock.notLocked"), blockers.get()));
            }
        }, text, this::sayProblem);
    }

    private void setLock(Callable<DatabaseLock> work) {
        change("database-lock", work, x -> {
            lockChanged.run();
            return "";
        });
    }

    /** Runs one change off the FX thread; then the screen is reloaded and says what was done, or why nothing was. */
    private <T> void change(String name, Callable<T> work, Function<T, String> done) {
        Background.run(name, work, result -> {
            String said = done.apply(result);
            message.getStyleClass().setAll("label", "info-message");
            message.setText(said);
            refresh();
        }, text, this::sayProblem);
    }

    private void sayProblem(String problem) {
        message.getStyleClass().setAll("label", "error-message");
        message.setText(problem);
    }

    private Button accountButton(String id, String key, java.util.function.Consumer<Account> action) {
        Button b = new Button(text.getString(key));
        b.setId(id);
        b.setMnemonicParsing(true);
        b.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        b.setOnAction(e -> action.accept(table.getSelectionModel().getSelectedItem()));
        return b;
    }

    private String administrator() {
        return app.signedIn().map(Account::userName).orElse("");
    }

    private Window window() {
        return root.getScene().getWindow();
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
