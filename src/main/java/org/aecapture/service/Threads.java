package org.aecapture.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** Work done on a thread of its own while the caller goes on, and its result awaited as if it had been done here. */
final class Threads {

    private Threads() {
    }

    /** Runs each task on a new daemon thread of that name: a command's few background tasks never keep it alive. */
    static Executor daemon(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            t.start();
        };
    }

    /** The result, or what went wrong in making it, thrown here as it was thrown there. */
    static <T> T awaited(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
