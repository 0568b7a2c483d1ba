package org.aecapture.ctcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Suggestions with their reasons: history, lexicon, analytes with direction words, the CTCAE words, the closest. */
class TermSuggestionTest {

    private static final CtcaeCatalog CATALOG = CtcaeCatalog.bundled();

    private static TermSuggestion first(String verbatim) {
        return CATALOG.suggest(verbatim, CodingHistory.NONE, 10).get(0);
    }

    @Test
    void theIssuesVerbatimsAreCodedRightFirst() {
        Map<String, String> expected = Map.of("low neutrophils", "Neutrophil count decreased", "URTI", "Upper respiratory infection",
                "N/V", "Nausea", "joint pain", "Arthralgia", "loose stools", "Diarrhea", "throwing up", "Vomiting", "hives", "Urticaria",
                "raised ALT", "Alanine aminotransferase increased", "chest infection", "Lung infection");
        expected.forEach((verbatim, term) -> assertEquals(term, first(verbatim).term().term(), verbatim));
    }

    @Test
    void eachSuggestionSaysWhy() {
        TermSuggestion urti = first("URTI");
        assertEquals(TermSuggestion.Source.LEXICON, urti.source());
        assertEquals("abbreviation: URTI", urti.reason());
        assertEquals("lab value: neutrophils low", first("Neutrophils low").reason());
        assertEquals("lab value: ALT high", first("ALT elevated 3x ULN").reason());
        assertEquals("British spelling: anaemia", first("anaemia").reason());
        TermSuggestion headache = first("Headache");
        assertEquals(TermSuggestion.Source.CATALOG, headache.source());
        assertEquals("CTCAE term", headache.reason());
        assertEquals("words of the CTCAE term", first("worsening headache").reason());
        assertEquals("misspelling: diarhoea", first("diarhoea").reason());
        assertEquals("Vertigo", first("vertgio").term().term());
        assertEquals("words of the CTCAE term (near spelling)", first("vertgio").reason());
    }

    /** An analyte named with a direction suggests its term of that direction, and not the other one. */
    @Test
    void aDirectionWordKeepsTheTermOfTheOtherDirectionAway() {
        List<String> high = CATALOG.suggest("high temperature", CodingHistory.NONE, 10).stream().map(x -> x.term().term()).toList();
        assertEquals("Fever", high.get(0));
        assertFalse(high.contains("Hypothermia"), high.toString());
        List<String> low = CATALOG.suggest("temperature low", CodingHistory.NONE, 10).stream().map(x -> x.term().term()).toList();
        assertEquals("Hypothermia", low.get(0), "(a temperature alone is a fever in lay words: Fever may follow)");
        List<String> either = CATALOG.suggest("body temperature", CodingHistory.NONE, 10).stream().map(x -> x.term().term()).toList();
        assertTrue(either.containsAll(List.of("Fever", "Hypothermia")), "no direction: both " + either);
    }

    @Test
    void theStudysHistoryComesFirstAndCountsItsCodings() {
        String sepsis = CATALOG.byName("Sepsis").orElseThrow().meddraCode();
        String fever = CATALOG.byName("Fever").orElseThrow().meddraCode();
        CodingHistory history = key -> key.equals(ClinicalText.key("Hot and bothered")) ? Map.of(fever, 3, sepsis, 1) : Map.of();
        List<TermSuggestion> s = CATALOG.suggest("  hot AND bothered. ", history, 5);
        assertEquals("Fever", s.get(0).term().term());
        assertEquals(TermSuggestion.Source.HISTORY, s.get(0).source());
        assertEquals("coded 3 times in this study", s.get(0).reason());
        assertEquals("Sepsis", s.get(1).term().term());
        assertEquals("coded once in this study", s.get(1).reason());
        assertEquals("Headache", CATALOG.suggest("headache", history, 1).get(0).term().term(), "another verbatim: no history");
    }

    @Test
    void aVerbatimThatMatchesNothingWellStillGetsTheClosestTermsAndOtherSpecifyLast() {
        List<TermSuggestion> s = CATALOG.suggest("gastrointestinel upsettedness", CodingHistory.NONE, 10);
        assertFalse(s.isEmpty());
        assertTrue(s.stream().anyMatch(x -> x.term().isOtherSpecify() && x.reason().equals("Other, specify of the SOC")), s.toString());
        int firstOther = s.indexOf(s.stream().filter(x -> x.reason().equals("Other, specify of the SOC")).findFirst().orElseThrow());
        assertTrue(s.subList(firstOther, s.size()).stream().allMatch(x -> x.term().isOtherSpecify()), "Other, specify terms come last");
    }

    @Test
    void clinicalTextReadsBritishSpellingPluralsAndPunctuationAlike() {
        assertEquals(ClinicalText.key("low neutrophils"), ClinicalText.key("Low  Neutrophils."));
        assertEquals("anemia", ClinicalText.key("Anaemia"));
        assertEquals("diarrhea", ClinicalText.key("DIARRHOEA"));
        assertEquals("edema leg", ClinicalText.key("oedema legs"));
        assertEquals("n v", ClinicalText.key("N/V"));
        assertEquals("generalized rash", ClinicalText.key("generalised rash"));
        assertEquals(ClinicalText.words("itchy"), ClinicalText.words("itching"));
        assertEquals(ClinicalText.words("blurred"), ClinicalText.words("blurry"));
    }
}
