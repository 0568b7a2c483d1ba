package org.aecapture.ui;

import javafx.scene.control.TableCell;

/** A CTCAE grade in a table: the number, on the application's one grade colour (CSS grade-1 to grade-5). */
public final class GradeCell<S> extends TableCell<S, Integer> {

    @Override
    protected void updateItem(Integer grade, boolean empty) {
        super.updateItem(grade, empty);
        getStyleClass().removeIf(s -> s.startsWith("grade-"));
        setText(empty || grade == null ? null : String.valueOf(grade));
        if (!empty && grade != null) {
            getStyleClass().addAll("grade-cell", "grade-" + grade);
        }
    }
}
