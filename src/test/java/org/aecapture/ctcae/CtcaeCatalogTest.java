package org.aecapture.ctcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CtcaeCatalogTest {

    private final CtcaeCatalog catalog = CtcaeCatalog.bundled();

    @Test
    void bundlesEveryTermOfTheTable() {
        assertEquals(837, catalog.size());
        assertEquals(26, catalog.socs().size());
        Set<String> codes = new HashSet<>();
        catalog.terms().forEach(t -> assertTrue(codes.add(t.meddraCode()), "duplicate code " + t.meddraCode()));
        assertEquals(26, catalog.terms().stream().filter(CtcaeTerm::isOtherSpecify).count());
        assertEquals(494, catalog.terms().stream().filter(t -> t.isGradeDefined(5)).count());
        long undefinedCells = catalog.terms().stream().mapToLong(t -> 5 - t.definedGrades().size()).sum();
        assertEquals(1000, undefinedCells);
    }

    @Test
    void fatigueHasNoGradeFourOrFive() {
        CtcaeTerm fatigue = catalog.byName("Fatigue").orElseThrow();
        assertEquals("10016256", fatigue.meddraCode());
        assertEquals(List.of(1, 2, 3), fatigue.definedGrades());
        assertEquals("Fatigue relieved by rest", fatigue.gradeDescription(1).orElseThrow());
        assertTrue(fatigue.gradeDescription(4).isEmpty());
        assertFalse(fatigue.isGradeDefined(5));
    }

    @Test
    void deathNosHasGradeFiveOnly() {
        CtcaeTerm death = catalog.byName("death nos").orElseThrow();
        assertEquals(List.of(5), death.definedGrades());
        assertEquals("General disorders and administration site conditions", death.soc());
        assertTrue(death.navigationalNote().startsWith("If death is due to an AE"));
    }

    @Test
    void keepsLineBreaksAndGreaterOrEqualSignsInGradeText() {
        CtcaeTerm hypertension = catalog.byName("Hypertension").orElseThrow();
        String grade1 = hypertension.gradeDescription(1).orElseThrow();
        assertTrue(grade1.startsWith("Adult: Systolic BP 120 - 139 mm Hg"));
        assertTrue(grade1.contains("\n\nPediatric:"), "line break kept");
        assertTrue(grade1.endsWith("Adolescent: BP \u2265120/80 even if < 95th percentile"), "the \u2265 character kept");
    }

    @Test
    void otherSpecifyTermsAreRecognisedAndHaveNoDefinition() {
        CtcaeTerm other = catalog.byMeddraCode("10005329").orElseThrow();
        assertEquals("Blood and lymphatic system disorders - Other, specify", other.term());
        assertTrue(other.isOtherSpecify());
        assertEquals("", other.definition());
        assertFalse(catalog.byName("Anemia").orElseThrow().isOtherSpecify());
    }
}
