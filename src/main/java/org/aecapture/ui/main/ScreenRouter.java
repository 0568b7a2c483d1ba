package org.aecapture.ui.main;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.prefs.Preferences;
import javafx.scene.Node;

/**
 * The screens of a signed-in window: each built on first use for the account at hand, put in the window's centre and
 * refreshed every time it is shown (the data may have changed meanwhile), all dropped when the account leaves; the
 * last one shown is remembered between runs.
 */
final class ScreenRouter {

    /** A built screen: its node and how it reads its data anew. */
    record Built(Node root, Runnable refresh) { }

    private static final String LAST_SCREEN = "lastScreen";

    private final Map<MainWindow.Screen, Supplier<Built>> builders = new EnumMap<>(MainWindow.Screen.class);
    private final Map<MainWindow.Screen, Built> built = new EnumMap<>(MainWindow.Screen.class);
    private final Consumer<Node> center;
    private Preferences preferences;

    ScreenRouter(Consumer<Node> center) {
        this.center = center;
    }

    /** How a screen is built when it is first shown for an account. */
    void register(MainWindow.Screen screen, Supplier<Built> builder) {
        builders.put(screen, builder);
    }

    void setPreferences(Preferences preferences) {
        this.preferences = preferences;
    }

    /** Shows a screen (null: nothing happens), building it on first use. */
    void show(MainWindow.Screen screen) {
        if (screen == null) {
            return;
        }
        if (preferences != null) {
            preferences.put(LAST_SCREEN, screen.name());
        }
        Built b = built.computeIfAbsent(screen, s -> builders.get(s).get());
        center.accept(b.root());
        b.refresh().run();
    }

    /** Drops the screens built for the account that leaves: the next one's are built for them. */
    void forget() {
        built.clear();
    }

    /** The screen shown last (in an earlier run too); the capture screen when none was. */
    MainWindow.Screen last() {
        String saved = preferences == null ? null : preferences.get(LAST_SCREEN, null);
        for (MainWindow.Screen s : MainWindow.Screen.values()) {
            if (s.name().equals(saved)) {
                return s;
            }
        }
        return MainWindow.Screen.CAPTURE;
    }
}
