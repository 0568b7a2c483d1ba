package org.aecapture.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.SeriousCriterion;
import org.junit.jupiter.api.Test;

/** The reviewer's filter and the toxicity picture on hand-built rows, without a database or JavaFX. */
class ReviewFilterTest {

    private static final String GI = "Gastrointestinal disorders";
    private static final String NERVOUS = "Nervous system disorders";

    static ReviewRow row(String subject, String site, String verbatim, String term, String soc, int grade, String onset, boolean serious,
                         Relationship rel, boolean teae, boolean deleted) {
        AdverseEvent ae = AdverseEvent.of(subject).id(1L).verbatimTerm(verbatim).term(term.substring(0, 3), term, soc)
                .grade(grade).onsetDate(onset == null ? null : PartialDate.parseIso(onset)).ongoing(true).serious(serious)
                .seriousCriteria(serious ? Set.of(SeriousCriterion.HOSPITALIZATION) : Set.of()).relationship(rel)
                .actionTaken(ActionTaken.DOSE_NOT_CHANGED).outcome(Outcome.NOT_RECOVERED).reportedAtVisit("W4").version(1)
                .deleted(deleted).build();
        return new ReviewRow(ae, site, LocalDate.of(2021, 7, 1), teae);
    }

    private final List<ReviewRow> rows = List.of(
            row("101-001", "101", "bad headache", "Headache", NERVOUS, 1, "2021-07-10", false, Relationship.POSSIBLE, true, false),
            row("101-001", "101", "vomiting", "Vomiting", GI, 3, "2021-07-20", true, Relationship.NOT_RELATED, true, false),
            row("101-002", "101", "diarrhoea", "Diarrhea", GI, 4, "2021-08", false, Relationship.DEFINITE, true, false),
            row("102-001", "102", "nausea", "Nausea", GI, 2, "2021-06-20", false, Relationship.UNLIKELY, false, false),
            row("102-001", "102", "seizure", "Seizure", NERVOUS, 5, null, true, Relationship.PROBABLE, true, false),
            row("102-002", "102", "migraine", "Headache", NERVOUS, 3, "2021-09-01", false, Relationship.POSSIBLE, true, true));

    private static List<String> verbatims(List<ReviewRow> kept) {
        return kept.stream().map(r -> r.ae().verbatimTerm()).toList();
    }

    @Test
    void noFilterKeepsEverythingButDeletedAes() {
        assertEquals(List.of("bad headache", "vomiting", "diarrhoea", "nausea", "seizure"), verbatims(ReviewFilter.NONE.apply(rows)));
        ReviewFilter withDeleted = ReviewFilter.fromLine("Deleted included=yes");
        assertEquals(6, withDeleted.apply(rows).size());
    }

    @Test
    void grade3OrWorseKeepsExactlyGrades3To5() {
        ReviewFilter f = ReviewFilter.NONE.withGrades(Set.of(3, 4, 5));
        assertEquals(List.of("vomiting", "diarrhoea", "seizure"), verbatims(f.apply(rows)));
    }

    @Test
    void partsCombine() {
        ReviewFilter giSerious = ReviewFilter.fromLine("SOC=" + GI + "\tSerious only=yes");
        assertEquals(List.of("vomiting"), verbatims(giSerious.apply(rows)));
        assertEquals(List.of("bad headache", "diarrhoea", "seizure"), verbatims(ReviewFilter.fromLine("Related only=yes").apply(rows)));
        assertEquals(List.of("nausea", "seizure"), verbatims(ReviewFilter.fromLine("Site=102").apply(rows)));
        assertEquals(List.of("bad headache"), verbatims(ReviewFilter.fromLine("Text=HEAD").apply(rows)), "verbatim or term, any case");
        assertEquals(List.of("bad headache", "vomiting", "diarrhoea", "seizure"),
                verbatims(ReviewFilter.fromLine("Treatment-emergent only=yes").apply(rows)));
        assertEquals(List.of("nausea", "seizure"), verbatims(ReviewFilter.fromLine("Subject=102").apply(rows)));
        assertEquals(List.of("vomiting"), verbatims(ReviewFilter.fromLine("Onset from=2021-07-15\tOnset to=2021-07-31").apply(rows)),
                "partial and unknown onsets are not known to fall in a date range");
    }

