package org.aecapture.ui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.concurrent.Task;

/** Runs a task on its own daemon thread: database and disk work never runs on the FX thread. */
public final class Background {

    private Background() {
    }

    public static <T> Task<T> start(Task<T> task, String name) {
        Thread worker = new Thread(task, name);
        worker.setDaemon(true); // closing the window must not wait for a read to finish
        worker.start();
        return task;
    }

    /** Runs {@code work} off the FX thread; its result, or the message of its failure, comes back on the FX thread. */
    public static <T> Task<T> run(String name, Callable<T> work, Consumer<T> then, Consumer<String> failed) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> then.accept(task.getValue()));
        task.setOnFailed(e -> failed.accept(task.getException().getMessage()));
        return start(task, name);
    }
}
