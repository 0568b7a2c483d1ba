package org.aecapture.ctcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TermSearchTest {

    private final CtcaeCatalog catalog = CtcaeCatalog.bundled();

    private List<String> names(String query, int limit) {
        return catalog.search(query, limit).stream().map(CtcaeTerm::term).toList();
    }

    @Test
    void exactNameComesFirstWhateverTheCase() {
        assertEquals("Nausea", names("NAUSEA", 5).get(0));
        assertEquals("Fatigue", names("fatigue", 5).get(0));
    }

    @Test
    void britishSpellingFindsAnemia() {
        assertEquals("Anemia", names("anaemia", 5).get(0));
    }

    @Test
    void neutroFindsNeutrophilCountThenFebrileNeutropenia() {
        List<String> hits = names("neutro", 10);
        assertEquals(List.of("Neutrophil count decreased", "Febrile neutropenia"), hits.subList(0, 2));
    }

    /** "Rash" alone is coded to the maculo-papular rash (the lexicon); the other rash terms follow, those starting with it first. */
    @Test
    void rashListsTheRashTermsFirst() {
        List<String> hits = names("rash", 10);
        assertEquals(List.of("Rash maculo-papular", "Rash acneiform", "Rash pustular", "Papulopustular rash"), hits.subList(0, 4));
    }

    @Test
    void wordPrefixesOfSeveralWordsMatch() {
        assertEquals("Platelet count decreased", names("plat decr", 3).get(0));
    }

    @Test
    void definitionMatchesRankBelowNameMatches() {
        List<String> hits = names("hemoglobin", 20);
        int anemia = hits.indexOf("Anemia");
        assertTrue(anemia > 0, "Anemia is found through its definition: " + hits);
        assertTrue(hits.get(0).toLowerCase().contains("hemoglobin"), "a name match leads: " + hits);
    }

    @Test
    void closeSpellingRanksBelowSubstring() {
        List<String> hits = names("headach", 5);
        assertEquals("Headache", hits.get(0));
        assertEquals("Headache", names("haedache", 5).get(0));
    }

    @Test
    void aVerbatimWithExtraWordsStillFindsItsTerm() {
        assertEquals("Headache", names("bad headache", 5).get(0));
        assertEquals("Nausea", names("feeling of nausea", 5).get(0));
        List<String> both = names("nausea and vomiting", 5);
        assertTrue(both.contains("Nausea") && both.contains("Vomiting"), both.toString());
    }

    @Test
    void emptyOrUnmatchedQueryFindsNothing() {
        assertTrue(names("   ", 10).isEmpty());
        assertTrue(names("zzqqxx", 10).isEmpty());
    }

    @Test
    void limitIsRespected() {
        assertEquals(3, names("pain", 3).size());
    }

    @Test
    void editDistanceCountsSwapsAsOne() {
        assertEquals(1, TermSuggester.boundedDistance("nausea", "nasuea", 5));
        assertEquals(1, TermSuggester.boundedDistance("anaemia", "anemia", 5));
        assertEquals(3, TermSuggester.boundedDistance("abc", "", 5));
    }
}
