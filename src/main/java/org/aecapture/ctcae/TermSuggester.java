package org.aecapture.ctcae;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Suggests CTCAE terms for what an investigator writes. Best first:
 * <ol>
 * <li>the study's own history: the same verbatim coded before ("coded 3 times in this study");</li>
 * <li>an exact phrase of the lexicon or an exact CTCAE term ("URTI", "loose stools", "Headache"), also when the
 *     verbatim only adds words such as "mild", "left" or "intermittent";</li>
 * <li>a lab analyte with a direction word in either order ("low neutrophils", "ALT raised", "drop in platelets");</li>
 * <li>every word of a lexicon phrase or a CTCAE term found in the verbatim, whole words before near spellings
 *     and word starts, more of the verbatim covered first, then phrases whose words stand together;</li>
 * <li>terms some of whose words match, then terms whose definition holds the words;</li>
 * <li>when nothing fits well, the closest spellings and the "Other, specify" terms of their SOCs, last.</li>
 * </ol>
 * Each suggestion carries the reason shown beside it. The comparison is on {@link ClinicalText} words, so case,
 * punctuation, British spelling and plurals do not matter. Every query is answered from in-memory indexes.
 */
final class TermSuggester {

    /** Words saying that a value is below normal. */
    static final Set<String> LOW_WORDS = stems("low", "lower", "lowered", "reduced", "reduction", "decreased", "decrease",
            "decreasing", "drop", "dropped", "dropping", "fall", "fallen", "falling", "deficiency", "deficient", "depleted",
            "depletion", "diminished", "subnormal", "hypo", "dec", "loss");
    /** Words saying that a value is above normal. */
    static final Set<String> HIGH_WORDS = stems("high", "higher", "raised", "raise", "elevated", "elevation", "increased",
            "increase", "increasing", "rise", "rising", "risen", "hyper", "inc", "prolonged", "gain");
    /**
     * Words of a verbatim that qualify the event without saying which event it is (severity, course, side, timing):
     * they neither count against a match nor make one.
     */
    static final Set<String> MODIFIERS = stems("mild", "moderate", "severe", "serious", "worsening", "worsened", "worse",
            "intermittent", "occasional", "recurrent", "recurring", "persistent", "episode", "episodic", "transient", "ongoing",
            "new", "onset", "left", "right", "bilateral", "both", "grade", "symptom", "suspected", "possible", "probable",
            "likely", "query", "history", "general", "generally", "significant", "slight", "slightly", "minor", "extreme",
            "extremely", "very", "some", "several", "multiple", "day", "night", "morning", "evening", "daily", "week", "since",
            "starting", "started", "after", "post", "dose", "dosing", "dosed", "study", "drug", "medication", "treatment",
            "related", "secondary", "due", "home", "work", "uln", "time", "spell", "x", "lt", "rt", "bilat", "increasingly",
            "positive", "type", "flare", "exacerbation", "attack", "feeling", "felt", "once", "twice", "overnight", "diffuse",
            "generalized", "generalised", "widespread", "localized", "localised");

    /**
     * Adjectives that describe rather than name ("itchy rash" is a rash): where the verbatim has other words, such a
     * word weighs half. Compared before stemming, since "itchy" and "itch" share a stem.
     */
    static final Set<String> ADJECTIVES = Set.of("itchy", "dizzy", "sleepy", "shaky", "queasy", "wheezy", "tingly", "woozy", "giddy",
            "sore", "tired", "numb", "faint", "restless", "anxious", "nervous", "irritable", "depressed", "bloated", "constipated",
            "nauseated", "nauseous", "dehydrated", "bruised", "confused", "agitated", "swollen", "red", "painful", "dry", "hoarse",
            "breathless", "feverish", "lethargic", "jaundiced", "flushed", "obese", "unwell", "anemic", "febrile", "lightheaded",
            "disoriented", "drowsy", "exhausted", "fatigued", "forgetful", "sick", "weak", "infected", "inflamed", "puffy", "runny",
            "stuffy", "blocked", "watery", "bloody", "scratchy", "tender", "stiff", "achy", "aching");

    /** Words after which the verbatim says where, not what ("rash on forearms", "pain in left knee"). */
    private static final Set<String> LOCATIVE = Set.of("in", "on", "at", "of", "around", "over", "under", "behind", "near");

