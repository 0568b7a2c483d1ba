package org.aecapture.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The application's own version, written into the jar by the build. */
public final class AppInfo {

    public static final String NAME = "AE Capture";

    private AppInfo() {
    }

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = AppInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }
}
