package org.aecapture.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** An enumerated CRF value with its CDISC submission spelling, as used in CSV files and the store. */
public interface CodedValue {

    String code();

    static <E extends Enum<E> & CodedValue> Optional<E> fromCode(Class<E> type, String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.code().equals(wanted)).findFirst();
    }

    static <E extends Enum<E> & CodedValue> String allowedCodes(Class<E> type) {
        return String.join("|", Arrays.stream(type.getEnumConstants()).map(CodedValue::code).toList());
    }
}
