package org.aecapture.review;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * One pass over the rows, with one look-up of the subject and one of the SOC per row: each subject holds its highest
     * grade in every SOC as a small array (by SOC number), and the bars are counted from those at the end. A map of
     * subjects inside a map of SOCs, with a boxed grade per entry, took twice as long at 100,000 rows.
     */
    public static ToxicityBySoc of(List<ReviewRow> rows, boolean bySubject) {
        Map<String, Integer> socNumber = new HashMap<>();
        List<String> socs = new ArrayList<>();
        List<int[]> eventCounts = new ArrayList<>();
        Map<String, byte[]> highestBySoc = new HashMap<>(); // subject -> highest grade in each SOC, by SOC number
        for (ReviewRow r : rows) {
            String soc = r.ae().soc();
            Integer n = socNumber.get(soc);
            if (n == null) {
                n = socs.size();
                socNumber.put(soc, n);
                socs.add(soc);
                eventCounts.add(new int[6]);
            }
            int grade = r.ae().grade();
            eventCounts.get(n)[grade]++;
            byte[] highest = highestBySoc.get(r.ae().subjectNumber());
            if (highest == null || highest.length <= n) {
                byte[] grown = new byte[Math.max(n + 1, 8)];
                if (highest != null) {
                    System.arraycopy(highest, 0, grown, 0, highest.length);
                }
                highest = grown;
                highestBySoc.put(r.ae().subjectNumber(), highest);
            }
            if (grade > highest[n]) {
                highest[n] = (byte) grade;
            }
        }
        Map<String, int[]> counts = new TreeMap<>();
        if (bySubject) {
            int[][] subjectCounts = new int[socs.size()][6];
            for (byte[] highest : highestBySoc.values()) {
                for (int n = 0; n < highest.length; n++) {
                    if (highest[n] > 0) {
                        subjectCounts[n][highest[n]]++;
                    }
                }
            }
            for (int n = 0; n < socs.size(); n++) {
                counts.put(socs.get(n), subjectCounts[n]);
            }
        } else {
            for (int n = 0; n < socs.size(); n++) {
                counts.put(socs.get(n), eventCounts.get(n));
            }
        }
        return new ToxicityBySoc(counts, rows.size(), highestBySoc.size());
    }
}