    /** Body parts that the CTCAE names by their kind: a knee is a joint, a calf an extremity. */
    private static final Map<String, List<String>> KIND_OF = kinds(Map.ofEntries(
            Map.entry("joint", List.of("knee", "hip", "shoulder", "elbow", "wrist", "ankle", "knuckle")),
            Map.entry("nail", List.of("toenail", "fingernail")),
            Map.entry("extremity", List.of("leg", "arm", "foot", "feet", "hand", "toe", "finger", "calf", "thigh", "heel", "shin",
                    "forearm")),
            Map.entry("limb", List.of("leg", "arm", "foot", "feet", "hand", "toe", "finger", "calf", "thigh", "heel", "shin",
                    "forearm"))));

    private static final double KIND = 0.8;
    private static final double EXACT = 1.0;
    private static final double NEAR_1 = 0.85;
    private static final double NEAR_2 = 0.75;
    private static final double COMPOUND = 0.7;
    private static final double PREFIX = 0.6;
    private static final double PREFIX_OF_WORD = 0.5;

    private static Set<String> stems(String... words) {
        Set<String> out = new HashSet<>();
        for (String w : words) {
            out.addAll(ClinicalText.words(w));
        }
        return Set.copyOf(out);
    }

    private static Map<String, List<String>> kinds(Map<String, List<String>> byKind) {
        Map<String, List<String>> out = new HashMap<>();
        byKind.forEach((kind, parts) -> parts.forEach(part -> out.computeIfAbsent(ClinicalText.words(part).get(0), k -> new ArrayList<>())
                .add(ClinicalText.words(kind).get(0))));
        return out;
    }

    /** A phrase the verbatim is compared with: a CTCAE term's name, or a non-analyte lexicon phrase. */
    private record Phrase(CtcaeTerm term, String[] words, Lexicon.Entry entry, Set<String> grams) {
        Phrase(CtcaeTerm term, String[] words, Lexicon.Entry entry) {
            this(term, words, entry, trigrams(String.join(" ", words)));
        }
    }

    /** A lab analyte of the lexicon: its words, the term, and whether the term is its decrease or increase. */
    private record Analyte(String[] words, Lexicon.Entry entry) { }

    private record Posting(int phrase, int position) { }

    private record Match(String word, double quality) { }

    private final List<CtcaeTerm> terms;
    private final List<Phrase> phrases = new ArrayList<>();
    private final List<Analyte> analytes = new ArrayList<>();
    private final Map<String, List<Posting>> postings = new HashMap<>();
    private final Map<String, List<Integer>> analytePostings = new HashMap<>();
    private final Map<String, Set<Integer>> definitionWords = new HashMap<>();
    private final Map<String, Set<String>> analyteDirections = new HashMap<>();
    private final NavigableSet<String> vocabulary = new TreeSet<>();
    private final Map<Integer, List<String>> vocabularyByLength = new HashMap<>();
    private final Map<String, CtcaeTerm> otherSpecifyBySoc = new HashMap<>();
    private final Map<String, CtcaeTerm> byCode = new HashMap<>();
    /** How telling each word is: rare words (shingles) weigh more than common ones (pain, rash). */
    private final Map<String, Double> weight = new HashMap<>();
    private double meanWeight;

