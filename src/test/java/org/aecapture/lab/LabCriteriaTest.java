package org.aecapture.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.ctcae.CtcaeTerm;
import org.junit.jupiter.api.Test;

class LabCriteriaTest {

    private static final String HEADER = "meddra_code,term,analyte,direction,grade,unit,criterion,baseline,clinical,ctcae_text\n";
    private final CtcaeCatalog catalog = CtcaeCatalog.bundled();

    private static Reader units() {
        return new InputStreamReader(CtcaeCatalog.class.getResourceAsStream(LabCriteria.UNITS), StandardCharsets.UTF_8);
    }

    @Test
    void everyRowIsATermAndGradeOfTheCtcaeTableInItsOwnWords() {
        LabCriteria criteria = LabCriteria.bundled();
        int rows = 0;
        for (String code : criteria.codes()) {
            CtcaeTerm t = catalog.byMeddraCode(code).orElseThrow();
            for (LabCriterion c : criteria.forTerm(code)) {
                rows++;
                assertEquals(t.term(), c.term());
                assertTrue(t.isGradeDefined(c.grade()), c.term() + " grade " + c.grade());
                assertTrue(t.gradeDescription(c.grade()).orElseThrow().contains(c.ctcaeText()), c.ctcaeText());
                assertTrue(c.unit() == null || criteria.unitsFor(code).contains(c.unit()), c.unit());
            }
        }
        assertEquals(54, criteria.codes().size());
        assertTrue(rows > 200, "rows: " + rows);
    }

    @Test
    void coversTheLaboratoryTermsOfTheInvestigationsAndMetabolismTables() {
        LabCriteria criteria = LabCriteria.bundled();
        for (String term : List.of("Anemia", "Neutrophil count decreased", "Platelet count decreased", "White blood cell decreased",
                "Lymphocyte count decreased", "Alanine aminotransferase increased", "Aspartate aminotransferase increased",
                "Blood bilirubin increased", "Alkaline phosphatase increased", "GGT increased", "Creatinine increased",
                "Hyperkalemia", "Hypokalemia", "Hypernatremia", "Hyponatremia", "Hypercalcemia", "Hypocalcemia", "Hypomagnesemia",
                "Hypermagnesemia", "Hypoglycemia", "Hypoalbuminemia", "INR increased", "Fibrinogen decreased", "Lipase increased",
                "Serum amylase increased", "CPK increased", "Cholesterol high", "Hypertriglyceridemia")) {
            assertTrue(criteria.codeOf(term).isPresent(), term);
        }
        assertTrue(criteria.codeOf("Fatigue").isEmpty());
        assertEquals(List.of("10^9/L", "/mm3", "10^3/uL", "/uL"), criteria.unitsFor(criteria.codeOf("Neutrophil count decreased").orElseThrow()));
    }

    @Test
    void refusesARowWhoseWordsAreNotTheCtcaeText() {
        String row = "10029366,Neutrophil count decreased,neutrophils,low,3,10^9/L,0.5 <= x < 1.0,,,<1.0 - 0.4 x 10e9 /L\n";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LabCriteria.load(new StringReader(HEADER + row), units(), catalog));
        assertTrue(e.getMessage().contains("record 1 (Neutrophil count decreased grade 3)"), e.getMessage());
        assertTrue(e.getMessage().contains("is not in the CTCAE grade text"), e.getMessage());
    }

    @Test
    void refusesAGradeTheTermDoesNotDefineAndATermTheTableLacks() {
        String undefined = "10020670,Hypermagnesemia,magnesium,high,2,mg/dL,3.0 < x <= 4.0,,,>3.0 - 8.0 mg/dL\n";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LabCriteria.load(new StringReader(HEADER + undefined), units(), catalog));
        assertTrue(e.getMessage().contains("CTCAE does not define grade 2 of Hypermagnesemia"), e.getMessage());
        String unknown = "10099999,Blood unobtainium increased,alt,high,1,,x > ULN,,,>ULN\n";
        e = assertThrows(IllegalStateException.class, () -> LabCriteria.load(new StringReader(HEADER + unknown), units(), catalog));
        assertTrue(e.getMessage().contains("MedDRA code 10099999 is not in the CTCAE table"), e.getMessage());
    }

    @Test
    void refusesACriterionItCannotRead() {
        String row = "10029366,Neutrophil count decreased,neutrophils,low,3,10^9/L,between 0.5 and 1,,,<1.0 - 0.5 x 10e9 /L\n";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LabCriteria.load(new StringReader(HEADER + row), units(), catalog));
        assertTrue(e.getMessage().contains("not a criterion"), e.getMessage());
    }

    @Test
    void readsChainedAndJoinedCriteria() throws IOException {
        LabCriterion.Condition c = LabCriterion.Condition.parse("1.5*BASELINE < x <= 3.0*BASELINE");
        assertEquals(2, c.comparisons().size());
        LabCriterion.Inputs in = new LabCriterion.Inputs(new java.math.BigDecimal("3"), null, null, java.math.BigDecimal.ONE);
        assertTrue(c.holds(in));
        assertTrue(LabCriterion.Condition.parse("x > BASELINE + 4").holds(new LabCriterion.Inputs(new java.math.BigDecimal("5.1"), null, null,
                java.math.BigDecimal.ONE)));
        assertEquals(2, LabCriterion.Condition.parse("x > ULN and x > BASELINE").comparisons().size());
    }
}
