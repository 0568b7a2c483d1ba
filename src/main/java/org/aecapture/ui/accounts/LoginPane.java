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

/** Sign-in to a database that has accounts: user name and password, checked off the FX thread. */
public final class LoginPane {

    private final VBox root = new VBox(12);
    private final TextField user = new TextField();
    private final PasswordField password = new PasswordField();
    private final Label error = new Label();
    private final Button signIn = new Button();
    private final BooleanProperty checking = new SimpleBooleanProperty();

    public LoginPane(ResourceBundle text, AeCapture app, Consumer<Account> signedIn) {
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
            Background.run("sign-in", () -> app.signIn(name, secret), account -> {
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
        root.getChildren().addAll(heading, new Label(text.getString("login.explain")), form, signIn, error);
        root.setAlignment(Pos.TOP_LEFT);
        root.setPadding(new Insets(32));
        root.setMaxWidth(480);
        root.getStyleClass().add("login-pane");
    }

    public Node root() {
        return root;
    }

    public void focus() {
        user.requestFocus();
    }
}
