package org.aecapture.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** The application's own version, written into the jar by the build. */
public final class AppInfo {

    public static final String NAME = "AE Capture";

    private AppInfo() {
    }

    /** The licence and provenance notice shown in the About dialog and shipped with the installers. */
    public static String notice() {
        try (InputStream in = AppInfo.class.getResourceAsStream("NOTICE.txt")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
