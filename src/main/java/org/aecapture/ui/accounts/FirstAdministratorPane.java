package org.aecapture.ui.accounts;

import java.util.ResourceBundle;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.aecapture.service.AeCapture;
import org.aecapture.ui.Background;

/**
 * The first start of a database without accounts: before anything else, the first administrator's
 * account. Nobody works in the database until it exists; from then on everyone signs in.
 */
public final class FirstAdministratorPane {

    private final VBox root = new VBox(12);
    private final AccountForm form;
    private final Label message = new Label();
    private final Button create = new Button();

    /** {@code accountsExist} runs once the database has its first administrator: made here, or meanwhile by someone else. */
    public FirstAdministratorPane(ResourceBundle text, AeCapture app, Runnable accountsExist) {
        this(text, app, accountsExist, null);
    }

    /**
     * As {@link #FirstAdministratorPane(ResourceBundle, AeCapture, Runnable)}, offering a newcomer to explore the demo
     * trial instead ({@code exploreDemo}: a file of its own; null offers nothing).
     */
    public FirstAdministratorPane(ResourceBundle text, AeCapture app, Runnable accountsExist, Runnable exploreDemo) {
        form = new AccountForm(text);
        Label heading = new Label(text.getString("accounts.first.heading"));
        heading.getStyleClass().add("screen-heading");
        Label explain = new Label(text.getString("accounts.first.explain"));
        explain.setWrapText(true);
        message.setId("accountsMessage");
        message.setWrapText(true);
        message.getStyleClass().add("error-message");
        create.setId("createAccount");
        create.setText(text.getString("accounts.first.create"));
        create.setDefaultButton(true);
        create.setOnAction(e -> {
            char[] secret = form.matchingPassword();
            if (secret == null) {
                message.setText(text.getString("accounts.mismatch"));
                return;
            }
            String user = form.userName.getText().strip();
            String name = form.fullName.getText();
            create.setDisable(true);
            Background.run("first-admin", () -> app.accounts().createFirstAdministrator(user, name, secret), admin -> {
                create.setDisable(false);
                accountsExist.run();
            }, text, problem -> {
                create.setDisable(false);
                message.setText(problem);
                // someone else set up the database meanwhile (the service refused a second first administrator): sign in instead
                Background.run("accounts-exist", () -> app.accounts().hasAccounts(), exist -> {
                    if (exist) {
                        accountsExist.run();
                    }
                }, m -> { });
            });
        });
        root.getChildren().setAll(heading, explain, form.layout(false), create, message);
        if (exploreDemo != null) {
            Label demoHeading = new Label(text.getString("demo.heading"));
            demoHeading.getStyleClass().add("screen-heading");
            Label demoExplain = new Label(text.getString("demo.explain"));
            demoExplain.setWrapText(true);
            Button explore = new Button(text.getString("demo.explore"));
            explore.setId("exploreDemo");
            explore.setMnemonicParsing(true);
            explore.setOnAction(e -> {
                explore.setDisable(true);
                message.setText(text.getString("demo.making"));
                exploreDemo.run();
            });
            root.getChildren().addAll(new javafx.scene.control.Separator(), demoHeading, demoExplain, explore);
        }
        root.setPadding(new Insets(32));
        root.setMaxWidth(640);
        root.getStyleClass().add("login-pane");
    }

    public Node root() {
        return root;
    }

    public void focus() {
        form.userName.requestFocus();
    }
}
