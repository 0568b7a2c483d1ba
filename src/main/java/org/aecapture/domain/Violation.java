package org.aecapture.domain;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * One broken rule. {@code field} is the field's name as the CSV files and the store spell it
 * (e.g. {@code onset_date}), so the form, the importer and the store speak of the same thing.
 */
public record Violation(String field, String rule, String message) {

    private static final String BUNDLE = "org.aecapture.domain.ValidationMessages";

    public static Violation of(String field, String rule, Object... args) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, Locale.getDefault());
        String pattern = bundle.getString(rule);
        return new Violation(field, rule, new MessageFormat(pattern, Locale.ROOT).format(args));
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
