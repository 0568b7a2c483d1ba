package org.aecapture.ctcae;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The term search on the evaluation set: top-1 at least 90%, top-5 at least 98%. */
class CodingQualityTest {

    @Test
    void theFirstSuggestionIsRightNineTimesInTenAndTheRightTermIsInTheFirstFive() throws Exception {
        CodingEvaluation.Result r;
        try (var in = new java.io.InputStreamReader(getClass().getResourceAsStream("/coding/verbatim-evaluation.csv"),
                java.nio.charset.StandardCharsets.UTF_8)) {
            r = CodingEvaluation.evaluate(CtcaeCatalog.bundled(), CodingEvaluation.read(in));
        }
        StringBuilder misses = new StringBuilder();
        r.misses().forEach(m -> misses.append(String.format("%n  %s -> expected %s, rank %d: %s", m.pair().verbatim(),
                m.pair().expected(), m.rank() + 1, m.suggested())));
        String summary = String.format("top-1 %d/%d (%.1f%%), top-5 %d/%d (%.1f%%); misses:%s", r.top1(), r.total(),
                100 * r.top1Rate(), r.top5(), r.total(), 100 * r.top5Rate(), misses);
        System.out.println(summary);
        assertTrue(r.total() >= 300, "at least 300 pairs");
        assertTrue(r.top1Rate() >= 0.90, summary);
        assertTrue(r.top5Rate() >= 0.98, summary);
    }
}
