package org.aecapture.ui.capture;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.ListCell;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;

/**
 * A search field with its suggestions listed beneath it. Up and Down move through the suggestions
 * while typing goes on, Enter chooses, a click chooses too. The list is part of the layout rather than
 * a popup, so it never swallows the next click and tests can drive it like a user.
 */
final class SuggestField<T> extends VBox {

    private static final int VISIBLE_ROWS = 6;

    private final double cellHeight;
    private final Function<String, List<T>> search;
    private final Function<T, String> describe;
    private final Function<T, String> chosenText;
    private final TextField query = new TextField();
    private final ListView<T> suggestions = new ListView<>();
    private final ObjectProperty<T> chosen = new SimpleObjectProperty<>();
    private String fallbackQuery = "";
    private boolean settingText;

    /**
     * @param search the ranked matches for a text
     * @param describe how a suggestion reads in the list (may hold a line break)
     * @param chosenText what the field shows once a suggestion is chosen
     * @param lines how many lines a suggestion takes
     */
    SuggestField(String id, Function<String, List<T>> search, Function<T, String> describe, Function<T, String> chosenText, int lines) {
        this.cellHeight = 8 + 17 * lines;
        this.search = search;
        this.describe = describe;
        this.chosenText = chosenText;
        getStyleClass().add("suggest-field");
        query.setId(id);
        suggestions.setId(id + "Suggestions");
        suggestions.setFocusTraversable(false);
        suggestions.setFixedCellSize(cellHeight);
        suggestions.setCellFactory(list -> new ListCell<>() {
            {
                // as wide as the list, never wider: a long SOC ends in "..." rather than scrolling the list sideways
                setPrefWidth(0);
                setTextOverrun(OverrunStyle.ELLIPSIS);
            }

            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : describe.apply(item));
                setTooltip(empty || item == null ? null : new Tooltip(describe.apply(item)));
            }
        });
        suggestions.setOnMouseClicked(e -> choose(suggestions.getSelectionModel().getSelectedItem()));
        showSuggestions(false);
        query.textProperty().addListener((o, was, is) -> {
            if (!settingText) {
                chosen.set(null);
                suggest(is);
            }
        });
        query.focusedProperty().addListener((o, was, focused) -> {
            if (focused && chosen.get() == null) {
                suggest(query.getText().isBlank() ? fallbackQuery : query.getText());
            } else if (!focused) {
                showSuggestions(false);
            }
        });
        query.addEventFilter(KeyEvent.KEY_PRESSED, this::navigate);
        getChildren().addAll(query, suggestions);
    }

    private void navigate(KeyEvent e) {
        if (!suggestions.isVisible()) {
            return;
        }
        var selection = suggestions.getSelectionModel();
        switch (e.getCode()) {
            case DOWN -> selection.select(Math.min(selection.getSelectedIndex() + 1, suggestions.getItems().size() - 1));
            case UP -> selection.select(Math.max(selection.getSelectedIndex() - 1, 0));
            case ENTER -> choose(selection.getSelectedItem());
            case ESCAPE -> showSuggestions(false);
            default -> {
                return;
            }
        }
        if (e.getCode() == KeyCode.UP || e.getCode() == KeyCode.DOWN) {
            suggestions.scrollTo(selection.getSelectedIndex());
        }
        e.consume();
    }

    private void suggest(String text) {
        List<T> hits = text == null || text.isBlank() ? List.of() : search.apply(text);
        suggestions.getItems().setAll(hits);
        // as tall as its matches, up to six rows: no empty rows under a single match
        suggestions.setPrefHeight(Math.min(hits.size(), VISIBLE_ROWS) * cellHeight + 4);
        if (!hits.isEmpty()) {
            suggestions.getSelectionModel().select(0);
        }
        showSuggestions(!hits.isEmpty() && chosen.get() == null);
    }

    /**
     * Searches for another text while nothing is chosen and nothing typed here, e.g. the verbatim term,
     * so that coding starts from what was reported.
     */
    void suggestFrom(String text) {
        fallbackQuery = text == null ? "" : text;
        if (chosen.get() == null && query.getText().isBlank()) {
            suggest(fallbackQuery);
        }
    }

    void choose(T item) {
        if (item == null) {
            return;
        }
        setText(chosenText.apply(item));
        chosen.set(item);
        showSuggestions(false);
    }

    void clear() {
        setText("");
        chosen.set(null);
        fallbackQuery = "";
        suggestions.getItems().clear();
        showSuggestions(false);
    }

    private void setText(String text) {
        settingText = true;
        try {
            query.setText(text);
            query.positionCaret(text.length());
        } finally {
            settingText = false;
        }
    }

    private void showSuggestions(boolean show) {
        suggestions.setVisible(show);
        suggestions.setManaged(show);
    }

    ObjectProperty<T> chosenProperty() {
        return chosen;
    }

    TextField field() {
        return query;
    }

    ListView<T> suggestionList() {
        return suggestions;
    }

    void setPrompt(String prompt) {
        query.setPromptText(prompt);
    }
}
