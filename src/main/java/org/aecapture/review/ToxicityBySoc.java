package org.aecapture.review;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the toxicity sits: for each SOC, how many subjects (each under the highest grade of their AEs in
 * that SOC) or how many events (each under its own grade) there are by grade, from the rows given.
 */
public record ToxicityBySoc(Map<String, int[]> countsByGrade, int aes, int subjects) {

    /** Counts by grade for one SOC: index 1 to 5; index 0 unused. */
    public int[] counts(String soc) {
        return countsByGrade.getOrDefault(soc, new int[6]);
    }

    public int total(String soc) {
        int[] c = counts(soc);
        return c[1] + c[2] + c[3] + c[4] + c[5];
    }

    public static ToxicityBySoc of(List<ReviewRow> rows, boolean bySubject) {
        Map<String, int[]> counts = new TreeMap<>();
        Set<String> subjects = new HashSet<>();
        if (bySubject) {
            Map<String, Map<String, Integer>> highest = new HashMap<>(); // SOC -> subject -> highest grade
            for (ReviewRow r : rows) {
                subjects.add(r.ae().subjectNumber());
                highest.computeIfAbsent(r.ae().soc(), s -> new HashMap<>()).merge(r.ae().subjectNumber(), r.ae().grade(), Math::max);
            }
            highest.forEach((soc, bySubjectGrade) -> {
                int[] c = counts.computeIfAbsent(soc, s -> new int[6]);
                bySubjectGrade.values().forEach(g -> c[g]++);
            });
        } else {
            for (ReviewRow r : rows) {
                subjects.add(r.ae().subjectNumber());
                counts.computeIfAbsent(r.ae().soc(), s -> new int[6])[r.ae().grade()]++;
            }
        }
        return new ToxicityBySoc(counts, rows.size(), subjects.size());
    }
}
