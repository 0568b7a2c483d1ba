package org.aecapture.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Hands items to a consumer that runs on a thread of its own, in batches and in the order given: the export's reading
 * thread waits on the database driver while the other core, otherwise idle, counts what was already read.
 * {@link #finish()} waits for the last item and throws here what the consumer threw there.
 */
final class OnItsOwnThread<T> implements Consumer<T>, AutoCloseable {

    private static final int BATCH = 4096;

    private final Consumer<T> consumer;
    private final ExecutorService thread;
    private List<T> batch = new ArrayList<>(BATCH);
    /** The last batch handed over; each runs after the one before, and none after a failure. */
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    OnItsOwnThread(String name, Consumer<T> consumer) {
        this.consumer = consumer;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void accept(T item) {
        batch.add(item);
        if (batch.size() == BATCH) {
            handOver();
        }
    }

    private void handOver() {
        List<T> items = batch;
        batch = new ArrayList<>(BATCH);
        last = last.thenRunAsync(() -> items.forEach(consumer), thread);
    }

    /** Waits until the consumer has had every item. */
    void finish() {
        handOver();
        Threads.awaited(last);
    }

    /** Stops the thread; what was not yet consumed (after a failure here) is dropped. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
