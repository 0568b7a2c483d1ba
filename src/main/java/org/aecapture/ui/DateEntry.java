package org.aecapture.ui;

import java.text.MessageFormat;
import java.time.DateTimeException;
import java.util.ResourceBundle;
import org.aecapture.domain.PartialDate;

/**
 * A CRF date as typed (DD-MMM-YYYY or ISO, UNK for an unknown day or month): the date, nothing (empty text is an unknown
 * date), or why the text is not a date. Plain Java, so that a form's model reads its dates without a control.
 */
public record DateEntry(PartialDate date, String error) {

    public static final DateEntry EMPTY = new DateEntry(null, null);

    public static DateEntry read(String typed, ResourceBundle text) {
        String t = typed == null ? "" : typed.trim();
        if (t.isEmpty()) {
            return EMPTY;
        }
        try {
            return new DateEntry(PartialDate.parseEntry(t), null);
        } catch (DateTimeException e) {
            return new DateEntry(null, MessageFormat.format(text.getString("date.invalid"), t));
        }
    }

    /** The text that reads back as {@code date} (empty for none). */
    public static String text(PartialDate date) {
        return date == null ? "" : date.toCrf();
    }

    public boolean isValid() {
        return error == null;
    }
}
