package org.aecapture.ui.sync;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.aecapture.service.AeCapture;
import org.aecapture.service.SiteSyncs;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.ui.AuditHistoryTable;
import org.aecapture.ui.Background;

/**
 * The site's sync screen (a file, its investigators and coordinators): where the file stands, "Sync now" with the
 * person's password, its progress and result, and the conflicts it left, each resolved here with a reason by keeping
 * the site's version or the central one.
 */
public final class SyncView {

    private final ResourceBundle text;
    private final AeCapture app;
    private final Runnable synced;
    private final VBox root = new VBox(12);
    private final Label state = new Label();
    private final TextField central = new TextField();
    private final PasswordField password = new PasswordField();
    private final Button syncNow = new Button();
    private final ProgressBar progress = new ProgressBar();
    private final Label result = new Label();
    private final ListView<org.aecapture.domain.SyncConflict> conflicts = new ListView<>();
    private final TextField reason = new TextField();
    private final Button keepSite = new Button();
    private final Button keepCentral = new Button();
    /** For a subject whose number the centre holds for another subject: the site's gets its site's next free number. */
    private final Button keepBoth = new Button();
    private final Label problem = new Label();

    /** {@code synced} runs after a sync or a resolution, for the window to update what it says of the file. */
    public SyncView(ResourceBundle text, AeCapture app, Runnable synced) {
        this.text = text;
        this.app = app;
        this.synced = synced;
        root.setPadding(new Insets(16));
        Label heading = new Label(text.getString("sync.heading"));
        heading.getStyleClass().add("screen-heading");
        state.setId("syncState");
        state.setWrapText(true);
        central.setId("syncCentral");
        central.setPromptText("jdbc:postgresql://host:5432/aecapture");
        central.setPrefColumnCount(40);
        password.setId("syncPassword");
        password.setPromptText(text.getString("sync.password.prompt"));
        syncNow.setId("syncNow");
        syncNow.setText(text.getString("sync.now"));
        syncNow.setDefaultButton(true);
        syncNow.setOnAction(e -> syncNow());
        progress.setId("syncProgress");
        progress.setVisible(false);
        result.setId("syncResult");
        result.setWrapText(true);
        problem.setId("syncProblem");
        problem.setWrapText(true);
        problem.getStyleClass().add("error-message");
        GridPane form = new GridPane();
        form.getStyleClass().add("form-grid");
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label(text.getString("sync.central")), central);
        form.addRow(1, new Label(text.getString("sync.password")), password);
        HBox run = new HBox(10, syncNow, progress);
        Label conflictsHeading = new Label(text.getString("sync.conflicts"));
        conflictsHeading.getStyleClass().add("screen-heading");
        conflicts.setId("syncConflicts");
        conflicts.setPlaceholder(new Label(text.getString("sync.conflicts.none")));
        conflicts.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            {
                // a long description wraps within the list rather than running off to a horizontal scroll bar
                prefWidthProperty().bind(list.widthProperty().subtract(24));
                setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(org.aecapture.domain.SyncConflict item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.description());
                setWrapText(true);
            }
        });
        conflicts.setPrefHeight(180);
        VBox.setVgrow(conflicts, Priority.ALWAYS);
        reason.setId("conflictReason");
        reason.setPromptText(text.getString("sync.reason.prompt"));
        HBox.setHgrow(reason, Priority.ALWAYS);
        keepSite.setId("keepSite");
        keepSite.setText(text.getString("sync.keepSite"));
        keepSite.setOnAction(e -> resolve(true));
        keepCentral.setId("keepCentral");
        keepCentral.setText(text.getString("sync.keepCentral"));
        keepCentral.setOnAction(e -> resolve(false));
        var chosen = conflicts.getSelectionModel().selectedItemProperty().isNull();
        keepSite.disableProperty().bind(chosen.or(reason.textProperty().isEmpty()));
        keepCentral.disableProperty().bind(keepSite.disableProperty());
        keepBoth.setId("keepBoth");
        keepBoth.setText(text.getString("sync.keepBoth"));
        keepBoth.setOnAction(e -> keepBoth());
        keepBoth.disableProperty().bind(keepSite.disableProperty().or(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            org.aecapture.domain.SyncConflict c = conflicts.getSelectionModel().getSelectedItem();
            return c == null || !c.entity().equals("subject");
        }, conflicts.getSelectionModel().selectedItemProperty())));
        HBox resolve = new HBox(8, new Label(text.getString("sync.reason")), reason, keepSite, keepCentral, keepBoth);
        root.getChildren().setAll(heading, state, form, run, result, problem, conflictsHeading, conflicts, resolve);
    }

    public Node root() {
        return root;
    }

    /** Where the file stands and its open conflicts, read off the FX thread. */
    public void refresh() {
        record Loaded(Optional<String> linked, Optional<Instant> last, int pending, List<org.aecapture.domain.SyncConflict> conflicts) { }
        Background.run("sync-state", () -> new Loaded(SiteSyncs.linkedTo(app), SiteSyncs.lastSync(app), SiteSyncs.pendingChanges(app),
                SiteSyncs.conflicts(app)), loaded -> {
            loaded.linked().ifPresent(central::setText);
            central.setDisable(loaded.linked().isPresent()); // a file is synced with the database it was first synced with
            state.setText(loaded.linked().isEmpty() ? MessageFormat.format(text.getString("sync.state.unlinked"), loaded.pending())
                    : MessageFormat.format(text.getString("sync.state.linked"), loaded.linked().get(),
                    loaded.last().map(AuditHistoryTable::utc).orElse(text.getString("sync.never")), loaded.pending()));
            conflicts.setItems(FXCollections.observableArrayList(loaded.conflicts()));
        }, text, problem::setText);
    }

    private void syncNow() {
        problem.setText("");
        String user = app.signedIn().orElseThrow().userName();
        DatabaseLocation where;
        try {
            where = DatabaseLocation.parse(central.getText().strip());
        } catch (RuntimeException e) {
            problem.setText(e.getMessage());
            return;
        }
        if (!(where instanceof DatabaseLocation.PostgresServer)) {
            problem.setText(text.getString("sync.central.notServer"));
            return;
        }
        char[] typed = password.getText().toCharArray();
        password.clear();
        Path site = ((DatabaseLocation.SqliteFile) app.location()).file();
        result.setText(text.getString("sync.running"));
        javafx.concurrent.Task<org.aecapture.domain.SyncResult> task = new javafx.concurrent.Task<>() {
            @Override
            protected org.aecapture.domain.SyncResult call() {
                updateProgress(-1, 1);
                return SiteSyncs.run(site, where, user, typed, typed.clone(), app.clock());
            }
        };
        Consumer<String> failed = message -> {
            result.setText("");
            problem.setText(message);
        };
        Background.runShowingProgress("sync", task, progress, syncNow, r -> {
            result.setText(describe(r));
            refresh();
            synced.run();
        }, failed);
    }

    private String describe(org.aecapture.domain.SyncResult r) {
        StringBuilder said = new StringBuilder();
        r.refused().forEach(x -> said.append(MessageFormat.format(text.getString("sync.refused"), x)).append('\n'));
        if (!r.refusedAll()) {
            said.append(MessageFormat.format(text.getString("sync.done"), counted(r.sent()), counted(r.received()), r.conflicts().size()));
        }
        return said.toString().strip();
    }

    private String counted(Map<String, Integer> counts) {
        // a table without its own words is named as it is, never a failure that leaves the screen saying "Syncing…"
        return counts.isEmpty() ? text.getString("sync.nothing") : String.join(", ", counts.entrySet().stream()
                .map(e -> e.getValue() + " " + (text.containsKey("sync.entity." + e.getKey()) ? text.getString("sync.entity." + e.getKey())
                        : e.getKey().replace('_', ' '))).toList());
    }

    /** Keeps both subjects of a clash of numbers: the site's is renumbered, audited, and goes at the next sync. */
    private void keepBoth() {
        org.aecapture.domain.SyncConflict chosen = conflicts.getSelectionModel().getSelectedItem();
        String why = reason.getText();
        Background.run("sync-keep-both", () -> SiteSyncs.keepBoth(app, chosen, why), newNumber -> {
            reason.clear();
            result.setText(MessageFormat.format(text.getString("sync.resolved.both"), chosen.subjectId(), newNumber));
            refresh();
            synced.run();
        }, text, problem::setText);
    }

    private void resolve(boolean keepTheSites) {
        org.aecapture.domain.SyncConflict chosen = conflicts.getSelectionModel().getSelectedItem();
        String why = reason.getText();
        Background.run("sync-resolve", () -> {
            SiteSyncs.resolve(app, chosen, keepTheSites, why);
            return true;
        }, done -> {
            reason.clear();
            result.setText(text.getString(keepTheSites ? "sync.resolved.site" : "sync.resolved.central"));
            refresh();
            synced.run();
        }, text, problem::setText);
    }
}
