package org.aecapture.app;

import java.nio.file.Path;
import java.util.Locale;

/** Where the embedded default database lives: the user's data folder, never the installation folder. */
public final class DataPaths {

    public static final String DATABASE_FILE = "aecapture.db";

    private DataPaths() {
    }

    public static Path defaultDatabase() {
        return dataFolder().resolve(DATABASE_FILE);
    }

    static Path dataFolder() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home");
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return Path.of(appData != null ? appData : home, "AE Capture");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "AE Capture");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share")).resolve("aecapture");
    }

    /** Until accounts exist, the user is the operating-system account. */
    public static String operatingSystemUser() {
        return System.getProperty("user.name", "unknown");
    }
}
