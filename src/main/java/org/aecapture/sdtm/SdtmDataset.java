package org.aecapture.sdtm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One SDTM dataset: its name (AE, SUPPAE, DM), label, variables in order, key variables and rows. A row holds
 * one value per variable: a String (never empty: null stands for a blank) for character variables, an Integer
 * (or null for missing) for numeric ones.
 */
public record SdtmDataset(String name, String label, List<SdtmVariable> variables, List<String> keys, List<List<Object>> rows) {

    public SdtmDataset {
        variables = List.copyOf(variables);
        keys = List.copyOf(keys);
        rows = Collections.unmodifiableList(new ArrayList<>(rows));
        if (label.length() > 40) {
            throw new IllegalArgumentException("the label of dataset " + name + " is over 40 characters");
        }
        Map<String, SdtmVariable> byName = variables.stream().collect(Collectors.toMap(SdtmVariable::name, Function.identity()));
        if (byName.size() != variables.size()) {
            throw new IllegalArgumentException("dataset " + name + " names a variable twice");
        }
        for (String key : keys) {
            if (!byName.containsKey(key)) {
                throw new IllegalArgumentException("key " + key + " of dataset " + name + " is not one of its variables");
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = rows.get(r);
            if (row.size() != variables.size()) {
                throw new IllegalArgumentException("row " + (r + 1) + " of " + name + " has " + row.size() + " values for "
                        + variables.size() + " variables");
            }
            for (int v = 0; v < row.size(); v++) {
                Object value = row.get(v);
                boolean fits = value == null || (variables.get(v).isNumeric() ? value instanceof Integer
                        : value instanceof String s && !s.isEmpty());
                if (!fits) {
                    throw new IllegalArgumentException("row " + (r + 1) + " of " + name + ": " + variables.get(v).name()
                            + " cannot hold " + value.getClass().getSimpleName() + " '" + value + "'");
                }
            }
        }
    }

    public int indexOf(String variable) {
        for (int i = 0; i < variables.size(); i++) {
            if (variables.get(i).name().equals(variable)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name + " has no variable " + variable);
    }

    /** A value by variable name, for readers and tests. */
    public Object value(int row, String variable) {
        return rows.get(row).get(indexOf(variable));
    }

    /**
     * The length a character variable is stored with: its longest value in UTF-8 bytes (at least 1), so that no
     * file carries padding it does not need; 8 for numbers.
     */
    public int length(int variable) {
        if (variables.get(variable).isNumeric()) {
            return 8;
        }
        int longest = 1;
        for (List<Object> row : rows) {
            Object value = row.get(variable);
            if (value != null) {
                longest = Math.max(longest, ((String) value).getBytes(StandardCharsets.UTF_8).length);
            }
        }
        return longest;
    }
}
