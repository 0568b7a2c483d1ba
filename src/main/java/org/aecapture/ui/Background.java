package org.aecapture.ui;

import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.concurrent.Task;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import org.aecapture.domain.ValidationException;

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

    /**
     * Runs a long task (an export) off the FX thread with its progress on {@code progress}, {@code trigger}
     * disabled meanwhile; then its result, or the message of its failure, on the FX thread.
     */
    public static <T> Task<T> runShowingProgress(String name, Task<T> task, ProgressBar progress, Node trigger, Consumer<T> then,
                                                 Consumer<String> failed) {
        progress.setVisible(true);
        progress.progressProperty().bind(task.progressProperty());
        trigger.setDisable(true);
        Runnable done = () -> {
            progress.progressProperty().unbind();
            progress.setVisible(false);
            trigger.setDisable(false);
        };
        task.setOnSucceeded(e -> {
            done.run();
            then.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            done.run();
            failed.accept(task.getException().getMessage());
        });
        return start(task, name);
    }

    /** Runs {@code work} off the FX thread; its result, or the message of its failure, comes back on the FX thread. */
    public static <T> Task<T> run(String name, Callable<T> work, Consumer<T> then, Consumer<String> failed) {
        return run(name, work, then, Throwable::getMessage, failed);
    }

    /** As {@link #run(String, Callable, Consumer, Consumer)}, with broken rules told by the fields' names as the screen shows them. */
    public static <T> Task<T> run(String name, Callable<T> work, Consumer<T> then, ResourceBundle text, Consumer<String> failed) {
        return run(name, work, then, e -> explain(text, e), failed);
    }

    /** A failure in the user's words: each broken rule on a line, led by its field's label. */
    public static String explain(ResourceBundle text, Throwable e) {
        if (e instanceof ValidationException v) {
            return v.violations().stream().map(x -> FieldLabels.of(text, x.field()) + ": " + x.message())
                    .collect(Collectors.joining("\n"));
        }
        return e.getMessage();
    }

    /**
     * The table's placeholder says {@code loading} until {@code task} has ended, then {@code none}: an empty table says
     * "none" only once that is known (a study of a million AEs takes seconds to read).
     */
    public static void placeholderUntilDone(TableView<?> table, Task<?> task, String loading, String none) {
        ((Label) table.getPlaceholder()).textProperty().bind(Bindings.createStringBinding(() -> switch (task.getState()) {
            case SUCCEEDED, FAILED, CANCELLED -> none;
            default -> loading;
        }, task.stateProperty()));
    }

    private static <T> Task<T> run(String name, Callable<T> work, Consumer<T> then, Function<Throwable, String> message,
                                   Consumer<String> failed) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> then.accept(task.getValue()));
        task.setOnFailed(e -> failed.accept(message.apply(task.getException())));
        return start(task, name);
    }
}
