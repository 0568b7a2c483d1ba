package org.aecapture.ui.audit;

import org.aecapture.domain.AuditEntry;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.aecapture.domain.Texts;
import org.aecapture.service.AuditService;
import org.aecapture.domain.SecurityEntry;
import org.aecapture.domain.AuditQuery;
import org.aecapture.ui.AuditHistoryTable;
import org.aecapture.ui.Background;
import org.aecapture.ui.Choices;
import org.aecapture.ui.ExportBar;
import org.aecapture.ui.FileChoosers;

/**
 * The whole audit trail: filtered by user, entity, subject, date range and action (searched in the
 * database, newest first, the first {@value #SHOWN} shown), and exported to .xlsx in full. A second tab
 * holds the security events (sign-ins, failures, lockouts, account changes) of the same user and dates.
 */
public final class AuditView {

    static final int SHOWN = 2_000;
    private static final String ANY = "";

    private final ResourceBundle text;
    private final AuditService audit;
    private final Function<Window, Optional<Path>> exportTarget;
    private final VBox root = new VBox(8);
    private final ComboBox<String> user = new ComboBox<>();
    private final ComboBox<String> entity = new ComboBox<>();
    private final TextField subject = new TextField();
    private final DatePicker from = new DatePicker();
    private final DatePicker to = new DatePicker();
    private final ComboBox<String> action = new ComboBox<>();
    private final TableView<AuditEntry> table;
    private final TableView<SecurityEntry> securityTable = new TableView<>();
    private final TabPane tabs = new TabPane();
    private final Tab securityTab = new Tab();
    private final ExportBar bar;
    private final Label status;
    private int searches;
    private boolean filling;

    public AuditView(ResourceBundle text, AuditService audit, Function<Window, Optional<Path>> exportTarget) {
        this.text = text;
        bar = new ExportBar(text, "audit", "exportAudit", "audit.export", this::exportAll);
        status = bar.status();
        this.audit = audit;
        this.exportTarget = exportTarget;
        table = AuditHistoryTable.of(text, List.of());
        table.setId("auditTable");
        table.getColumns().add(3, AuditHistoryTable.column(text, "audit.col.entity", e -> e.entity() + " " + e.recordId(), 130));
        table.getColumns().add(4, AuditHistoryTable.column(text, "audit.col.subject", AuditEntry::subjectId, 80));
        table.setPlaceholder(new Label(text.getString("audit.none")));
        securityTable.setId("securityTable");
        securityTable.setPlaceholder(new Label(text.getString("audit.security.none")));
        securityTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_LAST_COLUMN);
        securityTable.getColumns().add(AuditHistoryTable.column(text, "history.when", e -> AuditHistoryTable.utc(e.at()), 185));
        securityTable.getColumns().add(AuditHistoryTable.column(text, "history.who", SecurityEntry::user, 120));
        securityTable.getColumns().add(AuditHistoryTable.column(text, "audit.col.event", e -> text.getString("SecurityEvent." + e.event().name()), 190));
        securityTable.getColumns().add(AuditHistoryTable.column(text, "audit.col.detail", SecurityEntry::detail, 520));
        Tab changes = new Tab(text.getString("audit.tab.changes"), table);
        changes.setId("auditChangesTab");
        securityTab.setText(text.getString("audit.tab.security"));
        securityTab.setContent(securityTable);
        securityTab.setId("auditSecurityTab");
        tabs.getTabs().setAll(changes, securityTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);

        user.setId("auditUser");
        entity.setId("auditEntity");
        action.setId("auditAction");
        for (ComboBox<String> box : List.of(user, entity, action)) {
            Choices.named(box, v -> v.isEmpty() ? text.getString("audit.any") : v);
            box.valueProperty().addListener((o, was, is) -> changed());
        }
        action.getItems().add(ANY);
        for (AuditEntry.Action a : AuditEntry.Action.values()) {
            action.getItems().add(a.name());
        }
        action.setValue(ANY);
        subject.setId("auditSubject");
        subject.setPromptText(text.getString("audit.subject.prompt"));
        subject.setPrefColumnCount(8);
        subject.textProperty().addListener((o, was, is) -> changed());
        from.setId("auditFrom");
        to.setId("auditTo");
        for (DatePicker d : List.of(from, to)) {
            d.setPrefWidth(130);
            d.valueProperty().addListener((o, was, is) -> changed());
        }
        Button clear = new Button(text.getString("review.clear"));
        clear.setId("auditClear");
        clear.setOnAction(e -> {
            filling = true;
            user.setValue(ANY);
            entity.setValue(ANY);
            action.setValue(ANY);
            subject.clear();
            from.setValue(null);
            to.setValue(null);
            filling = false;
            changed();
        });
        HBox who = new HBox(8, label("audit.user", user), user, label("audit.entity", entity), entity, label("audit.subject", subject), subject);
        who.getStyleClass().add("form-row");
        HBox when = new HBox(8, label("audit.from", from), from, label("audit.to", to), to, label("audit.action", action), action, clear);
        when.getStyleClass().add("form-row");
        VBox filters = new VBox(6, who, when);

