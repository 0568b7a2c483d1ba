package org.aecapture.ui.capture;

import java.util.Optional;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.aecapture.service.SignatureService;

/** The investigator's signature: the statement signed, shown in full, and the password entered again. */
final class SignatureDialog {

    private SignatureDialog() {
    }

    /** The password typed, or empty when the investigator did not sign. */
    static Optional<char[]> ask(Window owner, ResourceBundle text, String subjectNumber) {
        Dialog<char[]> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(text.getString("sign.title"));
        dialog.setHeaderText(SignatureService.meaning(subjectNumber) + ".");
        PasswordField password = new PasswordField();
        password.setId("signaturePassword");
        Label label = new Label(text.getString("sign.password"));
        label.setMnemonicParsing(true);
        label.setLabelFor(password);
        Label explain = new Label(text.getString("sign.explain"));
        explain.setWrapText(true);
        explain.setMaxWidth(520);
        dialog.getDialogPane().setContent(new VBox(8, explain, label, password));
        ButtonType sign = new ButtonType(text.getString("sign.button"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(sign, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(sign).setId("signOk");
        dialog.getDialogPane().lookupButton(sign).disableProperty().bind(Bindings.isEmpty(password.textProperty()));
        dialog.setResultConverter(b -> b == sign ? password.getText().toCharArray() : null);
        dialog.setOnShown(e -> password.requestFocus());
        Optional<char[]> typed = dialog.showAndWait();
        password.clear();
        return typed;
    }
}
