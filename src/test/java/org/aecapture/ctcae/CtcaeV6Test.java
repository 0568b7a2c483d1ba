package org.aecapture.ctcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CTCAE v6.0 beside v5.0: NCI's workbook as bundled, and its v5.0 to v6.0 map. */
class CtcaeV6Test {

    private final CtcaeCatalog v6 = CtcaeCatalog.bundled("6.0");
    private final CtcaeCatalog v5 = CtcaeCatalog.bundled();
    private final CtcaeMap map = CtcaeMap.bundled();

    @Test
    void theBundledTablesAreExactlyWhatNcisWorkbookHoldsWithItsErrata() throws Exception {
        CtcaeV6Workbook.Tables fromWorkbook = CtcaeV6Workbook.read(CtcaeV6Workbook.WORKBOOK);
        assertEquals(fromWorkbook.terms(), Files.readString(CtcaeV6Workbook.TERMS, StandardCharsets.UTF_8),
                "ctcae_v6.0.csv drifted from the workbook: run CtcaeV6Workbook.main");
        assertEquals(fromWorkbook.map(), Files.readString(CtcaeV6Workbook.MAP, StandardCharsets.UTF_8));
        assertEquals(7, fromWorkbook.errataApplied() + fromWorkbook.errataAlreadyIn(), "the seven errata of 2026-01-20");
        // the errata's updated texts
        assertEquals("<10,000/mm3; <10.0 x 10^9/L; life-threatening consequences; urgent intervention indicated",
                v6.byName("Thrombocytopenia").orElseThrow().gradeDescription(4).orElseThrow());
        assertEquals("Symptomatic", v6.byName("Decreased night vision").orElseThrow().gradeDescription(1).orElseThrow());
        assertEquals(">3.0 x baseline if baseline is below LLN; >3.0 - 6.0 x ULN",
                v6.byName("Creatinine increased").orElseThrow().gradeDescription(3).orElseThrow());
    }

    @Test
    void everyV6TermHasItsMeddraCodeAndSocAndUndefinedGradesAreAbsent() {
        assertEquals("6.0", v6.version());
        assertEquals(850, v6.size());
        Set<String> codes = new HashSet<>();
        for (CtcaeTerm t : v6.terms()) {
            assertTrue(t.meddraCode().matches("\\d{8}"), t.toString());
            assertTrue(codes.add(t.meddraCode()), "duplicate " + t);
            assertFalse(t.soc().isBlank(), t.toString());
            assertFalse(t.definedGrades().isEmpty(), t.toString());
            t.grades().stream().filter(g -> g != null).forEach(g -> assertFalse(g.equals("-") || g.isBlank(), t.toString()));
        }
        CtcaeTerm lymphopenia = v6.byName("Lymphopenia").orElseThrow();
        assertEquals(List.of(1), lymphopenia.definedGrades());
        assertEquals("Present", lymphopenia.gradeDescription(1).orElseThrow());
        assertEquals("", lymphopenia.navigationalNote(), "NCI's \"-\" is no note");
        assertTrue(v6.byName("Platelet count decreased").isEmpty(), "removed in v6.0");
        assertTrue(v5.byName("Platelet count decreased").isPresent());
        assertTrue(v6.byName("Hyperglycemia").orElseThrow().gradeDescription(1).orElseThrow().startsWith("Fasting glucose value >ULN - 160 mg/dL"));
        assertTrue(v6.byName("Hypertension").orElseThrow().gradeDescription(1).isEmpty(), "v6.0 deleted Hypertension grade 1");
    }

    @Test
    void aVersionNotBundledIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CtcaeCatalog.bundled("4.03"));
        assertTrue(e.getMessage().contains("CTCAE v4.03 is not bundled"), e.getMessage());
    }

    @Test
    void theMapAnswersForEveryV5TermAndEachOfItsGrades() {
        for (CtcaeTerm t : v5.terms()) {
            assertFalse(map.forTerm(t.term()).isEmpty(), t.toString());
            assertTrue(map.successor(t.meddraCode()).flatMap(e -> v6.byMeddraCode(e.v6Code())).isPresent(), "a v6.0 term for " + t);
            for (int g : t.definedGrades()) {
                CtcaeMap.Entry e = map.forGrade(t.term(), g).orElseThrow(() -> new AssertionError(t + " grade " + g));
                assertTrue(v6.byMeddraCode(e.v6Code()).isPresent(), e.toString());
            }
        }
        CtcaeMap.Entry platelets = map.forGrade("platelet count decreased", 3).orElseThrow();
        assertEquals("Thrombocytopenia", platelets.v6Term());
        assertEquals(3, platelets.v6Grade().orElseThrow());
        assertTrue(platelets.otherTerm());
        // every grade of a lymphocyte count decrease is Lymphopenia, graded "Present" only
        for (int g = 1; g <= 4; g++) {
            CtcaeMap.Entry lymph = map.forGrade("Lymphocyte count decreased", g).orElseThrow();
            assertEquals("Lymphopenia", lymph.v6Term());
            assertEquals(1, lymph.v6Grade().orElseThrow());
        }
        assertEquals("No change", map.forGrade("10002272", 1).orElseThrow().change(), "Anemia grade 1, by its code");
    }

    @Test
    void termSuggestionsInV6KnowItsRenames() {
        assertEquals("Thrombocytopenia", v6.search("platelet count decreased", 1).get(0).term());
        assertEquals("Lymphopenia", v6.search("Lymphocyte count decreased", 1).get(0).term());
        assertEquals("Thrombocytopenia", v6.search("low platelets", 1).get(0).term(), "the lexicon's analyte, through NCI's map");
        assertEquals("Upper respiratory infection", v6.search("URTI", 1).get(0).term());
        assertTrue(v6.lexicon().entries().stream().allMatch(e -> v6.byMeddraCode(e.term().meddraCode()).orElseThrow() == e.term()));
        TermSuggestion former = v6.suggest("platelet count decreased", CodingHistory.NONE, 1).get(0);
        assertEquals("Thrombocytopenia", former.term().term());
    }
}
