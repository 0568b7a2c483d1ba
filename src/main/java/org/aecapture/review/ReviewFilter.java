package org.aecapture.review;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The safety reviewer's filter: every part that is set must hold (an empty set or null means "any").
 * It is written to and read from one line of text, so that the last filter can be remembered between runs
 * and written at the top of an exported view.
 *
 * @param grades exact CTCAE grades kept (1 to 5)
 * @param socs system organ classes kept
 * @param terms MedDRA codes of the CTCAE terms kept
 * @param text words looked for in the verbatim and the CTCAE term, case-insensitive
 * @param subject part of the subject number
 * @param onsetFrom complete onset dates on or after it (partial and unknown onsets are kept)
 */
public record ReviewFilter(Set<Integer> grades, Set<String> socs, Set<String> terms, String text, boolean seriousOnly,
                           boolean relatedOnly, boolean treatmentEmergentOnly, boolean ongoingOnly, boolean includeDeleted,
                           String subject, Set<String> sites, LocalDate onsetFrom, LocalDate onsetTo) {

    public static final ReviewFilter NONE = new ReviewFilter(Set.of(), Set.of(), Set.of(), "", false, false, false, false, false, "",
            Set.of(), null, null);

    public ReviewFilter {
        grades = Set.copyOf(grades);
        socs = Set.copyOf(socs);
        terms = Set.copyOf(terms);
        sites = Set.copyOf(sites);
        text = text == null ? "" : text.strip();
        subject = subject == null ? "" : subject.strip();
    }

    public boolean test(ReviewRow row) {
        var ae = row.ae();
        if (ae.deleted() && !includeDeleted
                || !grades.isEmpty() && !grades.contains(ae.grade())
                || !socs.isEmpty() && !socs.contains(ae.soc())
                || !terms.isEmpty() && !terms.contains(ae.meddraCode())
                || seriousOnly && !ae.serious()
                || relatedOnly && !ae.isRelated()
                || treatmentEmergentOnly && !row.treatmentEmergent()
                || ongoingOnly && !ae.ongoing()
                || !sites.isEmpty() && !sites.contains(row.site())
                || !subject.isEmpty() && !ae.subjectNumber().contains(subject)) {
            return false;
        }
        if (!text.isEmpty()) {
            String q = text.toLowerCase(Locale.ROOT);
            if (!ae.verbatimTerm().toLowerCase(Locale.ROOT).contains(q) && !ae.ctcaeTerm().toLowerCase(Locale.ROOT).contains(q)) {
                return false;
            }
        }
        if (onsetFrom != null || onsetTo != null) {
            LocalDate onset = ae.onsetDate() == null ? null : ae.onsetDate().toLocalDate().orElse(null);
            if (onset == null || onsetFrom != null && onset.isBefore(onsetFrom) || onsetTo != null && onset.isAfter(onsetTo)) {
                return false; // a date range asks for AEs known to start in it
            }
        }
        return true;
    }

    public List<ReviewRow> apply(List<ReviewRow> rows) {
        Predicate<ReviewRow> p = this::test;
        return rows.stream().filter(p).toList();
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** "Grade ≥ 3": exactly grades 3, 4 and 5. */
    public ReviewFilter withGrades(Set<Integer> newGrades) {
        return new ReviewFilter(newGrades, socs, terms, text, seriousOnly, relatedOnly, treatmentEmergentOnly, ongoingOnly,
                includeDeleted, subject, sites, onsetFrom, onsetTo);
    }

    /** The filter as a person reads it, e.g. "Grade: 3, 4, 5; serious only". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        encode().forEach((k, v) -> parts.add(k + ": " + v));
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    /** One line: key=value pairs separated by tabs (values never hold tabs). */
    public String toLine() {
        return encode().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\t"));
    }

    public static ReviewFilter fromLine(String line) {
        Map<String, String> v = new LinkedHashMap<>();
        if (line != null && !line.isBlank()) {
            for (String part : line.split("\t")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    v.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
        }
        return new ReviewFilter(
                set(v.get("Grade")).stream().map(Integer::valueOf).collect(Collectors.toSet()),
                Set.copyOf(list(v.get("SOC"))), Set.copyOf(list(v.get("Term"))), v.getOrDefault("Text", ""),
                v.containsKey("Serious only"), v.containsKey("Related only"), v.containsKey("Treatment-emergent only"),
                v.containsKey("Ongoing only"), v.containsKey("Deleted included"), v.getOrDefault("Subject", ""),
                Set.copyOf(list(v.get("Site"))), date(v.get("Onset from")), date(v.get("Onset to")));
    }

    private Map<String, String> encode() {
        Map<String, String> v = new LinkedHashMap<>();
        if (!grades.isEmpty()) {
            v.put("Grade", new TreeSet<>(grades).stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        put(v, "SOC", socs);
        put(v, "Term", terms);
        if (!text.isEmpty()) {
            v.put("Text", text.replace('\t', ' '));
        }
        flag(v, "Serious only", seriousOnly);
        flag(v, "Related only", relatedOnly);
        flag(v, "Treatment-emergent only", treatmentEmergentOnly);
        flag(v, "Ongoing only", ongoingOnly);
        flag(v, "Deleted included", includeDeleted);
        if (!subject.isEmpty()) {
            v.put("Subject", subject.replace('\t', ' '));
        }
        put(v, "Site", sites);
        if (onsetFrom != null) {
            v.put("Onset from", onsetFrom.toString());
        }
        if (onsetTo != null) {
            v.put("Onset to", onsetTo.toString());
        }
        return v;
    }

    private static void put(Map<String, String> v, String key, Set<String> values) {
        if (!values.isEmpty()) {
            v.put(key, String.join(" | ", new TreeSet<>(values)));
        }
    }

    private static void flag(Map<String, String> v, String key, boolean on) {
        if (on) {
            v.put(key, "yes");
        }
    }

    private static List<String> list(String joined) {
        return joined == null || joined.isBlank() ? List.of() : List.of(joined.split(" \\| "));
    }

    private static Set<String> set(String joined) {
        return joined == null || joined.isBlank() ? Set.of() : Set.of(joined.split(", "));
    }

    private static LocalDate date(String iso) {
        return iso == null || iso.isBlank() ? null : LocalDate.parse(iso);
    }
}
