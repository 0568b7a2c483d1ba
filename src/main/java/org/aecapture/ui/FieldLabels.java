package org.aecapture.ui;

import java.util.ResourceBundle;

/** A field's label as the screens show it ("field.onset_date" in the bundle), or its name when it has none. */
public final class FieldLabels {

    private FieldLabels() {
    }

    public static String of(ResourceBundle text, String field) {
        String key = "field." + field;
        return text.containsKey(key) ? text.getString(key) : field;
    }
}
