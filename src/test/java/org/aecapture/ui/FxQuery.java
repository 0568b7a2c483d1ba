package org.aecapture.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Looks at the screen on the FX thread. Why: a lookup from the test's own thread walks the scene graph while the FX thread
 * is still building a screen, and now and then fails on a list that changed under it (an IndexOutOfBoundsException in
 * {@code Parent.lookupAll}). Not to be called from the FX thread itself.
 */
public final class FxQuery {

    private FxQuery() {
    }

    /** {@code read} run on the FX thread, its result returned to the caller's. */
    public static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the screen", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the screen failed", e.getCause());
        }
    }

    /**
     * Waits until {@code condition} holds, reading it on the FX thread at each try (as {@link WaitForAsyncUtils#waitFor}
     * does on the caller's). The condition must not itself wait on the FX thread.
     */
    public static void waitFor(long timeout, TimeUnit unit, Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(timeout, unit, () -> onFx(condition));
    }

    /** Whether a node matching {@code query} is in the scene. */
    public static boolean present(FxRobot robot, String query) {
        return onFx(() -> robot.lookup(query).tryQuery().isPresent());
    }

    /** The text of the label matching {@code query}; empty while there is none. */
    public static String labelText(FxRobot robot, String query) {
        return onFx(() -> robot.lookup(query).tryQuery().map(n -> ((Label) n).getText()).orElse(""));
    }
}
