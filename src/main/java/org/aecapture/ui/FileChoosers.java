package org.aecapture.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Where an export goes: a save dialog for an .xlsx file, starting in the user's home folder. */
public final class SaveAsXlsx {

    private SaveAsXlsx() {
    }

    public static Function<Window, Optional<Path>> chooser(ResourceBundle text, String titleKey, String initialFileName) {
        return owner -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(text.getString(titleKey));
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(text.getString("export.chooser.filter"), "*.xlsx"));
            chooser.setInitialFileName(initialFileName);
            File home = new File(System.getProperty("user.home"));
            if (home.isDirectory()) {
                chooser.setInitialDirectory(home); // not the working directory, which may be the installation
            }
            return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
        };
    }
}
