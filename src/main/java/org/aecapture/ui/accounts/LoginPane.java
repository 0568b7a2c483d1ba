package org.aecapture.ui.accounts;

import java.util.ResourceBundle;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.aecapture.domain.Account;
import org.aecapture.service.AeCapture;
import org.aecapture.ui.Background;

/**
 * Sign-in: user name and password, checked off the FX thread. On a file the database checks them; on a
 * server the same name and password first connect as the person's own login role.
 */
public final class LoginPane<T> {

    /** What signing in does, off the FX thread; it wipes the password when done. */
    @FunctionalInterface
    public interface SignIn<T> {
        T signIn(String userName, char[] password) throws Exception;
    }

    private final VBox root = new VBox(12);
    private final TextField user = new TextField();
    private final PasswordField password = new PasswordField();
    private final Label error = new Label();
    private final Button signIn = new Button();
    private final BooleanProperty checking = new SimpleBooleanProperty();

    /** The sign-in to an open database that has accounts. */
    public static LoginPane<Account> of(ResourceBundle text, AeCapture app, Consumer<Account> signedIn) {
        return new LoginPane<>(text, text.getString("login.explain"), app::signIn, signedIn);
    }

    public LoginPane(ResourceBundle text, String explanation, SignIn<T> action, Consumer<T> signedIn) {
        Label heading = new Label(text.getString("login.heading"));
        heading.getStyleClass().add("screen-heading");
        user.setId("loginUser");
        password.setId("loginPassword");
        error.setId("loginError");
        error.getStyleClass().add("error-message");
        error.setWrapText(true);
        error.setMaxWidth(420);
        signIn.setId("signIn");
        signIn.setText(text.getString("login.signIn"));
        signIn.setDefaultButton(true);
        signIn.disableProperty().bind(user.textProperty().isEmpty().or(password.textProperty().isEmpty()).or(checking));
        signIn.setOnAction(e -> {
            String name = user.getText().strip();
            char[] secret = password.getText().toCharArray();
            password.clear(); // the password lives only as long as the check
            checking.set(true);
            Background.run("sign-in", () -> action.signIn(name, secret), account -> {
                checking.set(false);
                error.setText("");
                signedIn.accept(account);
            }, message -> {
                checking.set(false);
                error.setText(message);
                password.requestFocus();
            });
        });
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, AccountForm.label(text, "login.user", user), user);
        form.addRow(1, AccountForm.label(text, "login.password", password), password);
        root.getChildren().addAll(heading, explanationLabel(explanation), form, signIn, error);
        root.setAlignment(Pos.TOP_LEFT);
        root.setPadding(new Insets(32));
        root.setMaxWidth(480);
        root.getStyleClass().add("login-pane");
    }

    private static Label explanationLabel(String explanation) {
        Label l = new Label(explanation);
        l.setWrapText(true);
        return l;
    }

    public Node root() {
        return root;
    }

    public void focus() {
        user.requestFocus();
    }
}
