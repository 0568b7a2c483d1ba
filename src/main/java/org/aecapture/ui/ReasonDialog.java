package org.aecapture.ui;

import java.util.Optional;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Asks for the reason for a change or deletion; OK stays disabled until one is typed. */
public final class ReasonDialog {

    private ReasonDialog() {
    }

    public static Optional<String> ask(Window owner, ResourceBundle text, String titleKey, String what) {
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(text.getString(titleKey));
        dialog.setHeaderText(what);
        TextArea reason = new TextArea();
        reason.setId("reason");
        reason.setPrefRowCount(3);
        reason.setWrapText(true);
        Label label = new Label(text.getString("reason.label"));
        label.setMnemonicParsing(true);
        label.setLabelFor(reason);
        dialog.getDialogPane().setContent(new VBox(6, label, reason));
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty()
                .bind(Bindings.createBooleanBinding(() -> reason.getText().isBlank(), reason.textProperty()));
        dialog.getDialogPane().lookupButton(ButtonType.OK).setId("reasonOk");
        dialog.setResultConverter(b -> b == ButtonType.OK ? reason.getText().strip() : null);
        dialog.setOnShown(e -> reason.requestFocus());
        return dialog.showAndWait();
    }
}
