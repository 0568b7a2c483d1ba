package org.aecapture.sdtm;

import java.util.regex.Pattern;

/**
 * One SDTM variable as a SAS transport v5 file can hold it: a name of at most 8 characters (letters, digits,
 * underscore, not starting with a digit), a label of at most 40, character or numeric.
 *
 * @param origin where the value comes from, for the define listing (CRF, Derived, Assigned)
 * @param dictionary the external dictionary and version its values come from, as Define-XML names it on the variable
 *     ("NCI CTCAE 5.0", "MedDRA 20.1"); empty for none
 */
public record SdtmVariable(String name, String label, Type type, String origin, String dictionary) {

    public enum Type { CHAR, NUM }

    private static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,7}");

    public SdtmVariable(String name, String label, Type type, String origin) {
        this(name, label, type, origin, "");
    }

    public SdtmVariable {
        dictionary = dictionary == null ? "" : dictionary;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("SDTM variable name " + name + " is not 1 to 8 upper-case letters, digits or _");
        }
        if (label.length() > 40 || !label.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the label of " + name + " must be at most 40 ASCII characters: " + label);
        }
    }

    public static SdtmVariable text(String name, String label, String origin) {
        return new SdtmVariable(name, label, Type.CHAR, origin);
    }

    public static SdtmVariable number(String name, String label, String origin) {
        return new SdtmVariable(name, label, Type.NUM, origin);
    }

    /** The same variable, its values from this dictionary. */
    public SdtmVariable from(String newDictionary) {
        return new SdtmVariable(name, label, type, origin, newDictionary);
    }

    public boolean isNumeric() {
        return type == Type.NUM;
    }
}