    @Test
    void aFilterSurvivesItsOneLineForm() {
        ReviewFilter f = new ReviewFilter(Set.of(3, 4), Set.of(GI, NERVOUS), Set.of("Hea"), "ache", true, true, true, false, true,
                "101", Set.of("101"), LocalDate.of(2021, 7, 1), LocalDate.of(2021, 12, 31));
        assertEquals(f, ReviewFilter.fromLine(f.toLine()));
        assertTrue(f.describe().startsWith("Grade: 3, 4; SOC: " + GI + " | " + NERVOUS), f.describe());
        assertEquals(ReviewFilter.NONE, ReviewFilter.fromLine(""));
        assertEquals("none", ReviewFilter.NONE.describe());
    }

    @Test
    void toxicityBySocCountsEachSubjectOnceUnderItsHighestGrade() {
        List<ReviewRow> kept = ReviewFilter.NONE.apply(rows);
        ToxicityBySoc bySubject = ToxicityBySoc.of(kept, true);
        // GI: 101-001 grade 3, 101-002 grade 4, 102-001 grade 2; nervous: 101-001 grade 1, 102-001 grade 5
        assertEquals(List.of(0, 0, 1, 1, 1, 0), ints(bySubject.counts(GI)));
        assertEquals(List.of(0, 1, 0, 0, 0, 1), ints(bySubject.counts(NERVOUS)));
        assertEquals(3, bySubject.subjects());
        ToxicityBySoc byEvent = ToxicityBySoc.of(kept, false);
        assertEquals(kept.size(), byEvent.total(GI) + byEvent.total(NERVOUS), "in events mode the bars add up to the rows");
    }

    /** Many subjects over many SOCs, against a count made the plain way: a map of subjects in a map of SOCs. */
    @Test
    void toxicityBySocAgreesWithAPlainCountOnManyRows() {
        java.util.Random rnd = new java.util.Random(5);
        List<String> socs = List.of(GI, NERVOUS, "Infections and infestations", "Skin and subcutaneous tissue disorders",
                "Investigations", "Blood and lymphatic system disorders", "Cardiac disorders", "Eye disorders", "Renal and urinary disorders",
                "Vascular disorders");
        List<ReviewRow> many = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String subject = String.format("%03d-%03d", 101 + rnd.nextInt(9), rnd.nextInt(300));
            many.add(row(subject, subject.substring(0, 3), "v", "Term", socs.get(rnd.nextInt(socs.size())), 1 + rnd.nextInt(5), null, false,
                    Relationship.POSSIBLE, true, false));
        }
        java.util.Map<String, java.util.Map<String, Integer>> highest = new java.util.HashMap<>();
        java.util.Map<String, int[]> events = new java.util.HashMap<>();
        for (ReviewRow r : many) {
            highest.computeIfAbsent(r.ae().soc(), k -> new java.util.HashMap<>()).merge(r.ae().subjectNumber(), r.ae().grade(), Math::max);
            events.computeIfAbsent(r.ae().soc(), k -> new int[6])[r.ae().grade()]++;
        }
        ToxicityBySoc bySubject = ToxicityBySoc.of(many, true);
        ToxicityBySoc byEvent = ToxicityBySoc.of(many, false);
        assertEquals(new java.util.TreeSet<>(socs), bySubject.countsByGrade().keySet());
        for (String soc : socs) {
            int[] expected = new int[6];
            highest.get(soc).values().forEach(g -> expected[g]++);
            assertEquals(ints(expected), ints(bySubject.counts(soc)), soc);
            assertEquals(ints(events.get(soc)), ints(byEvent.counts(soc)), soc);
        }
        assertEquals(many.stream().map(r -> r.ae().subjectNumber()).distinct().count(), bySubject.subjects());
        assertEquals(5_000, byEvent.aes());
    }

    private static List<Integer> ints(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
