package org.aecapture.ui.main;

import java.io.File;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.aecapture.location.DatabaseLocation;

/**
 * "Open database…": a recent database, a file chosen on disk, or a server's {@code jdbc:postgresql://} URL typed
 * in. A bad entry is said under the field and nothing is opened.
 */
final class OpenDatabaseDialog {

    private OpenDatabaseDialog() {
    }

    static Optional<DatabaseLocation> show(Window owner, ResourceBundle text, List<DatabaseLocation> recent, DatabaseLocation current) {
        Dialog<DatabaseLocation> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(text.getString("open.title"));
        dialog.setHeaderText(text.getString("open.header"));
        ComboBox<String> where = new ComboBox<>();
        where.setId("openLocation");
        where.setEditable(true);
        where.setPrefWidth(520);
        recent.forEach(l -> where.getItems().add(l.display()));
        where.getEditor().setText(current.display());
        Button browse = new Button(text.getString("open.browse"));
        browse.setId("openBrowse");
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(text.getString("open.title"));
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(text.getString("open.filter"), "*.db"));
            if (current instanceof DatabaseLocation.SqliteFile f && f.file().toAbsolutePath().getParent() != null) {
                File folder = f.file().toAbsolutePath().getParent().toFile();
                if (folder.isDirectory()) {
                    chooser.setInitialDirectory(folder);
                }
            }
            File chosen = chooser.showOpenDialog(dialog.getDialogPane().getScene().getWindow());
            if (chosen != null) {
                where.getEditor().setText(chosen.getAbsolutePath());
            }
        });
        Label problem = new Label();
        problem.setId("openProblem");
        problem.getStyleClass().add("error-message");
        problem.setWrapText(true);
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        Label whereLabel = new Label(text.getString("open.location"));
        whereLabel.setMnemonicParsing(true);
        whereLabel.setLabelFor(where);
        form.addRow(0, whereLabel, where, browse);
        form.add(new Label(text.getString("open.explain")), 1, 1, 2, 1);
        form.add(problem, 1, 2, 2, 1);
        GridPane.setHgrow(where, Priority.ALWAYS);
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("openConfirm");
        ok.setText(text.getString("open.confirm"));
        ok.disableProperty().bind(where.getEditor().textProperty().isEmpty());
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            try {
                DatabaseLocation.parse(where.getEditor().getText());
            } catch (IllegalArgumentException bad) {
                problem.setText(bad.getMessage());
                e.consume(); // the dialog stays, with what was typed
            }
        });
        dialog.setResultConverter(button -> button == ButtonType.OK ? DatabaseLocation.parse(where.getEditor().getText()) : null);
        Platform.runLater(where.getEditor()::requestFocus);
        return dialog.showAndWait();
    }
}
