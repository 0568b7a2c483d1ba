package org.aecapture.ui;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.StudyDay;

/**
 * A CRF date: typed as DD-MMM-YYYY or ISO, with UNK for an unknown day or month, or picked from a
 * calendar; shows the study day of a complete date. Empty text is an unknown date.
 */
public final class DateField extends HBox {

    private final ResourceBundle text;
    private final TextField entry = new TextField();
    private final DatePicker calendar = new DatePicker();
    private final Label studyDay = new Label();
    private final ReadOnlyObjectWrapper<DateEntry> value = new ReadOnlyObjectWrapper<>(DateEntry.EMPTY);
    private Supplier<LocalDate> day1 = () -> null;

    public DateField(ResourceBundle text, String id) {
        this.text = text;
        getStyleClass().add("date-field");
        setSpacing(6);
        entry.setId(id);
        entry.setPromptText(text.getString("date.prompt"));
        entry.setPrefColumnCount(12);
        calendar.setId(id + "Calendar");
        calendar.getStyleClass().add("calendar-button");
        calendar.setPrefWidth(30); // only its button shows: the date is typed in the field beside it
        calendar.setMaxWidth(30);
        calendar.setFocusTraversable(false); // the keyboard types the date; the calendar is for the mouse
        calendar.setOnAction(e -> {
            if (calendar.getValue() != null) {
                entry.setText(PartialDate.of(calendar.getValue()).toCrf());
            }
        });
        studyDay.setId(id + "StudyDay");
        studyDay.getStyleClass().add("study-day");
        entry.textProperty().addListener((o, was, is) -> update());
        getChildren().addAll(entry, calendar, studyDay);
    }

    private void update() {
        DateEntry v = DateEntry.read(entry.getText(), text);
        value.set(v);
        LocalDate d1 = day1.get();
        Optional<LocalDate> complete = v.date() == null ? Optional.empty() : v.date().toLocalDate();
        studyDay.setText(complete.isPresent() && d1 != null
                ? MessageFormat.format(text.getString("date.studyDay"), StudyDay.of(complete.get(), d1)) : "");
    }

    /** The subject's Day 1, for the study day shown next to a complete date. */
    public void setDay1(Supplier<LocalDate> day1) {
        this.day1 = day1;
        update();
    }

    public void set(PartialDate date) {
        entry.setText(DateEntry.text(date));
    }

    public ReadOnlyObjectProperty<DateEntry> valueProperty() {
        return value.getReadOnlyProperty();
    }

    public TextField entry() {
        return entry;
    }

    public void setEntryDisabled(boolean disabled) {
        entry.setDisable(disabled);
        calendar.setDisable(disabled);
    }
}