    TermSuggester(List<CtcaeTerm> terms, Lexicon lexicon) {
        this.terms = terms;
        for (CtcaeTerm t : terms) {
            byCode.put(t.meddraCode(), t);
            addPhrase(new Phrase(t, significant(ClinicalText.words(t.term())), null));
            if (t.isOtherSpecify()) {
                otherSpecifyBySoc.put(t.soc(), t);
            }
        }
        for (Lexicon.Entry e : lexicon.entries()) {
            String[] words = significant(ClinicalText.words(e.phrase()));
            if (e.kind().isAnalyte()) {
                int id = analytes.size();
                analytes.add(new Analyte(words, e));
                analytePostings.computeIfAbsent(words[0], w -> new ArrayList<>()).add(id);
                analyteDirections.computeIfAbsent(String.join(" ", words), w -> new HashSet<>()).add(e.kind().name());
                vocabulary.addAll(Arrays.asList(words));
            } else {
                addPhrase(new Phrase(e.term(), words, e));
            }
        }
        for (int i = 0; i < terms.size(); i++) {
            for (String w : new LinkedHashSet<>(ClinicalText.words(terms.get(i).definition()))) {
                definitionWords.computeIfAbsent(w, k -> new HashSet<>()).add(i);
            }
        }
        for (String w : vocabulary) {
            vocabularyByLength.computeIfAbsent(w.length(), n -> new ArrayList<>()).add(w);
        }
        int total = phrases.size() + analytes.size();
        Map<String, Set<Integer>> phrasesWith = new HashMap<>();
        postings.forEach((w, list) -> list.forEach(p -> phrasesWith.computeIfAbsent(w, k -> new HashSet<>()).add(p.phrase())));
        for (int i = 0; i < analytes.size(); i++) {
            for (String w : analytes.get(i).words()) {
                phrasesWith.computeIfAbsent(w, k -> new HashSet<>()).add(-1 - i);
            }
        }
        phrasesWith.forEach((w, set) -> weight.put(w, Math.log(1 + total / (double) set.size())));
        meanWeight = weight.values().stream().mapToDouble(Double::doubleValue).average().orElse(1);
    }

    private void addPhrase(Phrase p) {
        int id = phrases.size();
        phrases.add(p);
        for (int i = 0; i < p.words().length; i++) {
            postings.computeIfAbsent(p.words()[i], w -> new ArrayList<>()).add(new Posting(id, i));
            vocabulary.add(p.words()[i]);
        }
    }

    private static String[] significant(List<String> words) {
        List<String> kept = words.stream().filter(w -> !ClinicalText.FUNCTION_WORDS.contains(w)).toList();
        return (kept.isEmpty() ? words : kept).toArray(String[]::new);
    }

    /** A candidate: the best route found so far to one term. */
    private static final class Candidate {
        final CtcaeTerm term;
        double score;
        int order;
        TermSuggestion.Source source;
        String reason;

        Candidate(CtcaeTerm term) {
            this.term = term;
        }
    }

    List<TermSuggestion> suggest(String rawQuery, CodingHistory history, int limit) {
        List<String> spelled = ClinicalText.spelled(rawQuery);
        List<String> all = ClinicalText.stems(spelled);
        if (all.isEmpty() || limit <= 0) {
            return List.of();
        }
        // the tokens that say something: no function words, no bare numbers or measurements ("38.2C", "2x")
        List<Integer> tokens = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String w = all.get(i);
            if (!ClinicalText.FUNCTION_WORDS.contains(w) && (vocabulary.contains(w) || !hasDigit(w))) {
                tokens.add(i);
            }
        }
        if (tokens.isEmpty()) {
            for (int i = 0; i < all.size(); i++) {
                tokens.add(i);
            }
        }
        Set<Integer> counted = new LinkedHashSet<>();   // tokens a match must cover: not modifiers
        for (int i : tokens) {
            if (!MODIFIERS.contains(all.get(i))) {
                counted.add(i);
            }
        }
        if (counted.isEmpty()) {
            counted.addAll(tokens);
        }
        int lastToken = tokens.get(tokens.size() - 1);

        Map<String, Candidate> candidates = new LinkedHashMap<>();
        String queryKey = ClinicalText.key(spelled);
        Map<String, Integer> coded = history.codedAs(queryKey);
        for (Map.Entry<String, Integer> h : coded.entrySet()) {
            CtcaeTerm t = byCode.get(h.getKey());
            if (t != null) {
                int n = h.getValue();
                offer(candidates, t, 2000 + Math.min(n, 999), -1, TermSuggestion.Source.HISTORY,
                        "coded " + (n == 1 ? "once" : n + " times") + " in this study");
            }
        }

