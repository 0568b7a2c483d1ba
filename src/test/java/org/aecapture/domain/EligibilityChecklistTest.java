package org.aecapture.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.aecapture.domain.EligibilityChecklist.Answer;
import org.aecapture.domain.EligibilityChecklist.Outcome;
import org.junit.jupiter.api.Test;

class EligibilityChecklistTest {

    private final EligibilityChecklist blank = EligibilityChecklist.blank(List.of("Consent", "Age 18 to 65"),
            List.of("Drug-induced lupus", "Pregnant", "Fibromyalgia"));

    private static EligibilityChecklist allPassed(EligibilityChecklist c) {
        return c.withInclusion(0, Answer.YES).withInclusion(1, Answer.YES)
                .withExclusion(0, Answer.NO).withExclusion(1, Answer.NO).withExclusion(2, Answer.NO);
    }

    @Test
    void eligibleOnlyWhenEveryCriterionIsConfirmed() {
        assertEquals(Optional.empty(), blank.outcome());
        assertEquals(5, blank.unanswered());
        EligibilityChecklist almost = blank.withInclusion(0, Answer.YES).withInclusion(1, Answer.YES)
                .withExclusion(0, Answer.NO).withExclusion(1, Answer.NO);
        assertEquals(Optional.empty(), almost.outcome(), "one exclusion criterion still unconfirmed");
        assertEquals(Optional.of(Outcome.ELIGIBLE), allPassed(blank).outcome());
        assertTrue(allPassed(blank).failedCriteria().isEmpty());
    }

    @Test
    void aPresentExclusionOrAnUnmetInclusionIsAScreenFailureNamingTheCriterion() {
        EligibilityChecklist failed = allPassed(blank).withExclusion(2, Answer.YES);
        assertEquals(Optional.of(Outcome.SCREEN_FAILURE), failed.outcome());
        assertEquals(List.of("Exclusion 3: Fibromyalgia"), failed.failedCriteria());
        EligibilityChecklist early = blank.withInclusion(1, Answer.NO);
        assertEquals(Optional.of(Outcome.SCREEN_FAILURE), early.outcome(), "one failure decides, whatever is unanswered");
        assertEquals(List.of("Inclusion 2: Age 18 to 65"), early.failedCriteria());
    }

    @Test
    void answersAreStoredAsACodeAndReadBack() {
        EligibilityChecklist c = blank.withInclusion(0, Answer.YES).withExclusion(1, Answer.YES);
        assertEquals("Y-|-Y-", c.answersCode());
        EligibilityChecklist read = EligibilityChecklist.fromCode(c.inclusion(), c.exclusion(), "Y-|-Y-");
        assertEquals(c.inclusionAnswers(), read.inclusionAnswers());
        assertEquals(c.exclusionAnswers(), read.exclusionAnswers());
        assertThrows(IllegalArgumentException.class, () -> EligibilityChecklist.fromCode(c.inclusion(), c.exclusion(), "YY|NN"),
                "answers for another study's criteria are refused");
    }
}
