package org.aecapture.ui.export;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.aecapture.report.SummaryModel;
import org.aecapture.service.CsvImports;
import org.aecapture.service.SummaryExport;
import org.aecapture.ui.Background;
import org.aecapture.ui.FileChoosers;

/**
 * The primary-outcome export screen: blinding state and N per column, a preview of the Overview table,
 * and "Export…" to an .xlsx file. Computing and writing run off the FX thread with progress; nothing
 * is opened by itself.
 */
public final class ExportView {

    private final ResourceBundle text;
    private final SummaryExport export;
    private final String studyId;
    private final Function<Window, Optional<Path>> chooseTarget;

    private final VBox root = new VBox();
    private final Label blinding = new Label();
    private final Label populations = new Label();
    private final CheckBox forceBlinded = new CheckBox();
    private final DatePicker cutoff = new DatePicker();
    private final TableView<SummaryModel.Row> preview = new TableView<>();
    private final Button exportButton = new Button();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label message = new Label();
    private final Button loadRandomization = new Button();
    private CsvImports imports;
    private Function<Window, Optional<Path>> chooseRandomization;

    /**
     * @param chooseTarget asks the user where to write the workbook (a file chooser; tests give a path)
     */
    public ExportView(ResourceBundle text, SummaryExport export, String studyId, Function<Window, Optional<Path>> chooseTarget) {
        this.text = text;
        this.export = export;
        this.studyId = studyId;
        this.chooseTarget = chooseTarget;
        build();
    }

    /** The usual chooser: .xlsx only, a name with the study and the date. */
    public static Function<Window, Optional<Path>> fileChooser(ResourceBundle text, String studyId) {
        return FileChoosers.saveXlsx(text, "export.chooser.title", studyId + "_safety_summary_" + LocalDate.now() + ".xlsx");
    }

    private void build() {
        root.getStyleClass().add("export-screen");
        root.setPadding(new Insets(20));
        root.setSpacing(12);
        Label heading = new Label(text.getString("export.heading"));
        heading.getStyleClass().add("screen-heading");
        blinding.setId("blindingState");
        blinding.setWrapText(true);
        populations.setId("populations");

        forceBlinded.setText(text.getString("export.forceBlinded"));
        forceBlinded.setId("forceBlinded");
        forceBlinded.setMnemonicParsing(true);
        forceBlinded.setDisable(true);
        forceBlinded.selectedProperty().addListener((o, was, is) -> refresh());
        Label cutoffLabel = new Label(text.getString("export.cutoff"));
        cutoffLabel.setLabelFor(cutoff);
        cutoffLabel.setMnemonicParsing(true);
        cutoff.setId("cutoff");
        cutoff.setPromptText(text.getString("export.cutoff.prompt"));
        cutoff.valueProperty().addListener((o, was, is) -> refresh());
        HBox options = new HBox(16, forceBlinded, cutoffLabel, cutoff);
        options.getStyleClass().add("export-options");

        Label previewHeading = new Label(text.getString("export.preview"));
        previewHeading.getStyleClass().add("section-heading");
        preview.setId("overviewPreview");
        preview.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        preview.setPlaceholder(new Label(text.getString("export.computing")));
        VBox.setVgrow(preview, Priority.ALWAYS);

        exportButton.setText(text.getString("export.button"));
        exportButton.setId("exportButton");
        exportButton.setMnemonicParsing(true);
        exportButton.setDefaultButton(true);
        exportButton.setOnAction(e -> exportToFile());
        progress.setId("exportProgress");
        progress.setVisible(false);
        progress.managedProperty().bind(progress.visibleProperty()); // takes no room while hidden
        progress.setPrefWidth(220);
        message.setId("exportMessage");
        message.setWrapText(true);
        loadRandomization.setId("loadRandomization");
        loadRandomization.setText(text.getString("export.loadRandomization"));
        loadRandomization.setMnemonicParsing(true);
        loadRandomization.setVisible(false);
        loadRandomization.managedProperty().bind(loadRandomization.visibleProperty());
        loadRandomization.setOnAction(e -> loadRandomizationList());
        HBox actions = new HBox(12, exportButton, loadRandomization, progress);
        actions.getStyleClass().add("export-actions");
        message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // an import's problems, one per line, all shown

        root.getChildren().addAll(heading, blinding, populations, options, previewHeading, preview, actions, message);
    }

    public Node root() {
        return root;
    }

    /**
     * Offers "Load randomization list…" while none is loaded: for the unblinded statistician, the one role
     * the service lets load it. {@code chooser} asks for the CSV file (a file chooser; tests give a path).
     */
    public void offerRandomizationLoading(CsvImports csvImports, Function<Window, Optional<Path>> chooser) {
        this.imports = csvImports;
        this.chooseRandomization = chooser;
    }

    /** The usual chooser of the randomization list: a CSV file, from the user's home folder. */
    public static Function<Window, Optional<Path>> randomizationChooser(ResourceBundle text) {
        return FileChoosers.openCsv(text, "export.loadRandomization.title");
    }

