package org.aecapture.ui;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.scene.control.ComboBox;
import javafx.scene.input.KeyEvent;
import javafx.util.StringConverter;

/** Drop-down lists that the keyboard can work: shown by name, chosen by typing a letter. */
public final class Choices {

    private Choices() {
    }

    /** Shows each item by {@code name} and lets a typed letter choose. */
    public static <T> void named(ComboBox<T> box, Function<T, String> name) {
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(T item) {
                return item == null ? "" : name.apply(item);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        });
        selectByTypedLetter(box);
    }

    /** As {@link #named}, the closed list showing {@code prompt} ("choose…") while nothing is chosen. */
    public static <T> void namedWithPrompt(ComboBox<T> box, Function<T, String> name, String prompt) {
        named(box, name);
        box.setButtonCell(new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? prompt : name.apply(item));
            }
        });
    }

    /** Typing a letter picks the next choice that starts with it, so the lists need no mouse. */
    public static <T> void selectByTypedLetter(ComboBox<T> box) {
        box.addEventHandler(KeyEvent.KEY_TYPED, e -> {
            String typed = e.getCharacter();
            if (typed == null || typed.isBlank() || box.isShowing()) {
                return;
            }
            List<T> items = box.getItems();
            int start = box.getSelectionModel().getSelectedIndex();
            for (int i = 1; i <= items.size(); i++) {
                T candidate = items.get((start + i + items.size()) % items.size());
                if (box.getConverter().toString(candidate).toLowerCase(Locale.ROOT).startsWith(typed.toLowerCase(Locale.ROOT))) {
                    box.getSelectionModel().select(candidate);
                    e.consume();
                    return;
                }
            }
        });
    }
}
