package org.aecapture.ui;

import org.aecapture.domain.AuditEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** A record's audit trail as a table: when (UTC), who, what, the old and new value, and why. */
public final class AuditHistoryTable {

    private static final DateTimeFormatter AUDIT_TIME = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private AuditHistoryTable() {
    }

    /** An ISO-8601 instant as people read it, e.g. "25-Nov-2026 11:36:56 UTC". */
    public static String utc(String isoInstant) {
        return utc(Instant.parse(isoInstant));
    }

    public static TableView<AuditEntry> of(ResourceBundle text, List<AuditEntry> entries) {
        TableView<AuditEntry> history = new TableView<>(FXCollections.observableArrayList(entries));
        history.setId("historyTable");
        history.setFixedCellSize(24); // one line per change: a long value (the study definition) shows its start
        history.getColumns().add(column(text, "history.when", e -> AUDIT_TIME.format(e.at()), 185));
        history.getColumns().add(column(text, "history.who", AuditEntry::author, 100));
        history.getColumns().add(column(text, "history.action", e -> e.action().name(), 70));
        history.getColumns().add(column(text, "history.field", AuditEntry::field, 110));
        history.getColumns().add(column(text, "history.old", AuditEntry::oldValue, 150));
        history.getColumns().add(column(text, "history.new", AuditEntry::newValue, 150));
        history.getColumns().add(column(text, "history.reason", AuditEntry::reason, 200));
        return history;
    }

    /** An instant as people read it, e.g. "25-Nov-2026 11:36:56 UTC". */
    public static String utc(Instant at) {
        return AUDIT_TIME.format(at);
    }

    public static <T> TableColumn<T, String> column(ResourceBundle text, String key, Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>(text.getString(key));
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