    private void loadRandomizationList() {
        Optional<Path> csv = chooseRandomization.apply(root.getScene() == null ? null : root.getScene().getWindow());
        if (csv.isEmpty()) {
            return;
        }
        loadRandomization.setDisable(true);
        message.getStyleClass().setAll("label");
        message.setText(format("export.loadRandomization.reading", csv.get().getFileName()));
        Background.run("load-randomization", () -> imports.importRandomization(csv.get()), loaded -> {
            loadRandomization.setDisable(false);
            message.setText(format("export.loadRandomization.done", loaded.rows(), csv.get()));
            refresh();
        }, text, problem -> {
            loadRandomization.setDisable(false);
            message.getStyleClass().setAll("label", "error-message");
            message.setText(problem);
        });
    }

    /** Recomputes the preview for the current options, in the background. */
    public void refresh() {
        boolean blinded = forceBlinded.isSelected();
        LocalDate cut = cutoff.getValue();
        Task<Preview> task = new Task<>() {
            @Override
            protected Preview call() {
                return new Preview(export.isRandomizationLoaded(), export.compute(blinded, cut));
            }
        };
        task.setOnSucceeded(e -> show(task.getValue()));
        task.setOnFailed(e -> message.setText(format("export.failed", task.getException().getMessage())));
        Background.start(task, "export-preview");
    }

    private record Preview(boolean randomizationLoaded, SummaryModel model) { }

    private void show(Preview p) {
        SummaryModel m = p.model();
        forceBlinded.setDisable(!p.randomizationLoaded());
        loadRandomization.setVisible(imports != null && !p.randomizationLoaded());
        boolean byArm = m.groups().size() > 1;
        blinding.setText(text.getString(byArm ? "export.state.unblinded"
                : p.randomizationLoaded() ? "export.state.forcedBlinded" : "export.state.blinded"));
        blinding.getStyleClass().setAll("label", byArm ? "state-unblinded" : "state-blinded");
        populations.setText(format("export.populations", String.join("   ", m.groups().stream().map(SummaryModel.ColumnGroup::header).toList())));

        preview.getColumns().clear();
        TableColumn<SummaryModel.Row, String> category = new TableColumn<>(m.overview().labelHeaders().get(0));
        category.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().labels().get(0)));
        category.setPrefWidth(420);
        category.setMinWidth(300);
        category.setSortable(false);
        preview.getColumns().add(category);
        List<SummaryModel.ColumnGroup> groups = m.groups();
        for (int g = 0; g < groups.size(); g++) {
            int index = g;
            TableColumn<SummaryModel.Row, String> column = new TableColumn<>(groups.get(g).header());
            column.setId("group" + g);
            column.setCellValueFactory(c -> new ReadOnlyStringWrapper(cell(c.getValue().counts().get(index))));
            column.setSortable(false);
            column.setMinWidth(150); // "ALPN-101 (N=920)" and "115 (97.5%)" must never be cut
            column.setPrefWidth(150);
            column.getStyleClass().add("count-column");
            preview.getColumns().add(column);
        }
        preview.setItems(FXCollections.observableArrayList(m.overview().rows()));
    }

    /** "n (p%)" for subjects, "n" for events, as in the workbook. */
    static String cell(SummaryModel.Count count) {
        return count.fraction() == null ? String.valueOf(count.n())
                : String.format(java.util.Locale.ROOT, "%d (%.1f%%)", count.n(), 100 * count.fraction());
    }

    private void exportToFile() {
        Optional<Path> target = chooseTarget.apply(root.getScene() == null ? null : root.getScene().getWindow());
        if (target.isEmpty()) {
            return;
        }
        Path out = target.get().getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx")
                ? target.get() : target.get().resolveSibling(target.get().getFileName() + ".xlsx");
        boolean blinded = forceBlinded.isSelected();
        LocalDate cut = cutoff.getValue();
        Task<SummaryModel> task = new Task<>() {
            @Override
            protected SummaryModel call() {
                updateMessage(text.getString("export.progress.computing"));
                updateProgress(1, 3);
                SummaryModel model = export.compute(blinded, cut);
                updateMessage(text.getString("export.progress.writing"));
                updateProgress(2, 3);
                export.write(model, out);
                updateProgress(3, 3);
                return model;
            }
        };
        progress.progressProperty().bind(task.progressProperty());
        message.textProperty().bind(task.messageProperty());
        progress.setVisible(true);
        exportButton.setDisable(true);
        task.setOnSucceeded(e -> finish(format("export.done", out.toAbsolutePath()), false));
        task.setOnFailed(e -> finish(format("export.failed", task.getException().getMessage()), true));
        Background.start(task, "export-summary");
    }

    private void finish(String text, boolean failed) {
        progress.progressProperty().unbind();
        message.textProperty().unbind();
        progress.setVisible(false);
        exportButton.setDisable(false);
        message.setText(text);
        message.getStyleClass().setAll("label", failed ? "error-message" : "done-message");
    }

    private String format(String key, Object... args) {
        return MessageFormat.format(text.getString(key), args);
    }
}
