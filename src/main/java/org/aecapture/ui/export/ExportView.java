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
import org.aecapture.service.SdtmExport;
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
    private final Button exportSdtm = new Button();
    private CsvImports imports;
    private SdtmExport sdtm;
    private Function<Window, Optional<Path>> chooseSdtmFolder;
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
        exportSdtm.setId("exportSdtm");
        exportSdtm.setText(text.getString("export.sdtm"));
        exportSdtm.setMnemonicParsing(true);
        exportSdtm.setVisible(false);
        exportSdtm.managedProperty().bind(exportSdtm.visibleProperty());
        exportSdtm.setOnAction(e -> exportSdtmToFolder());
        HBox actions = new HBox(12, exportButton, exportSdtm, loadRandomization, progress);
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

    /**
     * Offers "Export SDTM…": the DM, AE and SUPPAE datasets (.xpt and .json) and define.csv into a folder, with the
     * same blinding choice and cut-off as the summary. {@code chooser} asks for the folder (tests give a path).
     */
    public void offerSdtmExport(SdtmExport export, Function<Window, Optional<Path>> chooser) {
        this.sdtm = export;
        this.chooseSdtmFolder = chooser;
        exportSdtm.setVisible(true);
    }

    /** The usual chooser of the SDTM folder, from the user's home folder. */
    public static Function<Window, Optional<Path>> sdtmFolderChooser(ResourceBundle text) {
        return FileChoosers.chooseFolder(text, "export.sdtm.title");
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
        run("export-summary", new Task<>() {
            @Override
            protected String call() {
                updateMessage(text.getString("export.progress.computing"));
                updateProgress(1, 3);
                SummaryModel model = export.compute(blinded, cut);
                updateMessage(text.getString("export.progress.writing"));
                updateProgress(2, 3);
                export.write(model, out);
                updateProgress(3, 3);
                return format("export.done", out.toAbsolutePath());
            }
        });
    }

    private void exportSdtmToFolder() {
        Optional<Path> folder = chooseSdtmFolder.apply(root.getScene() == null ? null : root.getScene().getWindow());
        if (folder.isEmpty()) {
            return;
        }
        boolean blinded = forceBlinded.isSelected();
        LocalDate cut = cutoff.getValue();
        run("export-sdtm", new Task<>() {
            @Override
            protected String call() {
                updateMessage(text.getString("export.sdtm.progress.mapping"));
                updateProgress(1, 3);
                var datasets = sdtm.compute(blinded, cut);
                updateMessage(text.getString("export.sdtm.progress.writing"));
                updateProgress(2, 3);
                SdtmExport.Result result = sdtm.write(datasets, folder.get());
                updateProgress(3, 3);
                return format(result.blinded() ? "export.sdtm.done.blinded" : "export.sdtm.done.unblinded",
                        folder.get().toAbsolutePath(), result.recordsByDataset().get("DM"), result.recordsByDataset().get("AE"),
                        result.recordsByDataset().get("SUPPAE"));
            }
        });
    }

    /** Runs an export off the FX thread with its progress shown; its message says where the files went or why not. */
    private void run(String name, Task<String> task) {
        progress.progressProperty().bind(task.progressProperty());
        message.textProperty().bind(task.messageProperty());
        progress.setVisible(true);
        exportButton.setDisable(true);
        exportSdtm.setDisable(true);
        task.setOnSucceeded(e -> finish(task.getValue(), false));
        task.setOnFailed(e -> finish(format("export.failed", task.getException().getMessage()), true));
        Background.start(task, name);
    }

    private void finish(String text, boolean failed) {
        progress.progressProperty().unbind();
        message.textProperty().unbind();
        progress.setVisible(false);
        exportButton.setDisable(false);
        exportSdtm.setDisable(false);
        message.setText(text);
        message.getStyleClass().setAll("label", failed ? "error-message" : "done-message");
    }

    private String format(String key, Object... args) {
        return MessageFormat.format(text.getString(key), args);
    }
}