        // every token's matches in the vocabulary, then each phrase's best match per word
        Map<Integer, List<Match>> matches = new HashMap<>();
        for (int i : tokens) {
            matches.put(i, matchesOf(all.get(i), i == lastToken));
        }
        // a list of events ("vomiting and diarrhoea") leads with its first; a single one ends on its noun ("itchy rash"),
        // before any words saying where ("rash on forearms", "joint pains - hands")
        boolean list = all.contains("and") || all.contains("or") || all.contains("plus") || rawQuery.matches(".*[,;+/&].*");
        int head = headLength(rawQuery, all);
        double[] weights = weights(all, spelled, counted, matches, list, head);
        int lastCounted = list ? counted.iterator().next()
                : counted.stream().mapToInt(Integer::intValue).filter(i -> i < head).max()
                        .orElse(counted.stream().mapToInt(Integer::intValue).max().orElse(-1));
        Map<Integer, double[]> quality = new HashMap<>();
        Map<Integer, int[]> usedToken = new HashMap<>();
        for (int i : tokens) {
            for (Match m : matches.get(i)) {
                for (Posting p : postings.getOrDefault(m.word(), List.of())) {
                    int n = phrases.get(p.phrase()).words().length;
                    double[] q = quality.computeIfAbsent(p.phrase(), k -> new double[n]);
                    int[] tok = usedToken.computeIfAbsent(p.phrase(), k -> filled(n));
                    if (m.quality() > q[p.position()]) {
                        q[p.position()] = m.quality();
                        tok[p.position()] = i;
                    }
                }
            }
        }
        for (Map.Entry<Integer, double[]> e : quality.entrySet()) {
            scorePhrase(candidates, phrases.get(e.getKey()), e.getValue(), usedToken.get(e.getKey()), all, counted, lastCounted, weights,
                    rawQuery.strip(), tokens);
        }
        scoreAnalytes(candidates, all, tokens, counted, lastCounted, matches, weights);

