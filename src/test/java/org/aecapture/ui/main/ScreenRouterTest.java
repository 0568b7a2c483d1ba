package org.aecapture.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The window's routing on its own: no screen is drawn, so no toolkit is started. */
class ScreenRouterTest {

    private final Preferences preferences = Preferences.userRoot().node("aecapture-test-" + ProcessHandle.current().pid());
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void removePreferences() throws Exception {
        preferences.removeNode();
    }

    private ScreenRouter router() {
        ScreenRouter r = new ScreenRouter(node -> log.add("centre"));
        r.setPreferences(preferences);
        for (MainWindow.Screen s : MainWindow.Screen.values()) {
            r.register(s, () -> {
                log.add("build " + s);
                return new ScreenRouter.Built(null, () -> log.add("refresh " + s));
            });
        }
        return r;
    }

    @Test
    void aScreenIsBuiltOnceForAnAccountAndReadsItsDataEachTimeItIsShown() {
        ScreenRouter r = router();
        r.show(MainWindow.Screen.CAPTURE);
        r.show(MainWindow.Screen.REVIEW);
        r.show(MainWindow.Screen.CAPTURE);
        assertEquals(List.of("build CAPTURE", "centre", "refresh CAPTURE", "build REVIEW", "centre", "refresh REVIEW", "centre",
                "refresh CAPTURE"), log);
        log.clear();
        r.forget(); // the account left: the next one's screens are built for them
        r.show(MainWindow.Screen.CAPTURE);
        assertEquals(List.of("build CAPTURE", "centre", "refresh CAPTURE"), log);
    }

    @Test
    void theLastScreenShownIsRememberedBetweenRuns() {
        assertEquals(MainWindow.Screen.CAPTURE, router().last(), "the investigator's screen when none was shown");
        router().show(MainWindow.Screen.SAE);
        assertEquals(MainWindow.Screen.SAE, router().last(), "a new window reads what the last one showed");
        router().show(null);
        assertEquals(MainWindow.Screen.SAE, router().last());
    }
}
