package org.aecapture.ctcae;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the term search reads clinical text: case, accents and punctuation do not matter ("N/V" is "n v",
 * "Raynaud's" is "raynauds"), British spellings read as American ones ("anaemia" as "anemia", "oedema" as
 * "edema", "diarrhoea" as "diarrhea", "generalised" as "generalized"), and a plural as its singular. Applied
 * alike to the CTCAE names, the lexicon and what the investigator types, so that they meet.
 */
public final class ClinicalText {

    private static final Pattern DIACRITICS = Pattern.compile("\\p{M}+");
    private static final Pattern APOSTROPHE = Pattern.compile("['\u2019`]");
    private static final Pattern NON_WORD = Pattern.compile("[^a-z0-9]+");

    /** Words that carry no meaning for coding. */
    static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "from",
            "with", "by", "as", "is", "was", "were", "be", "been", "her", "his", "their", "its", "into", "than", "all", "over", "every",
            "whole", "entire");

    /**
     * Lay words read as the word the CTCAE uses: an ache is a pain, a tummy is the abdomen ("tummy ache" is
     * "abdominal pain", "pain in abdomen" too).
     */
    private static final Map<String, String> SAME_AS = Map.ofEntries(Map.entry("ache", "pain"), Map.entry("aching", "pain"),
            Map.entry("achy", "pain"), Map.entry("painful", "pain"), Map.entry("discomfort", "pain"), Map.entry("tender", "pain"),
            Map.entry("tenderness", "pain"), Map.entry("abdomen", "abdominal"), Map.entry("abdo", "abdominal"),
            Map.entry("tummy", "abdominal"), Map.entry("belly", "abdominal"), Map.entry("swollen", "swelling"));

    /** British words whose American form no general rule gives. */
    private static final Map<String, String> WORDS = Map.of("tumour", "tumor", "colour", "color", "behaviour", "behavior",
            "odour", "odor", "humour", "humor", "sulphate", "sulfate", "oestrogen", "estrogen", "foetal", "fetal");

    private ClinicalText() {
    }

    /**
     * The words of a text in lower case, without accents and punctuation, in American spelling and singular.
     * Function words stay (callers that need only the meaningful ones drop them).
     */
    public static List<String> spelled(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String folded = DIACRITICS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT)
                .replace("&", " and ").replace("\u2191", " high ").replace("\u2193", " low ");
        folded = APOSTROPHE.matcher(folded).replaceAll("");
        List<String> words = new ArrayList<>();
        for (String w : NON_WORD.split(folded)) {
            if (!w.isEmpty()) {
                words.add(singular(american(w)));
            }
        }
        return words;
    }

    /**
     * The words as the search matches them: {@link #spelled} words, lay words as the CTCAE's ("ache" as "pain"),
     * and each reduced to its stem, so that "itchy", "itching" and "itch", or "blurred", "blurry" and "blurring",
     * meet.
     */
    static List<String> words(String text) {
        return stems(spelled(text));
    }

    /** {@link #words} of text already {@link #spelled}: one reading of a verbatim serves the search and the history key. */
    static List<String> stems(List<String> spelled) {
        List<String> out = new ArrayList<>(spelled.size());
        for (String w : spelled) {
            out.add(stem(SAME_AS.getOrDefault(w, w)));
        }
        return out;
    }

    /**
     * The key under which a verbatim term is remembered in the study's coding history: the verbatim without case,
     * accents, punctuation, extra spaces or British spelling, so that "Low neutrophils." and "low  neutrophils" are
     * the same verbatim.
     */
    public static String key(String verbatim) {
        return key(spelled(verbatim));
    }

    /** {@link #key} of a verbatim already {@link #spelled}. */
    static String key(List<String> spelled) {
        return String.join(" ", spelled);
    }

    /**
     * A light stemmer, the same for the terms, the lexicon and the verbatim: -ing, -ed and -y go, then a final e,
     * and a doubled last consonant is single ("blurring" blur, "bruised" and "bruise" bruis, "itchy" itch).
     */
    static String stem(String w) {
        String s = w;
        if (s.length() >= 6 && s.endsWith("ing")) {
            s = s.substring(0, s.length() - 3);
        } else if (s.length() >= 5 && s.endsWith("ed") && s.charAt(s.length() - 3) != 'e') {
            s = s.substring(0, s.length() - 2);
        } else if (s.length() >= 5 && s.endsWith("y") && !s.endsWith("ey") && !s.endsWith("ay") && !s.endsWith("oy")) {
            s = s.substring(0, s.length() - 1);
        } else if (s.length() >= 5 && s.endsWith("e") && !s.endsWith("ee")) {
            s = s.substring(0, s.length() - 1);
        }
        int n = s.length();
        if (n >= 4 && s.charAt(n - 1) == s.charAt(n - 2) && "bdgkmnprt".indexOf(s.charAt(n - 1)) >= 0) {
            s = s.substring(0, n - 1);
        }
        return s;
    }

    static String american(String w) {
        String known = WORDS.get(w);
        if (known != null) {
            return known;
        }
        String s = w;
        if (s.startsWith("leuc")) {
            s = "leuk" + s.substring(4);         // leucopenia, leucocytes
        }
        if (s.startsWith("oe") && s.length() > 4) {
            s = s.substring(1);                  // oedema, oesophagitis
        }
        s = s.replace("aem", "em")               // anaemia, haemorrhage, ischaemia, -aemia
                .replace("oea", "ea")            // diarrhoea, dyspnoea, apnoea, rhinorrhoea
                .replace("aec", "ec")            // gynaecomastia, caecum
                .replace("faec", "fec")
                .replace("paed", "ped")
                .replace("anaes", "anes")
                .replace("coel", "cel")          // coeliac
                .replace("sulph", "sulf");
        if (s.length() >= 8) {                   // generalised, localised, hospitalisation; not "raised"
            s = s.replace("isation", "ization");
            if (s.endsWith("ised")) {
                s = s.substring(0, s.length() - 4) + "ized";
            }
        }
        return s;
    }

    /** A plural's singular: "stools" stool, "allergies" allergy; "abscess", "pruritus", "sepsis" stay. */
    static String singular(String w) {
        int n = w.length();
        if (n < 4 || w.charAt(n - 1) != 's') {
            return w;
        }
        char before = w.charAt(n - 2);
        if (before == 's' || before == 'u' || before == 'i') {
            return w;
        }
        if (w.endsWith("ies") && n > 4) {
            return w.substring(0, n - 3) + "y";
        }
        return w.substring(0, n - 1);
    }
}
