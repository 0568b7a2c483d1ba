package org.aecapture.domain;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An enumerated CRF value with its CDISC submission spelling, as used in CSV files and the store. */
public interface CodedValue {

    String code();

    static <E extends Enum<E> & CodedValue> Optional<E> fromCode(Class<E> type, String code) {
        if (code == null) {
            return Optional.empty();
        }
        Map<String, Object> byCode = Codes.BY_TYPE.get(type);
        // a stored code is already as written: looked up as it is first, trimmed and upper-cased only when it is not
        Object found = byCode.get(code);
        if (found == null) {
            found = byCode.get(code.trim().toUpperCase(Locale.ROOT));
        }
        return Optional.ofNullable(type.cast(found));
    }

    /** Each coded enum's constants by upper-case code, built once per type: stores read these for every row. */
    final class Codes {
        static final ClassValue<Map<String, Object>> BY_TYPE = new ClassValue<>() {
            @Override
            protected Map<String, Object> computeValue(Class<?> type) {
                Map<String, Object> byCode = new HashMap<>();
                for (Object constant : type.getEnumConstants()) {
                    byCode.put(((CodedValue) constant).code().toUpperCase(Locale.ROOT), constant);
                }
                return Map.copyOf(byCode);
            }
        };

        private Codes() {
        }
    }

    static <E extends Enum<E> & CodedValue> String allowedCodes(Class<E> type) {
        return String.join("|", Arrays.stream(type.getEnumConstants()).map(CodedValue::code).toList());
    }
}
