package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectStatus;
import org.aecapture.study.StudyDefinitions;
import org.junit.jupiter.api.Test;

/** The demo trial over many seeds: every record valid (the generator checks), and the mix as promised. */
class DemoTrialTest {

    private final DemoTrial demo = new DemoTrial(CtcaeCatalog.bundled(), StudyDefinitions.bundled());
    private final LocalDate today = LocalDate.of(2026, 11, 24);

    @Test
    void manySeedsGiveValidTrialsWithTheExpectedMix() {
        int fatal = 0;
        int preTreatment = 0;
        int partial = 0;
        int discontinued = 0;
        int aes = 0;
        for (long seed = 1; seed <= 40; seed++) {
            DemoTrial.Data d = demo.generate(130, 4, seed, today); // throws on any invalid record
            for (Subject s : d.subjects()) {
                if (s.status() == SubjectStatus.DISCONTINUED) {
                    discontinued++;
                }
                assertTrue(s.endOfStudyDate() == null || !s.endOfStudyDate().isBefore(s.firstDoseDate()), s.toString());
            }
            for (AdverseEvent ae : d.adverseEvents()) {
                aes++;
                fatal += ae.outcome() == Outcome.FATAL ? 1 : 0;
                partial += ae.onsetDate() != null && !ae.onsetDate().isComplete() ? 1 : 0;
                Subject s = d.subjects().stream().filter(x -> x.subjectNumber().equals(ae.subjectNumber())).findFirst().orElseThrow();
                preTreatment += ae.onsetDate().latest().isBefore(s.firstDoseDate()) ? 1 : 0;
            }
            assertEquals(d.subjects().stream().filter(Subject::isDosed).count(), d.armBySubject().size());
        }
        assertTrue(fatal > 0 && fatal < aes / 50, "rare fatal events: " + fatal + " of " + aes);
        assertTrue(preTreatment > 0, "a few pre-treatment AEs");
        assertTrue(partial > 0, "a few partial dates");
        assertTrue(discontinued > 0, "some early terminations");
    }

    @Test
    void largeTrialOfTheBenchmarkIsValid() {
        // seed 2 once drew a fatal AE before Day 1, which put End of Study before the first dose
        DemoTrial.Data d = demo.generate(2_000, 55, 2, today);
        assertTrue(d.adverseEvents().size() > 90_000, "about 100,000 AEs: " + d.adverseEvents().size());
    }

    @Test
    void manySubjectsWithFewAesSpreadOverMoreSitesWithValidNumbers() {
        DemoTrial.Data d = demo.generate(8_000, 1, 3, today); // more than six sites of 999 hold
        java.util.Set<String> numbers = new java.util.HashSet<>();
        java.util.Set<String> sites = new java.util.TreeSet<>();
        for (Subject s : d.subjects()) {
            assertTrue(s.subjectNumber().matches("\\d{3}-\\d{3}") && s.subjectNumber().startsWith(s.site() + "-"), s.subjectNumber());
            assertTrue(numbers.add(s.subjectNumber()), "twice: " + s.subjectNumber());
            sites.add(s.site());
        }
        assertEquals(8_000, numbers.size());
        assertEquals(10, sites.size(), sites.toString()); // 800 a site
        // up to six full sites the trial of a seed is the one it always was
        assertEquals(java.util.Set.of("101", "102", "103", "104", "105", "106"),
                new java.util.TreeSet<>(demo.generate(5_994, 0.1, 3, today).subjects().stream().map(Subject::site).toList()));
    }

    /** The demo's visits and eligibility pass the same rules as entered ones: re-saving each unchanged runs every check. */
    @Test
    void demoVisitsAndEligibilityFollowTheRules(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (AeCapture app = AeCapture.openOrInit(dir.resolve("demo.db"), () -> "t", org.aecapture.store.StoreTestSupport.CLOCK)) {
            DemoTrial.Data d = app.loadDemo(60, 3, 7);
            int outside = 0;
            for (Subject s : d.subjects()) {
                var stored = app.subjects().eligibility(s.subjectNumber()).orElseThrow();
                assertEquals(s.status() == SubjectStatus.SCREEN_FAILURE, stored.outcome() == org.aecapture.domain.EligibilityChecklist.Outcome.SCREEN_FAILURE,
                        s.subjectNumber());
                var lines = app.visits().visits(s.subjectNumber());
                for (var line : lines) {
                    if (line.visit() != null) {
                        app.visits().correct(line.visit(), "re-check"); // unchanged: validated, nothing written
                        outside += line.outsideWindow() ? 1 : 0;
                    }
                }
                String ending = s.status() == SubjectStatus.COMPLETED ? "W28" : s.status() == SubjectStatus.DISCONTINUED ? "ET" : null;
                if (ending != null) {
                    var end = lines.stream().filter(l -> l.definition().code().equals(ending)).findFirst().orElseThrow().visit();
                    assertEquals(s.endOfStudyDate(), end.visitDate(), s.subjectNumber());
                }
            }
            assertTrue(outside > 0, "a few visits outside their windows");
            assertEquals(d.visits().size(), org.aecapture.store.StoreTestSupport.count(app.database().location(), "SELECT count(*) FROM visit"));
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
