package org.aecapture.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The file dialogs: where an .xlsx export goes, and which CSV file is read; each starts in the user's home folder. */
public final class FileChoosers {

    private FileChoosers() {
    }

    /** A save dialog for an .xlsx file with a suggested name. */
    public static Function<Window, Optional<Path>> saveXlsx(ResourceBundle text, String titleKey, String initialFileName) {
        return owner -> {
            FileChooser chooser = inHome(text, titleKey, "export.chooser.filter", "*.xlsx");
            chooser.setInitialFileName(initialFileName);
            return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
        };
    }

    /** Where to save a PDF, starting in the home folder with a suggested name. */
    public static Function<Window, Optional<Path>> savePdf(ResourceBundle text, String titleKey, String initialFileName) {
        return owner -> {
            FileChooser chooser = inHome(text, titleKey, "files.pdf", "*.pdf");
            chooser.setInitialFileName(initialFileName);
            return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
        };
    }

    /** An open dialog for a CSV file. */
    public static Function<Window, Optional<Path>> openCsv(ResourceBundle text, String titleKey) {
        return owner -> Optional.ofNullable(inHome(text, titleKey, "chooser.csvFilter", "*.csv").showOpenDialog(owner)).map(File::toPath);
    }

    /** A dialog for a folder (where a set of files goes). */
    public static Function<Window, Optional<Path>> chooseFolder(ResourceBundle text, String titleKey) {
        return owner -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(text.getString(titleKey));
            File home = new File(System.getProperty("user.home"));
            if (home.isDirectory()) {
                chooser.setInitialDirectory(home);
            }
            return Optional.ofNullable(chooser.showDialog(owner)).map(File::toPath);
        };
    }

    private static FileChooser inHome(ResourceBundle text, String titleKey, String filterKey, String pattern) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(text.getString(titleKey));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(text.getString(filterKey), pattern));
        File home = new File(System.getProperty("user.home"));
        if (home.isDirectory()) {
            chooser.setInitialDirectory(home); // not the working directory, which may be the installation
        }
        return chooser;
    }
}
