package org.aecapture.ctcae;

import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * The term search on the evaluation set: top-1 at least 90%, top-5 at least 98%, in CTCAE v5.0 and in v6.0 (the set's
 * expected terms read through NCI's v5.0 to v6.0 map).
 */
class CodingQualityTest {

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"5.0", "6.0"})
    void theFirstSuggestionIsRightNineTimesInTenAndTheRightTermIsInTheFirstFive(String version) throws Exception {
        CodingEvaluation.Result r;
        CtcaeCatalog catalog = CtcaeCatalog.bundled(version);
        try (var in = new java.io.InputStreamReader(getClass().getResourceAsStream("/coding/verbatim-evaluation.csv"),
                java.nio.charset.StandardCharsets.UTF_8)) {
            r = CodingEvaluation.evaluate(catalog, CodingEvaluation.inVersion(CodingEvaluation.read(in), catalog, CtcaeMap.bundled()));
        }
        StringBuilder misses = new StringBuilder();
        r.misses().forEach(m -> misses.append(String.format("%n  %s -> expected %s, rank %d: %s", m.pair().verbatim(),
                m.pair().expected(), m.rank() + 1, m.suggested())));
        String summary = "CTCAE v" + version + ": " + String.format("top-1 %d/%d (%.1f%%), top-5 %d/%d (%.1f%%); misses:%s", r.top1(), r.total(),
                100 * r.top1Rate(), r.top5(), r.total(), 100 * r.top5Rate(), misses);
        System.out.println(summary);
        assertTrue(r.total() >= 300, "at least 300 pairs");
        assertTrue(r.top1Rate() >= 0.90, summary);
        assertTrue(r.top5Rate() >= 0.98, summary);
    }
}
