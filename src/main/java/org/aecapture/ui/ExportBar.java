package org.aecapture.ui;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.concurrent.Task;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * A listing screen's status line: what the filter keeps on the left, and on the right "Export…" with the
 * progress of an export written off the FX thread (the button off meanwhile).
 */
public final class ExportBar {

    private final ResourceBundle text;
    private final Label status = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final Button export = new Button();
    private final HBox bar;

    /** {@code idPrefix} names the parts for tests: prefix + "Status", prefix + "Progress"; the button gets {@code exportId}. */
    public ExportBar(ResourceBundle text, String idPrefix, String exportId, String exportKey, Runnable onExport) {
        this.text = text;
        status.setId(idPrefix + "Status");
        status.getStyleClass().add("review-status");
        export.setId(exportId);
        export.setText(text.getString(exportKey));
        export.setMnemonicParsing(true);
        export.setOnAction(e -> onExport.run());
        progress.setId(idPrefix + "Progress");
        progress.setVisible(false);
        progress.managedProperty().bind(progress.visibleProperty()); // takes no room while hidden
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        bar = new HBox(10, status, spacer, progress, export);
        bar.getStyleClass().add("form-row");
    }

    public HBox node() {
        return bar;
    }

    public Label status() {
        return status;
    }

    /** The progress bar, for other long work of the screen (a load). */
    public ProgressBar progress() {
        return progress;
    }

    /** Runs an export with its progress; then {@code done}'s text, or why it failed, in the status line. */
    public <T> void run(String name, Task<T> task, Function<T, String> done) {
        Background.runShowingProgress(name, task, progress, export, result -> status.setText(done.apply(result)),
                error -> status.setText(MessageFormat.format(text.getString("export.failed"), error)));
    }
}