        // entity, subject and action are about records: on the security tab only the user and the dates apply
        for (Node recordOnly : List.of(entity, subject, action)) {
            recordOnly.disableProperty().bind(tabs.getSelectionModel().selectedItemProperty().isEqualTo(securityTab));
        }
        root.getChildren().addAll(filters, bar.node(), tabs);
        root.setPadding(new Insets(12, 16, 12, 16));
    }

    public Node root() {
        return root;
    }

    /** Reloads the choices and the entries, off the FX thread. */
    public void refresh() {
        Background.run("audit-choices", () -> List.of(audit.users(), audit.entities()), lists -> {
            filling = true;
            keep(user, lists.get(0));
            keep(entity, lists.get(1));
            filling = false;
            changed();
        }, status::setText);
    }

    private static void keep(ComboBox<String> box, List<String> values) {
        String was = box.getValue();
        List<String> items = new ArrayList<>();
        items.add(ANY);
        items.addAll(values);
        box.getItems().setAll(items);
        box.setValue(was != null && items.contains(was) ? was : ANY);
    }

    private AuditQuery query() {
        String a = action.getValue();
        return new AuditQuery(Texts.blankToNull(user.getValue()), Texts.blankToNull(entity.getValue()), Texts.blankToNull(subject.getText()), from.getValue(),
                to.getValue(), a == null || a.isEmpty() ? null : AuditEntry.Action.valueOf(a));
    }

    /** Searches the database off the FX thread; only the newest search's answer is shown. */
    private void changed() {
        if (filling) {
            return;
        }
        int search = ++searches;
        AuditQuery q = query();
        record Found(AuditService.Page changes, AuditService.SecurityPage security) { }
        java.util.concurrent.Callable<Found> read = () -> new Found(audit.search(q, SHOWN), audit.securityEvents(q, SHOWN));
        Task<Found> searching = Background.run("audit-search", read, found -> {
            if (search == searches) {
                AuditService.Page page = found.changes();
                table.setItems(FXCollections.observableArrayList(page.entries()));
                securityTable.setItems(FXCollections.observableArrayList(found.security().entries()));
                status.setText(MessageFormat.format(text.getString(page.total() > page.entries().size() ? "audit.statusMore" : "audit.status"),
                        page.entries().size(), page.total()) + " " + MessageFormat.format(text.getString(found.security().more()
                        ? "audit.security.statusMore" : "audit.security.status"), found.security().entries().size()));
            }
        }, status::setText);
        Background.placeholderUntilDone(table, searching, text.getString("audit.loading"), text.getString("audit.none"));
    }

    private String describe(AuditQuery q) {
        List<String> parts = new ArrayList<>();
        if (q.user() != null) {
            parts.add("user " + q.user());
        }
        if (q.entity() != null) {
            parts.add("entity " + q.entity());
        }
        if (q.subjectId() != null) {
            parts.add("subject contains " + q.subjectId());
        }
        if (q.from() != null) {
            parts.add("from " + q.from());
        }
        if (q.to() != null) {
            parts.add("to " + q.to());
        }
        if (q.action() != null) {
            parts.add("action " + q.action());
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    private void exportAll() {
        Optional<Path> target = exportTarget.apply(root.getScene() == null ? null : root.getScene().getWindow());
        if (target.isEmpty()) {
            return;
        }
        AuditQuery q = query();
        Task<Integer> task = new Task<>() {
            @Override
            protected Integer call() {
                return audit.export(target.get(), q, describe(q), n -> updateProgress(-1, 1));
            }
        };
        bar.run("audit-export", task, n -> MessageFormat.format(text.getString("audit.exported"), n, target.get()));
    }

    private Label label(String key, Node field) {
        Label l = new Label(text.getString(key));
        l.setMnemonicParsing(true);
        l.setMinWidth(Region.USE_PREF_SIZE);
        l.setLabelFor(field);
        return l;
    }

    public static Function<Window, Optional<Path>> fileChooser(ResourceBundle text, String studyId) {
        return FileChoosers.saveXlsx(text, "audit.export.title", studyId + "_audit_trail_" + LocalDate.now() + ".xlsx");
    }
}
