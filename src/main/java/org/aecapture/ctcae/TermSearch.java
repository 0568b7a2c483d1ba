package org.aecapture.ctcae;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Case-insensitive, ranked search over CTCAE term names, then definitions. Ranks, best first:
 * exact name, name prefix, word prefix (every query word starts a word of the name), substring,
 * close spelling (e.g. British "anaemia" for Anemia), a name that matches only some of the query's
 * words (a verbatim "bad headache" still finds Headache), and last a match in the definition.
 * Within a rank, terms are listed alphabetically so that the order is predictable at the site.
 */
final class TermSearch {

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern DIACRITICS = Pattern.compile("\\p{M}+");
    /** Words of a verbatim term that say nothing about which term it is. */
    private static final java.util.Set<String> FUNCTION_WORDS = java.util.Set.of("and", "or", "of", "the", "with", "without",
            "in", "on", "at", "to", "for", "from", "after", "by", "not", "very");

    private enum Rank { EXACT, NAME_PREFIX, WORD_PREFIX, SUBSTRING, CLOSE_SPELLING, SOME_WORDS, DEFINITION }

    private record Indexed(CtcaeTerm term, String name, String[] words, String definition, String[] definitionWords) { }

    private record Hit(Indexed entry, Rank rank, int wordsMatched) { }

    private final List<Indexed> index;

    TermSearch(List<CtcaeTerm> terms) {
        index = new ArrayList<>(terms.size());
        for (CtcaeTerm t : terms) {
            String name = normalize(t.term());
            String definition = normalize(t.definition());
            index.add(new Indexed(t, name, words(name), definition, words(definition)));
        }
    }

    List<CtcaeTerm> search(String rawQuery, int limit) {
        String query = normalize(rawQuery == null ? "" : rawQuery).trim();
        if (query.isEmpty() || limit <= 0) {
            return List.of();
        }
        String[] queryWords = words(query);
        List<Hit> hits = new ArrayList<>();
        for (Indexed e : index) {
            Rank rank = rank(e, query, queryWords);
            if (rank != null) {
                hits.add(new Hit(e, rank, rank == Rank.SOME_WORDS ? wordsMatching(queryWords, e.words()) : queryWords.length));
            }
        }
        hits.sort(Comparator.comparing(Hit::rank).thenComparing(h -> -h.wordsMatched()).thenComparing(h -> h.entry().name()));
        return hits.stream().limit(limit).map(h -> h.entry().term()).toList();
    }

    private static Rank rank(Indexed e, String query, String[] queryWords) {
        if (e.name().equals(query)) {
            return Rank.EXACT;
        }
        if (e.name().startsWith(query)) {
            return Rank.NAME_PREFIX;
        }
        if (queryWords.length > 0 && everyWordStartsOneOf(queryWords, e.words())) {
            return Rank.WORD_PREFIX;
        }
        if (e.name().contains(query)) {
            return Rank.SUBSTRING;
        }
        if (queryWords.length > 0 && everyWordCloseToOneOf(queryWords, e.words())) {
            return Rank.CLOSE_SPELLING;
        }
        if (queryWords.length > 1 && wordsMatching(queryWords, e.words()) > 0) {
            return Rank.SOME_WORDS;
        }
        if (e.definition().contains(query)
                || (queryWords.length > 0 && everyWordStartsOneOf(queryWords, e.definitionWords()))) {
            return Rank.DEFINITION;
        }
        return null;
    }

    /** How many of the query's words (of at least three letters) start, or are close to, a word of the name. */
    private static int wordsMatching(String[] queryWords, String[] words) {
        int n = 0;
        for (String q : queryWords) {
            if (q.length() >= 3 && !FUNCTION_WORDS.contains(q) && (everyWordStartsOneOf(new String[] {q}, words) || everyWordCloseToOneOf(new String[] {q}, words))) {
                n++;
            }
        }
        return n;
    }

    private static boolean everyWordStartsOneOf(String[] queryWords, String[] words) {
        for (String q : queryWords) {
            boolean found = false;
            for (String w : words) {
                if (w.startsWith(q)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean everyWordCloseToOneOf(String[] queryWords, String[] words) {
        for (String q : queryWords) {
            if (q.length() < 4) {
                return false; // short fragments match too much when misspelt
            }
            int allowed = q.length() <= 6 ? 1 : 2;
            boolean found = false;
            for (String w : words) {
                // compare with the whole word and with its beginning, so that a half-typed misspelling matches
                String head = w.length() > q.length() + 1 ? w.substring(0, q.length()) : w;
                if (isClose(q, w, allowed) || isClose(q, head, allowed)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Whether two words are within {@code allowed} edits (insertions, deletions, substitutions, adjacent swaps). */
    private static boolean isClose(String a, String b, int allowed) {
        return Math.abs(a.length() - b.length()) <= allowed && boundedDistance(a, b, allowed) <= allowed;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int editDistance(String a, String b) {
        return boundedDistance(a, b, Integer.MAX_VALUE - 1);
    }

    /**
     * The optimal string alignment distance, or {@code max + 1} as soon as it must exceed {@code max}:
     * the search asks only "within one or two edits?", so most comparisons stop after a row or two.
     */
    private static int boundedDistance(String a, String b, int max) {
        int m = b.length();
        int[] before = new int[m + 1];
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = i;
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, before[j - 2] + 1);
                }
                current[j] = best;
                rowMin = Math.min(rowMin, best);
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] recycled = before;
            before = previous;
            previous = current;
            current = recycled;
        }
        return Math.min(previous[m], max + 1);
    }

    private static String normalize(String s) {
        String folded = DIACRITICS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        return folded.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static String[] words(String normalized) {
        return NON_WORD.splitAsStream(normalized).filter(w -> !w.isEmpty()).toArray(String[]::new);
    }
}
