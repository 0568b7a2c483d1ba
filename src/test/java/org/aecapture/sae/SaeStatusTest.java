package org.aecapture.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.study.StudyDefinition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SaeStatusTest {

    private static final String HEADACHE = "10019211";     // on the placeholder list of expected terms
    private static final String PNEUMONITIS = "10035742";  // not on it
    private static final StudyDefinition.Safety SAFETY = new StudyDefinition.Safety(24, 24, 7, 15,
            new StudyDefinition.ReferenceSafetyInformation("IB", "ed. 5", List.of(HEADACHE)), null);

    private static AdverseEvent sae(String code, Relationship rel, Set<SeriousCriterion> criteria) {
        return AdverseEvent.of("101-001").id(1L).verbatimTerm("event").term(code, "Term", "SOC").grade(3)
                .onsetDate(PartialDate.parseIso("2024-02-20")).ongoing(true).serious(true).seriousCriteria(criteria)
                .relationship(rel).actionTaken(ActionTaken.DRUG_INTERRUPTED).outcome(Outcome.NOT_RECOVERED)
                .reportedAtVisit("W8").version(1).build();
    }

    private static SaeDetails aware(OffsetDateTime at) {
        return new SaeDetails(1L, 1L, "101-001", at, null, null, null, null, null, "narrative", null, null, null, null, 1);
    }

    private static SaeReport report(SaeReport.Type type, int n, Instant at, String sha) {
        return new SaeReport((long) n + 1, 1L, "101-001", type, n, at, "inv", "content", sha);
    }

    @Test
    void theInitialReportIsDueTwentyFourElapsedHoursAfterAwarenessAcrossMonthEndsAndLeapDays() {
        AdverseEvent ae = sae(HEADACHE, Relationship.NOT_RELATED, Set.of(SeriousCriterion.HOSPITALIZATION));
        SaeStatus leap = SaeStatus.of(ae, aware(OffsetDateTime.parse("2024-02-28T22:30+01:00")), null, List.of(), "x", null, SAFETY);
        assertEquals(SaeStatus.State.INITIAL_DUE, leap.state());
        assertEquals(OffsetDateTime.parse("2024-02-29T22:30+01:00").toInstant(), leap.due(), "2024 has 29 February");
        SaeStatus monthEnd = SaeStatus.of(ae, aware(OffsetDateTime.parse("2023-02-28T22:30+01:00")), null, List.of(), "x", null, SAFETY);
        assertEquals(OffsetDateTime.parse("2023-03-01T22:30+01:00").toInstant(), monthEnd.due());
        SaeStatus yearEnd = SaeStatus.of(ae, aware(OffsetDateTime.parse("2025-12-31T09:00-05:00")), null, List.of(), "x", null, SAFETY);
        assertEquals(OffsetDateTime.parse("2026-01-01T09:00-05:00").toInstant(), yearEnd.due());
    }

    @Test
    void acrossADaylightSavingChangeTheDueTimeIsTwentyFourRealHoursLater() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // the night of 29 to 30 March 2025 has 23 hours in Berlin: 24 hours after 10:00 is 11:00 the next day
        OffsetDateTime spring = ZonedDateTime.of(2025, 3, 29, 10, 0, 0, 0, berlin).toOffsetDateTime();
        AdverseEvent ae = sae(HEADACHE, Relationship.NOT_RELATED, Set.of(SeriousCriterion.HOSPITALIZATION));
        Instant due = SaeStatus.of(ae, aware(spring), null, List.of(), "x", null, SAFETY).due();
        assertEquals(ZonedDateTime.of(2025, 3, 30, 11, 0, 0, 0, berlin).toInstant(), due);
        // the night of 25 to 26 October has 25 hours: due at 09:00 the next day
        OffsetDateTime autumn = ZonedDateTime.of(2025, 10, 25, 10, 0, 0, 0, berlin).toOffsetDateTime();
        assertEquals(ZonedDateTime.of(2025, 10, 26, 9, 0, 0, 0, berlin).toInstant(),
                SaeStatus.of(ae, aware(autumn), null, List.of(), "x", null, SAFETY).due());
    }

    @Test
    void aReportMadeOfflineIsDoneOnlyWhenASyncDeliversItAndTheSusarClockStartsThen() {
        AdverseEvent ae = sae(PNEUMONITIS, Relationship.PROBABLE, Set.of(SeriousCriterion.HOSPITALIZATION)); // a SUSAR
        OffsetDateTime aware = OffsetDateTime.parse("2024-03-01T08:00-05:00");
        Instant made = Instant.parse("2024-03-01T20:00:00Z");
        SaeReport waiting = new SaeReport(1L, 1L, "101-001", SaeReport.Type.INITIAL, 0, made, "inv", "content", "A", null);
        SaeStatus offline = SaeStatus.of(ae, aware(aware), null, List.of(waiting), "A", null, SAFETY);
        assertEquals(SaeStatus.State.AWAITING_SYNC, offline.state(), "made, not yet delivered");
        assertEquals(aware.toInstant().plus(java.time.Duration.ofHours(24)), offline.due(), "the 24-hour clock still runs");
        assertTrue(offline.siteReportDue());
        assertEquals(null, offline.susarDueDate(), "the sponsor has not received it: no day 0 yet");
        Instant synced = Instant.parse("2024-03-04T15:00:00Z"); // three days later, after the due time
        SaeReport delivered = new SaeReport(1L, 1L, "101-001", SaeReport.Type.INITIAL, 0, made, "inv", "content", "A", synced);
        SaeStatus online = SaeStatus.of(ae, aware(aware), null, List.of(delivered), "A", null, SAFETY);
        assertEquals(SaeStatus.State.SUSAR_DUE, online.state());
        SaeStatus.Duty initial = online.duties().stream().filter(d -> d.kind() == SaeStatus.State.INITIAL_DUE).findFirst().orElseThrow();
        assertEquals(synced, initial.done(), "done when it reached the sponsor, late");
        assertTrue(initial.done().isAfter(initial.due()));
        assertEquals(java.time.LocalDate.of(2024, 3, 4).plusDays(15), online.susarDueDate(), "day 0: the day the sponsor received it");
    }

    @Test
    void eachChangeAfterAReportMakesTheNextFollowUpDue() {
        AdverseEvent ae = sae(HEADACHE, Relationship.NOT_RELATED, Set.of(SeriousCriterion.HOSPITALIZATION));
        OffsetDateTime at = OffsetDateTime.parse("2024-03-01T08:00Z");
        Instant sent = Instant.parse("2024-03-01T20:00:00Z");
        List<SaeReport> reports = new ArrayList<>(List.of(report(SaeReport.Type.INITIAL, 0, sent, "A")));
        SaeStatus same = SaeStatus.of(ae, aware(at), null, reports, "A", sent, SAFETY);
        assertEquals(SaeStatus.State.SENT, same.state());
        assertNull(same.due());

        Instant changed = Instant.parse("2024-03-03T10:00:00Z");
        SaeStatus followUp1 = SaeStatus.of(ae, aware(at), null, reports, "B", changed, SAFETY);
        assertEquals(SaeStatus.State.FOLLOW_UP_DUE, followUp1.state());
        assertEquals(1, followUp1.followUpNumber());
        assertEquals(Instant.parse("2024-03-04T10:00:00Z"), followUp1.due());
        assertTrue(followUp1.overdue(Instant.parse("2024-03-04T10:00:01Z")));
        assertFalse(followUp1.overdue(Instant.parse("2024-03-04T10:00:00Z")), "due at, not overdue");

        reports.add(report(SaeReport.Type.FOLLOW_UP, 1, Instant.parse("2024-03-03T12:00:00Z"), "B"));
        assertEquals(SaeStatus.State.SENT, SaeStatus.of(ae, aware(at), null, reports, "B", changed, SAFETY).state());
        SaeStatus followUp2 = SaeStatus.of(ae, aware(at), null, reports, "C", Instant.parse("2024-03-10T00:00:00Z"), SAFETY);
        assertEquals(2, followUp2.followUpNumber());
        assertEquals(SaeStatus.State.FOLLOW_UP_DUE, followUp2.state());
    }

    @Test
    void withoutTheAwarenessTimeNoClockRuns() {
        AdverseEvent ae = sae(HEADACHE, Relationship.NOT_RELATED, Set.of(SeriousCriterion.HOSPITALIZATION));
        SaeStatus s = SaeStatus.of(ae, null, null, List.of(), "x", null, SAFETY);
        assertEquals(SaeStatus.State.AWARENESS_MISSING, s.state());
        assertTrue(s.siteReportDue());
        assertNull(s.due());
    }

    /** Every combination of related (investigator / sponsor) and expected (list / sponsor's assessment) for a serious AE. */
    @ParameterizedTest(name = "{0} investigator {1}, sponsor {2} {3}: SUSAR {4}")
    @CsvSource({
        // term,        investigator, sponsor causality, sponsor expectedness, susar
        "PNEUMONITIS, POSSIBLE,    ,           ,           true",   // related, not on the list
        "PNEUMONITIS, NOT_RELATED, ,           ,           false",  // unrelated
        "PNEUMONITIS, NOT_RELATED, PROBABLE,   ,           true",   // the sponsor's causality suffices
        "PNEUMONITIS, UNLIKELY,    UNLIKELY,   ,           false",
        "HEADACHE,    DEFINITE,    ,           ,           false",  // on the list: expected
        "HEADACHE,    DEFINITE,    ,           UNEXPECTED, true",   // the sponsor judges it unexpected
        "PNEUMONITIS, DEFINITE,    ,           EXPECTED,   false",  // the sponsor judges it expected
        "PNEUMONITIS, NOT_RELATED, NOT_RELATED, UNEXPECTED, false",
    })
    void theSusarRule(String term, Relationship investigator, Relationship sponsorCausality, Expectedness sponsorExpectedness, boolean susar) {
        AdverseEvent ae = sae(term.equals("HEADACHE") ? HEADACHE : PNEUMONITIS, investigator, Set.of(SeriousCriterion.HOSPITALIZATION));
        SponsorAssessment s = sponsorCausality == null && sponsorExpectedness == null ? null
                : new SponsorAssessment(1L, 1L, "101-001", sponsorCausality, sponsorExpectedness, null, 1);
        assertEquals(susar, SaeStatus.isSusar(ae, s, SAFETY));
        AdverseEvent notSerious = AdverseEvent.of("101-001").id(1L).verbatimTerm("e").term(ae.meddraCode(), "T", "S")
                .grade(2).onsetDate(ae.onsetDate()).ongoing(true).relationship(investigator)
                .actionTaken(ActionTaken.DOSE_NOT_CHANGED).outcome(Outcome.NOT_RECOVERED).reportedAtVisit("W8").version(1)
                .build();
        assertFalse(SaeStatus.isSusar(notSerious, s, SAFETY), "never without seriousness");
    }

    @Test
    void theSusarClockRunsFromTheSponsorsReceiptToDaySevenOrFifteen() {
        OffsetDateTime at = OffsetDateTime.parse("2024-02-20T09:00+01:00");
        Instant received = OffsetDateTime.parse("2024-02-21T23:30+01:00").toInstant(); // day 0: 21 February at the site's offset
        List<SaeReport> reports = List.of(report(SaeReport.Type.INITIAL, 0, received, "A"));
        AdverseEvent lifeThreatening = sae(PNEUMONITIS, Relationship.POSSIBLE, EnumSet.of(SeriousCriterion.LIFE_THREATENING));
        SaeStatus seven = SaeStatus.of(lifeThreatening, aware(at), null, reports, "A", received, SAFETY);
        assertTrue(seven.susar());
        assertEquals(SaeStatus.State.SUSAR_DUE, seven.state());
        assertEquals(LocalDate.of(2024, 2, 28), seven.susarDueDate());
        assertEquals(OffsetDateTime.parse("2024-02-29T00:00+01:00").toInstant(), seven.due(), "the end of day 7");

        AdverseEvent hospitalised = sae(PNEUMONITIS, Relationship.POSSIBLE, EnumSet.of(SeriousCriterion.HOSPITALIZATION));
        SaeStatus fifteen = SaeStatus.of(hospitalised, aware(at), null, reports, "A", received, SAFETY);
        assertEquals(LocalDate.of(2024, 3, 7), fifteen.susarDueDate(), "15 days from 21 February 2024, across the leap day");

        SponsorAssessment submitted = new SponsorAssessment(1L, 1L, "101-001", null, null, LocalDate.of(2024, 3, 1), 2);
        SaeStatus done = SaeStatus.of(hospitalised, aware(at), submitted, reports, "A", received, SAFETY);
        assertEquals(SaeStatus.State.SUSAR_SUBMITTED, done.state());
        assertNull(done.due());

        SaeStatus notYet = SaeStatus.of(hospitalised, aware(at), null, List.of(), "A", null, SAFETY);
        assertEquals(SaeStatus.State.INITIAL_DUE, notYet.state(), "no day 0 before the sponsor has the report");
        assertNull(notYet.susarDueDate());
    }

    @Test
    void theContentChangesWithTheDataAndItsHashWithIt() {
        AdverseEvent ae = sae(HEADACHE, Relationship.NOT_RELATED, Set.of(SeriousCriterion.HOSPITALIZATION));
        String a = SaeContent.of(ae, aware(OffsetDateTime.parse("2024-03-01T08:00Z")));
        String b = SaeContent.of(ae, aware(OffsetDateTime.parse("2024-03-01T09:00Z")));
        assertNotEquals(SaeContent.sha256(a), SaeContent.sha256(b));
        assertEquals(SaeContent.sha256(a), SaeContent.sha256(SaeContent.of(ae, aware(OffsetDateTime.parse("2024-03-01T08:00Z")))));
        assertEquals(64, SaeContent.sha256(a).length());
        assertTrue(a.contains("aware_at: 2024-03-01T08:00Z\n"), a);
        assertTrue(a.contains("serious_criteria: shosp\n"), a);
        AdverseEvent withLab = AdverseEvent.of(ae.subjectNumber()).id(ae.id()).verbatimTerm(ae.verbatimTerm())
                .term(ae.meddraCode(), ae.ctcaeTerm(), ae.soc()).grade(ae.grade()).onsetDate(ae.onsetDate()).ongoing(true)
                .serious(true).seriousCriteria(ae.seriousCriteria()).relationship(ae.relationship())
                .actionTaken(ae.actionTaken()).outcome(ae.outcome()).reportedAtVisit("W8").version(1)
                .lab(new org.aecapture.lab.LabMeasurement(new java.math.BigDecimal("0.8"), "10^9/L", null, null, null))
                .build();
        String c = SaeContent.of(withLab, aware(OffsetDateTime.parse("2024-03-01T08:00Z")));
        assertTrue(c.contains("lab_value: 0.8 10^9/L (LLN not known, ULN not known, baseline not known)\n"), c);
        assertNotEquals(SaeContent.sha256(a), SaeContent.sha256(c), "a new laboratory value makes a follow-up due");
    }

    @Test
    void theSaeRulesNameTheirFields() {
        AdverseEvent fatal = AdverseEvent.of("101-001").id(1L).verbatimTerm("e").term(PNEUMONITIS, "T", "S").grade(5)
                .onsetDate(PartialDate.parseIso("2024-02-20")).endDate(PartialDate.parseIso("2024-02-25")).serious(true)
                .seriousCriteria(EnumSet.of(SeriousCriterion.RESULTS_IN_DEATH, SeriousCriterion.HOSPITALIZATION))
                .relationship(Relationship.POSSIBLE).actionTaken(ActionTaken.NOT_APPLICABLE).outcome(Outcome.FATAL)
                .reportedAtVisit("W8").version(1).build();
        Instant now = Instant.parse("2024-03-01T00:00:00Z");
        SaeDetails bare = new SaeDetails(1L, 1L, "101-001", null, null, LocalDate.of(2024, 3, 5), null, null, null, null, null, null, null,
                null, 1);
        List<String> fields = SaeRules.validate(fatal, bare, now).stream().map(org.aecapture.domain.Violation::field).toList();
        assertEquals(List.of("aware_at", "admission_date", "discharge_date", "death_date", "death_cause"), fields);
        SaeDetails early = new SaeDetails(1L, 1L, "101-001", OffsetDateTime.parse("2024-02-19T10:00Z"), LocalDate.of(2024, 2, 20),
                LocalDate.of(2024, 2, 19), LocalDate.of(2024, 2, 25), "respiratory failure", Autopsy.NO, null, null, null, null, null, 1);
        List<String> problems = SaeRules.validate(fatal, early, now).stream().map(org.aecapture.domain.Violation::field).toList();
        assertEquals(List.of("aware_at", "discharge_date"), problems, "aware before the onset; discharged before admission");
    }
}
