package org.aecapture.ui.main;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.stage.Window;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.service.AeCapture;
import org.aecapture.ui.Background;

/**
 * The full integrity check of an SQLite database, run after the window shows: its result in the status bar; a failure
 * is said in a dialog and the database takes no more changes (the store refuses them with what was found).
 */
final class IntegrityStatus {

    private final ResourceBundle text;
    private final Label label = new Label();
    /** The database the window shows now: a check's result for one opened before it is not shown. */
    private final Supplier<AeCapture> current;
    private final Supplier<Window> owner;

    IntegrityStatus(ResourceBundle text, Supplier<AeCapture> current, Supplier<Window> owner) {
        this.text = text;
        this.current = current;
        this.owner = owner;
        label.setId("statusIntegrity");
    }

    Label label() {
        return label;
    }

    void check(AeCapture app, DatabaseLocation location) {
        if (!(location instanceof DatabaseLocation.SqliteFile)) {
            return;
        }
        label.setText(text.getString("status.check.running"));
        Background.run("integrity-check", app::checkIntegrity, report -> {
            if (current.get() != app) {
                return; // another database was opened meanwhile
            }
            if (report.ok()) {
                label.setText(MessageFormat.format(text.getString("status.check.ok"),
                        String.format(Locale.ROOT, "%.1f", report.took().toMillis() / 1000.0)));
                label.getStyleClass().setAll("label", "check-ok");
            } else {
                label.setText(text.getString("status.check.failed"));
                label.getStyleClass().setAll("label", "check-failed");
                Alert alert = new Alert(Alert.AlertType.ERROR, MessageFormat.format(text.getString("check.failed.text"), location.display(),
                        report.problemsText()));
                alert.setHeaderText(text.getString("check.failed.title"));
                alert.initOwner(owner.get());
                alert.show();
            }
        }, text, label::setText);
    }
}
