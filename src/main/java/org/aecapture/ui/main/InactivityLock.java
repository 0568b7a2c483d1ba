package org.aecapture.ui.main;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import javafx.animation.PauseTransition;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.event.Event;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.aecapture.domain.Account;
import org.aecapture.service.AeCapture;
import org.aecapture.ui.Background;

/**
 * Locks the window after a time without keyboard or mouse input while someone is signed in: a cover over
 * everything asks for that account's password again. What was typed underneath stays as it was.
 */
final class InactivityLock {

    private final ResourceBundle text;
    private final StackPane shell;
    private final PauseTransition idle;
    private final VBox cover = new VBox(10);
    private final Label who = new Label();
    private final PasswordField password = new PasswordField();
    private final Label error = new Label();
    private final BooleanProperty checking = new SimpleBooleanProperty();
    private AeCapture app;

    InactivityLock(ResourceBundle text, StackPane shell, Duration timeout) {
        this.text = text;
        this.shell = shell;
        idle = new PauseTransition(timeout);
        idle.setOnFinished(e -> lock());
        shell.addEventFilter(KeyEvent.ANY, this::activity);
        shell.addEventFilter(MouseEvent.ANY, this::activity);

        Label heading = new Label(text.getString("lock.heading"));
        heading.getStyleClass().add("screen-heading");
        who.setId("lockedUser");
        who.setWrapText(true);
        password.setId("unlockPassword");
        password.setMaxWidth(260);
        error.setId("unlockError");
        error.getStyleClass().add("error-message");
        Button unlock = new Button(text.getString("lock.unlock"));
        unlock.setId("unlockScreen");
        unlock.setDefaultButton(true);
        unlock.disableProperty().bind(password.textProperty().isEmpty().or(checking));
        unlock.setOnAction(e -> unlock());
        cover.getChildren().addAll(heading, who, password, unlock, error);
        cover.setId("inactivityCover");
        cover.setAlignment(Pos.CENTER);
        cover.getStyleClass().add("inactivity-cover");
    }

    /** Starts watching for the account signed in to {@code opened}; nothing happens while no one is signed in. */
    void watch(AeCapture opened) {
        this.app = opened;
        idle.playFromStart();
    }

    void setTimeout(Duration timeout) {
        idle.setDuration(timeout);
        if (app != null) {
            idle.playFromStart();
        }
    }

    /** Stops watching: no one is signed in. */
    void stop() {
        idle.stop();
        app = null;
    }

    boolean isLocked() {
        return shell.getChildren().contains(cover);
    }

    private void activity(Event e) {
        if (!isLocked() && app != null) {
            idle.playFromStart();
        }
    }

    private void lock() {
        Account a = app == null ? null : app.signedIn().orElse(null);
        if (a == null || isLocked()) {
            return;
        }
        who.setText(MessageFormat.format(text.getString("lock.who"), a.userName(), a.fullName()));
        error.setText("");
        shell.getChildren().add(cover);
        password.requestFocus();
    }

    private void unlock() {
        Account a = app.signedIn().orElse(null);
        if (a == null) {
            return;
        }
        char[] secret = password.getText().toCharArray();
        password.clear();
        checking.set(true);
        // the same check as a sign-in: failures count towards the lockout
        Background.run("unlock-screen", () -> app.accounts().login(a.userName(), secret), ok -> {
            checking.set(false);
            shell.getChildren().remove(cover);
            idle.playFromStart();
        }, message -> {
            checking.set(false);
            error.setText(message);
            password.requestFocus();
        });
    }

}
