package org.aecapture.ctcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The bundled clinical lexicon: every row points at a real CTCAE term, and it covers what investigators write. */
class LexiconTest {

    private static final CtcaeCatalog CATALOG = CtcaeCatalog.bundled();

    @Test
    void everyRowOfTheSourceFileNamesACtcaeTermWithItsOwnCodeAndAKnownKind() throws Exception {
        Path source = Path.of("ctcae-terms/lexicon.csv");
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build();
        int rows = 0;
        Set<String> seen = new java.util.HashSet<>();
        try (var in = Files.newBufferedReader(source)) {
            for (CSVRecord r : format.parse(in)) {
                rows++;
                CtcaeTerm term = CATALOG.byName(r.get("ctcae_term")).orElseThrow(() -> new AssertionError("row " + r.getRecordNumber()
                        + ": " + r.get("ctcae_term") + " is not a CTCAE v5.0 term"));
                assertEquals(term.meddraCode(), r.get("meddra_code"), "row " + r.getRecordNumber() + " " + r.get("phrase"));
                assertTrue(Set.of("lay", "abbreviation", "spelling", "misspelling", "synonym", "low", "high").contains(r.get("kind")),
                        "row " + r.getRecordNumber() + " kind " + r.get("kind"));
                assertTrue(seen.add(r.get("phrase").toLowerCase() + "|" + r.get("ctcae_term") + "|" + r.get("kind")),
                        "row " + r.getRecordNumber() + " repeats " + r.get("phrase"));
            }
        }
        assertEquals(CATALOG.lexicon().entries().size(), rows, "the bundled copy is the source file");
        assertTrue(rows >= 1000, "rows: " + rows);
    }

    @Test
    void itCoversTheWordsTheIssueNames() {
        Set<String> phrases = CATALOG.lexicon().entries().stream().map(e -> ClinicalText.key(e.phrase())).collect(Collectors.toSet());
        for (String p : List.of("tummy ache", "feeling sick", "can't sleep", "pins and needles", "URTI", "UTI", "SOB", "N/V", "DVT", "PE",
                "AKI", "ALT", "AST", "GGT", "ALP", "Hb", "WBC", "ANC", "BP", "anaemia", "diarrhoea", "oedema", "haematuria",
                "hypokalaemia", "neutrophils", "platelets", "potassium", "sodium", "creatinine")) {
            assertTrue(phrases.contains(ClinicalText.key(p)), p + " is not in the lexicon");
        }
        Set<Lexicon.Kind> kinds = CATALOG.lexicon().entries().stream().map(Lexicon.Entry::kind).collect(Collectors.toSet());
        // every kind the file writes; FORMER rows come from NCI's map, for v6.0 only
        assertEquals(java.util.EnumSet.complementOf(java.util.EnumSet.of(Lexicon.Kind.FORMER)), kinds);
    }

    @Test
    void aRowNamingNoCtcaeTermOrTheWrongCodeIsRefusedWithItsRow() throws Exception {
        String header = "phrase,ctcae_term,meddra_code,kind\n";
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Lexicon.load(new StringReader(header
                + "tummy ache,Abdominal pain,10000081,lay\nsniffles,Runny nose,10000000,lay\n"), CATALOG));
        assertTrue(unknown.getMessage().contains("lexicon row 2 (sniffles)") && unknown.getMessage().contains("Runny nose"), unknown.getMessage());
        IllegalArgumentException code = assertThrows(IllegalArgumentException.class,
                () -> Lexicon.load(new StringReader(header + "tummy ache,Abdominal pain,10019211,lay\n"), CATALOG));
        assertTrue(code.getMessage().contains("has MedDRA code 10000081"), code.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Lexicon.load(new StringReader(header + "x,Nausea,10028813,slang\n"), CATALOG));
    }

    @Test
    void theBundledTableItselfLoadsWithoutTheLexicon() throws Exception {
        try (var in = new InputStreamReader(CtcaeCatalog.class.getResourceAsStream(CtcaeCatalog.resource(CtcaeCatalog.V5)), StandardCharsets.UTF_8)) {
            CtcaeCatalog plain = CtcaeCatalog.load(in);
            assertTrue(plain.lexicon().entries().isEmpty());
            assertEquals("Upper respiratory infection", CATALOG.search("URTI", 1).get(0).term());
            assertEquals("Urticaria", plain.search("URTI", 1).get(0).term(), "without the lexicon, URTI is only the start of a word");
        }
    }
}
