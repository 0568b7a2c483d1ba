package org.aecapture.ui;

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
}