        boolean wellMatched = candidates.values().stream().anyMatch(c -> c.score >= 400);
        if (!wellMatched || candidates.size() < limit) {
            scoreDefinitions(candidates, all, counted);
        }
        if (!candidates.values().stream().anyMatch(c -> c.score >= 100)) {
            closest(candidates, String.join(" ", all));
        }
        List<Candidate> ranked = new ArrayList<>(candidates.values());
        ranked.sort(Comparator.comparingDouble((Candidate c) -> -c.score).thenComparingInt(c -> c.order)
                .thenComparing(c -> c.term.term()));
        List<TermSuggestion> out = new ArrayList<>();
        for (Candidate c : ranked) {
            if (out.size() == limit) {
                break;
            }
            out.add(new TermSuggestion(c.term, c.source, c.reason));
        }
        if (!wellMatched && out.size() < limit) {
            appendOtherSpecify(out, limit);
        }
        return out;
    }

    /** How many words come before the verbatim turns to where ("- hands", "(left)", "in legs", "on forearms"). */
    private static int headLength(String raw, List<String> all) {
        int head = all.size();
        String[] parts = raw.split("\\s[-\u2013]\\s|\\(|:", 2);
        if (parts.length == 2) {
            head = Math.min(head, ClinicalText.words(parts[0]).size());
        }
        for (int i = 1; i < head; i++) {
            if (LOCATIVE.contains(all.get(i))) {
                return i;
            }
        }
        return head;
    }

    /**
     * Each token's weight in a match's coverage: rare words weigh more than common ones (shingles more than rash);
     * in a list every event the same; adjectives ("itchy") and the words saying where weigh half.
     */
    private double[] weights(List<String> all, List<String> spelled, Set<Integer> counted, Map<Integer, List<Match>> matches,
                             boolean list, int head) {
        double[] w = new double[all.size()];
        for (int i = 0; i < w.length; i++) {
            String token = all.get(i);
            double base;
            if (list) {
                base = 1;
            } else if (weight.containsKey(token)) {
                base = weight.get(token);
            } else {
                base = matches.getOrDefault(i, List.of()).stream().mapToDouble(m -> weight.getOrDefault(m.word(), meanWeight)).max()
                        .orElse(meanWeight);
            }
            if (counted.size() > 1 && i < spelled.size() && ADJECTIVES.contains(spelled.get(i))) {
                base *= 0.5;
            }
            if (i >= head) {
                base *= 0.5;
            }
            w[i] = base;
        }
        return w;
    }

    private static boolean hasDigit(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (Character.isDigit(w.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    private static void offer(Map<String, Candidate> candidates, CtcaeTerm term, double score, int order,
                              TermSuggestion.Source source, String reason) {
        Candidate c = candidates.computeIfAbsent(term.meddraCode(), k -> new Candidate(term));
        if (c.source == null || score > c.score || (score == c.score && order < c.order)) {
            c.score = score;
            c.order = order;
            c.source = source;
            c.reason = reason;
        }
    }

    /** The vocabulary words a token may stand for, each with how sure the match is. */
    private List<Match> matchesOf(String token, boolean last) {
        List<Match> out = new ArrayList<>();
        boolean exact = vocabulary.contains(token);
        if (exact) {
            out.add(new Match(token, EXACT));
        }
        for (String kind : KIND_OF.getOrDefault(token, List.of())) {
            out.add(new Match(kind, KIND));
        }
        if (!exact && token.length() >= 4) {
            int allowed = token.length() <= 6 ? 1 : 2;
            for (int len = token.length() - allowed; len <= token.length() + allowed; len++) {
                for (String w : vocabularyByLength.getOrDefault(len, List.of())) {
                    int d = boundedDistance(token, w, allowed);
                    if (d <= allowed) {
                        out.add(new Match(w, d == 1 ? NEAR_1 : NEAR_2));
                    }
                }
            }
            // a compound whose end is a known word: "urosepsis" is a sepsis
            for (int i = 1; i + 4 <= token.length(); i++) {
                String tail = token.substring(i);
                if (vocabulary.contains(tail)) {
                    out.add(new Match(tail, COMPOUND));
                    break;
                }
            }
        }
        // word starts: the word being typed, or a long truncated word ("abdom", "pneum"); never a known body part
        boolean prefix = !KIND_OF.containsKey(token) && (last ? token.length() >= 2 : !exact && token.length() >= 5);
        if (prefix) {
            int n = 0;
            for (String w : vocabulary.subSet(token, false, token + Character.MAX_VALUE, false)) {
                out.add(new Match(w, exact ? PREFIX_OF_WORD : PREFIX));
                if (++n == 40) {
                    break;
                }
            }
        }
        return out;
    }

    private void scorePhrase(Map<String, Candidate> candidates, Phrase p, double[] q, int[] tok, List<String> all,
                             Set<Integer> counted, int lastCounted, double[] weights, String typed, List<Integer> tokens) {
        int m = q.length;
        int matched = 0;
        double sum = 0;
        double min = 1;
        Set<Integer> covered = new HashSet<>();
        for (int j = 0; j < m; j++) {
            if (q[j] > 0) {
                matched++;
                sum += q[j];
                min = Math.min(min, q[j]);
                if (counted.contains(tok[j])) {
                    covered.add(tok[j]);
                }
            }
        }
        if (matched == 0 || covered.isEmpty()) {
            return;
        }
        double coverQuery = coverage(covered, counted, weights);
        boolean full = matched == m;
        boolean lexicon = p.entry() != null;
        boolean together = inOrderTogether(tok);
        int order = lexicon ? p.entry().row() : 100_000;
        TermSuggestion.Source source = lexicon ? TermSuggestion.Source.LEXICON : TermSuggestion.Source.CATALOG;
        double score;
        String reason;
        int firstCounted = counted.iterator().next();
        boolean startsAlike = tok[0] == firstCounted;
        if (full && min == EXACT && covered.size() == counted.size() && counted.size() == m) {
            boolean literal = together && all.stream().filter(w -> !ClinicalText.FUNCTION_WORDS.contains(w)).count() == m;
            // the term itself before a phrase that reads the same, unless the phrase is spelt as typed ("anaemia")
            boolean asTyped = lexicon && literal && p.entry().phrase().equalsIgnoreCase(typed);
            score = (literal ? 1000 : 900) + (together ? 5 : 0) + (lexicon ? 0 : 1) + (asTyped ? 2 : 0);
            reason = lexicon ? label(p.entry()) : literal ? "CTCAE term" : "words of the CTCAE term";
        } else if ((tokens.size() < m || min <= PREFIX) && !(lexicon && min <= PREFIX) && startsWith(tok, q, tokens)) {
            // the verbatim is the beginning of the phrase, word by word: a CTCAE term being typed ("nervous system dis")
            score = 850 + 100.0 * tokens.size() / m + (lexicon ? 0 : 1);
            reason = lexicon ? label(p.entry()) : "start of the CTCAE term";
        } else if (min <= PREFIX && covered.size() == counted.size()) {
            // being typed: every word so far starts or is a word of the phrase; a CTCAE term that starts so first
            score = (lexicon ? 330 : 370) + 50.0 * matched / m + (startsAlike && !lexicon ? 60 : 0);
            reason = (lexicon ? label(p.entry()) : "CTCAE term") + " (start of a word)";
        } else if (full && min > PREFIX) {
            score = 400 + 300 * coverQuery * (sum / m) + 10 * Math.min(m, 5) + (together ? 15 : 0)
                    + (covered.contains(lastCounted) ? 8 : 0);
            reason = lexicon ? label(p.entry()) : "words of the CTCAE term";
            if (min < EXACT && min != KIND) {
                reason += " (near spelling)";
            }
        } else {
            if (m < 2 && min > PREFIX || covered.stream().allMatch(i -> isDirection(all.get(i)))) {
                return; // "low thyroid" is no suggestion for "low neutrophils"
            }
            score = 300 * (sum / m) * coverQuery * (lexicon ? 0.95 : 1) + (covered.contains(lastCounted) ? 3 : 0) + (startsAlike ? 5 : 0);
            reason = lexicon ? "part of " + label(p.entry()) : "some words of the CTCAE term";
        }
        offer(candidates, p.term(), score, order, source, reason);
    }

    /** The share of the verbatim's telling words that a match covers, each token weighing as {@link #weights} says. */
    private static double coverage(Set<Integer> covered, Set<Integer> counted, double[] weights) {
        double total = 0;
        double got = 0;
        for (int i : counted) {
            double w = weights[i];
            total += w;
            if (covered.contains(i)) {
                got += w;
            }
        }
        return total == 0 ? 0 : got / total;
    }

    /** Whether the phrase's first words are the verbatim's words, in order. */
    private static boolean startsWith(int[] tok, double[] q, List<Integer> tokens) {
        if (tokens.size() > tok.length) {
            return false;
        }
        for (int j = 0; j < tokens.size(); j++) {
            if (tok[j] != tokens.get(j) || q[j] == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDirection(String word) {
        return LOW_WORDS.contains(word) || HIGH_WORDS.contains(word);
    }

    /** Whether the matched tokens stand together in the verbatim in the phrase's own order. */
    private static boolean inOrderTogether(int[] tok) {
        for (int j = 1; j < tok.length; j++) {
            if (tok[j] != tok[j - 1] + 1) {
                return false;
            }
        }
        return true;
    }

    private static String label(Lexicon.Entry e) {
        return e.kind().label() + ": " + e.phrase();
    }

    /**
     * Lab analytes with a direction word near them, in either order ("low neutrophils", "neutrophils reduced",
     * "drop in platelets"); an analyte named without a direction suggests its terms lower down.
     */
    private void scoreAnalytes(Map<String, Candidate> candidates, List<String> all, List<Integer> tokens, Set<Integer> counted,
                               int lastCounted, Map<Integer, List<Match>> matches, double[] weights) {
        for (int start : tokens) {
            Set<String> firstWords = new HashSet<>();
            for (Match m : matches.get(start)) {
                if (m.quality() >= NEAR_2) {
                    firstWords.add(m.word());
                }
            }
            for (String first : firstWords) {
                for (int id : analytePostings.getOrDefault(first, List.of())) {
                    Analyte a = analytes.get(id);
                    int end = spanEnd(a.words(), all, start, matches);
                    if (end < 0) {
                        continue;
                    }
                    boolean low = a.entry().kind() == Lexicon.Kind.LOW;
                    int direction = directionNear(all, start, end, low ? LOW_WORDS : HIGH_WORDS);
                    Set<Integer> covered = new HashSet<>();
                    for (int i = start; i <= end; i++) {
                        if (counted.contains(i)) {
                            covered.add(i);
                        }
                    }
                    String reason = "lab value: " + a.entry().phrase() + (low ? " low" : " high");
                    if (direction >= 0) {
                        covered.add(direction);
                        boolean exact = covered.size() == counted.size();
                        double coverQuery = coverage(covered, counted, weights);
                        double score = exact ? 900 : 400 + 300 * coverQuery + 10 * Math.min(a.words().length + 1, 5) + 15
                                + (covered.contains(lastCounted) ? 8 : 0) + 1;
                        offer(candidates, a.entry().term(), score, a.entry().row(), TermSuggestion.Source.LEXICON, reason);
                    } else if (directionNear(all, start, end, low ? HIGH_WORDS : LOW_WORDS) < 0) {
                        // only the analyte: both of its terms if it has two, a little lower; not the one its words say it is not
                        // ("high temperature" is no hypothermia)
                        boolean oneWay = analyteDirections.get(String.join(" ", a.words())).size() == 1;
                        double coverQuery = coverage(covered, counted, weights);
                        double score = (oneWay ? 380 : 300) + 100 * coverQuery - (low ? 1 : 0);
                        offer(candidates, a.entry().term(), score, a.entry().row(), TermSuggestion.Source.LEXICON,
                                "lab value: " + a.entry().phrase());
                    }
                }
            }
        }
    }

    /** The last token of the analyte's words starting at {@code start}, or -1 when they are not there. */
    private static int spanEnd(String[] words, List<String> all, int start, Map<Integer, List<Match>> matches) {
        int at = start;
        for (int j = 1; j < words.length; j++) {
            at++;
            if (at >= all.size()) {
                return -1;
            }
            String want = words[j];
            boolean ok = all.get(at).equals(want) || matches.getOrDefault(at, List.of()).stream()
                    .anyMatch(m -> m.word().equals(want) && m.quality() >= NEAR_2);
            if (!ok) {
                return -1;
            }
        }
        return at;
    }

    /** A direction word within three words before or after the analyte, or -1. */
    private static int directionNear(List<String> all, int start, int end, Set<String> direction) {
        for (int d = 1; d <= 3; d++) {
            if (start - d >= 0 && direction.contains(all.get(start - d))) {
                return start - d;
            }
            if (end + d < all.size() && direction.contains(all.get(end + d))) {
                return end + d;
            }
        }
        return -1;
    }

    /** Terms whose definition holds every word that counts. */
    private void scoreDefinitions(Map<String, Candidate> candidates, List<String> all, Set<Integer> counted) {
        Set<Integer> hits = null;
        for (int i : counted) {
            Set<Integer> with = definitionWords.getOrDefault(all.get(i), Set.of());
            if (hits == null) {
                hits = new HashSet<>(with);
            } else {
                hits.retainAll(with);
            }
            if (hits.isEmpty()) {
                return;
            }
        }
        if (hits == null) {
            return;
        }
        for (int t : hits) {
            offer(candidates, terms.get(t), 100, 200_000, TermSuggestion.Source.CATALOG, "in the definition");
        }
    }

    /** The terms and lexicon phrases spelt most like the verbatim, by shared letter triples. */
    private void closest(Map<String, Candidate> candidates, String query) {
        Set<String> q = trigrams(query);
        if (q.isEmpty()) {
            return;
        }
        for (Phrase p : phrases) {
            Set<String> t = p.grams();
            int shared = 0;
            for (String g : q) {
                if (t.contains(g)) {
                    shared++;
                }
            }
            double dice = 2.0 * shared / (q.size() + t.size());
            if (dice >= 0.3) {
                offer(candidates, p.term(), 50 * dice, 300_000, TermSuggestion.Source.CLOSEST, "closest spelling");
            }
        }
    }

    private static Set<String> trigrams(String s) {
        String padded = " " + s + " ";
        Set<String> grams = new HashSet<>();
        for (int i = 0; i + 3 <= padded.length(); i++) {
            grams.add(padded.substring(i, i + 3));
        }
        return grams;
    }

    /** The "Other, specify" terms of the suggested terms' SOCs, after everything else. */
    private void appendOtherSpecify(List<TermSuggestion> out, int limit) {
        Set<String> socs = new LinkedHashSet<>();
        out.forEach(s -> socs.add(s.term().soc()));
        Set<String> present = new HashSet<>();
        out.forEach(s -> present.add(s.term().meddraCode()));
        for (String soc : socs) {
            CtcaeTerm other = otherSpecifyBySoc.get(soc);
            if (out.size() < limit && other != null && present.add(other.meddraCode())) {
                out.add(new TermSuggestion(other, TermSuggestion.Source.CLOSEST, "Other, specify of the SOC"));
            }
        }
    }

    /**
     * The optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps), or
     * {@code max + 1} as soon as it must exceed {@code max}.
     */
    static int boundedDistance(String a, String b, int max) {
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
}
