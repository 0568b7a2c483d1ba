package org.aecapture.ui.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.ctcae.TermSuggestion;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.AeFields;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.domain.Subject;
import org.aecapture.lab.ClinicalFact;
import org.aecapture.lab.LabMeasurement;
import org.aecapture.sae.SaeRules;
import org.aecapture.study.StudyDefinition;
import org.aecapture.study.StudyDefinitions;
import org.aecapture.store.StoreTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AE form's rules on its model alone: no window, no JavaFX toolkit. What the coordinator types is set on the model's
 * properties as the controls would set them; what Save would store, and what keeps it off, is read back.
 */
class AeFormModelTest {

    private static final ResourceBundle TEXT = ResourceBundle.getBundle("org.aecapture.ui.messages", Locale.ENGLISH);
    /** 10-AUG-2021 12:00 UTC: 08:00 at site 101 (New York). */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2021-08-10T12:00:00Z"), ZoneOffset.UTC);
    private static CtcaeCatalog catalog;
    private static StudyDefinition study;

    @BeforeAll
    static void load() {
        catalog = CtcaeCatalog.bundled();
        study = StudyDefinitions.bundled();
    }

    private static AeFormModel blank(Subject s) {
        return blank(s, CLOCK, study);
    }

    private static AeFormModel blank(Subject s, Clock clock, StudyDefinition definition) {
        AeFormModel m = new AeFormModel(TEXT, catalog, definition, clock);
        m.load(s, null, null);
        return m;
    }

    private static Subject subject101() {
        return StoreTestSupport.subject("101-001");
    }

    /** The term as the coordinator picks it from the suggestions for its own name. */
    private static void choose(AeFormModel m, String term) {
        TermSuggestion s = m.suggest(term).stream().filter(t -> t.term().term().equalsIgnoreCase(term)).findFirst().orElseThrow();
        m.term.set(s);
    }

    /** Verbatim, term, grade 1, dates, relationship, action and outcome: an AE with nothing to object to. */
    private static void fillValid(AeFormModel m, String verbatim, String term) {
        m.verbatim.set(verbatim);
        choose(m, term);
        m.grade.set(1);
        fillRestKeepingTheGrade(m);
    }

    private static void fillRestKeepingTheGrade(AeFormModel m) {
        m.onset.set("05-AUG-2021");
        m.end.set("06-AUG-2021");
        m.relationship.set(Relationship.NOT_RELATED);
        m.actionTaken.set(ActionTaken.DOSE_NOT_CHANGED);
        m.outcome.set(Outcome.RECOVERED);
    }

    @Test
    void aCompleteAeHasNoProblemAndItsDraftIsWhatWasTyped() {
        AeFormModel m = blank(subject101());
        assertFalse(m.validProperty().get(), "a blank form is not saved");
        assertFalse(m.isDirty());
        fillValid(m, " pounding headache ", "Headache");
        assertEquals(Map.of(), m.problems());
        assertTrue(m.validProperty().get());
        assertTrue(m.isDirty());
        AdverseEvent draft = m.draft();
        assertEquals("pounding headache", draft.verbatimTerm(), "stripped");
        assertEquals("Headache", draft.ctcaeTerm());
        assertEquals(1, draft.grade());
        assertEquals("2021-08-05", draft.onsetDate().toIso());
        assertEquals(Relationship.NOT_RELATED, draft.relationship());
        assertNull(draft.lab(), "Headache is not graded by a value");
        assertTrue(draft.termCoding() != null && !draft.termCoding().isBlank(), "how the term was chosen is kept");
    }

    @Test
    void fatigueDefinesGradesOneToThreeOnlyAndAGradeFourChosenBeforeIsUnchosen() {
        AeFormModel m = blank(subject101());
        choose(m, "Headache");
        m.grade.set(3);
        choose(m, "Fatigue");
        assertEquals(3, m.grade.get(), "grade 3 is defined for Fatigue and stays");
        m.grade.set(4);
        choose(m, "Headache");
        choose(m, "Fatigue");
        assertNull(m.grade.get(), "Fatigue has no grade 4: not left chosen");
        for (int g = 1; g <= 5; g++) {
            assertEquals(g <= 3, m.chosenTerm().isGradeDefined(g), "grade " + g);
        }
    }

    @Test
    void anEndBeforeTheOnsetIsAProblemOnTheEndDate() {
        AeFormModel m = blank(subject101());
        fillValid(m, "headache", "Headache");
        m.end.set("03-AUG-2021");
        assertFalse(m.validProperty().get());
        assertEquals("end date 03-AUG-2021 is before the onset date 05-AUG-2021", m.problems().get(AeFields.END_DATE));
        m.end.set("3 august");
        assertTrue(m.problems().get(AeFields.END_DATE).startsWith("'3 august' is not a date"), m.problems().toString());
        m.end.set("06-AUG-2021");
        assertTrue(m.validProperty().get(), m.problems().toString());
    }

    @Test
    void ongoingClearsTheEndDate() {
        AeFormModel m = blank(subject101());
        fillValid(m, "headache", "Headache");
        m.outcome.set(Outcome.NOT_RECOVERED);
        m.ongoing.set(true);
        assertEquals("", m.end.get());
        assertNull(m.draft().endDate());
        assertTrue(m.validProperty().get(), m.problems().toString());
    }

    @Test
    void anOtherSpecifyTermNeedsItsTextAndAnotherTermDropsIt() {
        AeFormModel m = blank(subject101());
        fillValid(m, "scalp tingling", "Nervous system disorders - Other, specify");
        assertEquals("the term \"Nervous system disorders - Other, specify\" needs the specification of what the event is",
                m.problems().get(AeFields.OTHER_SPECIFY));
        m.otherSpecify.set(" scalp tingling ");
        assertTrue(m.validProperty().get(), m.problems().toString());
        assertEquals("scalp tingling", m.draft().otherSpecify());
        choose(m, "Paresthesia");
        assertEquals("", m.otherSpecify.get(), "the specification belongs to the Other, specify term");
        assertNull(m.draft().otherSpecify());
    }

    /** The case: Neutrophil count decreased 0.8 x 10^9/L pre-selects grade 3; other units; no LLN, no guess. */
    @Test
    void aNeutrophilCountPreselectsItsGradeInEitherUnitSystemAndGuessesNothingWithoutTheLln() {
        AeFormModel m = blank(subject101());
        assertFalse(m.lab.isShown(), "no laboratory value before a lab-defined term");
        m.verbatim.set("neutropenia");
        choose(m, "Neutrophil count decreased");
        assertTrue(m.lab.isShown());
        assertEquals(List.of("10^9/L", "/mm3", "10^3/uL", "/uL"), m.lab.units);
        assertEquals("10^9/L", m.lab.unit.get());
        m.lab.value.set("0.8");
        assertEquals(3, m.grade.get(), "grade 3 pre-selected");
        assertEquals("Grade 3 from ANC 0.8 10^9/L: <1.0 - 0.5 x 10e9 /L", m.lab.resultProperty().get());
        assertEquals(LabEntry.ResultState.GRADED, m.lab.resultStateProperty().get());

        m.lab.unit.set("/mm3");
        m.lab.value.set("1200");
        assertEquals(2, m.grade.get(), m.lab.resultProperty().get());

        m.lab.unit.set("10^9/L");
        m.lab.value.set("1.6");
        assertTrue(m.lab.resultProperty().get().startsWith("Cannot grade: LLN needed (grade 1: <LLN - 1.5 x 10e9 /L)"),
                m.lab.resultProperty().get());
        assertNull(m.grade.get(), "the grade the value gave no longer follows from it: not left standing");
        m.lab.lln.set("1.8");
        assertEquals(1, m.grade.get());
        fillRestKeepingTheGrade(m);
        assertEquals(new LabMeasurement(new BigDecimal("1.6"), "10^9/L", new BigDecimal("1.8"), null, null), m.draft().lab());
    }

    /** A study graded by CTCAE v6.0: its terms, its laboratory text, and Hypertension from both pressures. */
    @Test
    void aV6StudysFormGradesByV6AndTakesBothPressuresOfAHypertension() {
        StudyDefinition v6 = StudyDefinitions.parse(StudyDefinitions.bundledYaml().replace("ctcae: \"5.0\"", "ctcae: \"6.0\""));
        AeFormModel m = new AeFormModel(TEXT, CtcaeCatalog.bundled("6.0"), v6, CLOCK);
        m.load(subject101(), null, null);
        m.verbatim.set("neutropenia");
        choose(m, "Neutrophil count decreased");
        m.lab.value.set("0.8");
        assertEquals(2, m.grade.get(), "v6.0: <1.0 - 0.5 is grade 2 (v5.0: 3)");
        assertEquals("Grade 2 from ANC 0.8 10^9/L: <1.0 - 0.5 x 10^9/L", m.lab.resultProperty().get());
        assertFalse(m.lab.diastolicAskedProperty().get());

        m.verbatim.set("high blood pressure");
        choose(m, "Hypertension");
        assertTrue(m.lab.isShown() && m.lab.diastolicAskedProperty().get(), "the diastolic field shows for Hypertension");
        assertEquals(List.of(ClinicalFact.RECURRENT_OR_PERSISTENT, ClinicalFact.PERSISTING_OVER_1_HOUR), m.lab.askedFacts);
        m.lab.value.set("150");
        m.lab.diastolic.set("105");
        assertNull(m.grade.get(), "persistence not stated: a person says");
        m.lab.facts.put(ClinicalFact.PERSISTING_OVER_1_HOUR, true);
        m.lab.facts.put(ClinicalFact.RECURRENT_OR_PERSISTENT, true);
        assertEquals(3, m.grade.get(), m.lab.resultProperty().get());
        assertEquals("Grade 3 from blood pressure 150/105 mmHg: diastolic BP 100 - 109 mmHg", m.lab.resultProperty().get());
        m.lab.diastolic.set("1O5");
        assertTrue(m.problems().containsKey(AeFields.LAB_DIASTOLIC), m.problems().toString());
        m.lab.diastolic.set("105");
        fillRestKeepingTheGrade(m);
        assertEquals(new BigDecimal("105"), m.draft().lab().diastolic());
    }

    @Test
    void aGradeTheInvestigatorChoseStaysUntilTheValueGivesAnotherOne() {
        AeFormModel m = blank(subject101());
        choose(m, "Neutrophil count decreased");
        m.lab.value.set("0.8");
        assertEquals(3, m.grade.get());
        m.grade.set(4);
        m.lab.value.set("0.80");
        assertEquals(4, m.grade.get(), "the same grade from the value again: the investigator's choice stands");
        m.lab.value.set("0.4");
        assertEquals(4, m.grade.get(), "0.4 gives grade 4");
        m.lab.value.set("0.7");
        assertEquals(3, m.grade.get(), "a new grade from the value is pre-selected");
    }

    @Test
    void aNumberThatIsNotOneIsAProblemOnItsFieldAndGradesNothing() {
        AeFormModel m = blank(subject101());
        choose(m, "Neutrophil count decreased");
        m.lab.value.set("0,8");
        assertTrue(m.problems().containsKey(AeFields.LAB_VALUE), m.problems().toString());
        assertNull(m.labGradeProperty().get());
        assertEquals(LabEntry.ResultState.HINT, m.lab.resultStateProperty().get());
    }

    /** Hyponatremia 127 mmol/L: the symptoms decide grade 2 or 3; only the fact CTCAE asks for is offered and stored. */
    @Test
    void theClinicalFactDecidesTheGradeAndIsInTheDraft() {
        AeFormModel m = blank(subject101());
        choose(m, "Hyponatremia");
        assertEquals(List.of(ClinicalFact.SYMPTOMATIC), m.lab.askedFacts);
        m.lab.value.set("127");
        m.lab.lln.set("135");
        m.lab.uln.set("145");
        assertTrue(m.lab.resultProperty().get().startsWith("Cannot grade from the value alone"), m.lab.resultProperty().get());
        m.lab.facts.put(ClinicalFact.SYMPTOMATIC, true);
        assertEquals(3, m.grade.get());
        m.lab.facts.put(ClinicalFact.SYMPTOMATIC, false);
        assertEquals(2, m.grade.get());
        m.lab.facts.remove(ClinicalFact.SYMPTOMATIC);
        assertNull(m.grade.get(), "not known: no grade follows");
        m.lab.facts.put(ClinicalFact.SYMPTOMATIC, true);
        m.lab.facts.put(ClinicalFact.PHYSIOLOGIC_CONSEQUENCES, true); // not asked by this term: not stored with it
        fillRestKeepingTheGrade(m);
        m.verbatim.set("low sodium");
        assertEquals(Map.of(), m.problems());
        assertEquals(Map.of(ClinicalFact.SYMPTOMATIC, true), m.draft().lab().facts());
    }

    @Test
    void anotherGradeThanTheValueGivesNeedsAReasonAndOnlyThenKeepsIt() {
        AeFormModel m = blank(subject101());
        m.verbatim.set("low platelets");
        choose(m, "Platelet count decreased");
        m.lab.value.set("60");
        m.lab.lln.set("150");
        m.lab.uln.set("400");
        assertEquals(2, m.grade.get());
        assertFalse(m.gradeReasonNeededProperty().get());
        m.grade.set(1);
        fillRestKeepingTheGrade(m);
        assertTrue(m.gradeReasonNeededProperty().get());
        assertEquals("grade 1 differs from grade 2 that the laboratory value gives: say why", m.problems().get(AeFields.GRADE_REASON));
        m.gradeReason.set("platelet clumping on the smear; repeat count normal");
        assertTrue(m.validProperty().get(), m.problems().toString());
        assertEquals("platelet clumping on the smear; repeat count normal", m.draft().gradeReason());
        m.grade.set(2);
        assertFalse(m.gradeReasonNeededProperty().get());
        assertNull(m.draft().gradeReason(), "no reason stored for the value's own grade");
    }

    @Test
    void aStoredAeLoadsAsItWasStoredAndIsDirtyOnlyWhenChanged() {
        AdverseEvent stored = AdverseEvent.of("101-001").id(7L).version(3).verbatimTerm("low platelets").term("10035528", null, null)
                .grade(1).onsetDate(org.aecapture.domain.PartialDate.parseIso("2021-08-05")).ongoing(true)
                .relationship(Relationship.UNLIKELY).actionTaken(ActionTaken.DOSE_NOT_CHANGED).outcome(Outcome.NOT_RECOVERED)
                .lab(new LabMeasurement(new BigDecimal("60"), "10^9/L", new BigDecimal("150"), new BigDecimal("400"), null))
                .gradeReason("clumping").build();
        stored = stored.toBuilder().term(stored.meddraCode(), catalog.byMeddraCode(stored.meddraCode()).orElseThrow().term(),
                catalog.byMeddraCode(stored.meddraCode()).orElseThrow().soc()).build();
        AeFormModel m = new AeFormModel(TEXT, catalog, study, CLOCK);
        m.load(subject101(), stored, null);
        assertEquals(1, m.grade.get(), "the stored grade, not the value's grade 2");
        assertTrue(m.gradeReasonNeededProperty().get());
        assertTrue(m.isEditing());
        assertFalse(m.isDirty(), m.draft() + " vs " + stored);
        m.grade.set(2);
        assertTrue(m.isDirty());
        m.grade.set(1);
        assertFalse(m.isDirty(), "back as it was");
        assertEquals(7L, m.draft().id());
        assertEquals(3, m.draft().version());
    }

    @Test
    void untickingSeriousClearsItsCriteriaAndItsSaeDetails() {
        AeFormModel m = blank(subject101());
        fillValid(m, "pneumonitis", "Pneumonitis");
        m.serious.set(true);
        m.criteria.add(SeriousCriterion.HOSPITALIZATION);
        assertTrue(m.draft().seriousCriteria().contains(SeriousCriterion.HOSPITALIZATION));
        assertTrue(m.saeDetails() != null);
        m.serious.set(false);
        assertTrue(m.criteria.isEmpty());
        assertNull(m.saeDetails(), "an AE that is not serious has no SAE details to save");
    }

    /** The awareness time is the site's (New York, UTC-4 in August) and is checked against the injected clock, not the machine's. */
    @Test
    void theAwarenessTimeIsTypedInTheSitesZoneAndCheckedAgainstTheInjectedClock() {
        AeFormModel m = blank(subject101());
        fillValid(m, "pneumonitis", "Pneumonitis");
        m.serious.set(true);
        m.criteria.add(SeriousCriterion.HOSPITALIZATION);
        m.sae.awareAt.set("10-AUG-2021 09:00"); // 13:00 UTC: an hour after the clock's now
        assertTrue(m.problems().containsKey(SaeRules.AWARE_AT), m.problems().toString());
        assertEquals("site time, UTC-04:00 (America/New_York)", m.sae.zoneTextProperty().get());
        m.sae.awareAt.set("10-AUG-2021 07:30"); // 11:30 UTC: before it
        assertFalse(m.problems().containsKey(SaeRules.AWARE_AT), m.problems().toString());
        assertEquals(Instant.parse("2021-08-10T11:30:00Z"), m.saeDetails().awareAt().toInstant());
        m.sae.awareAt.set("10-08-2021 7h30");
        assertTrue(m.problems().get(SaeRules.AWARE_AT).contains("is not a date and time"), m.problems().toString());
    }

    /** "Today" is the site's: at 23:30 UTC on 5 August it is already 6 August in Tokyo, and still 5 August in New York. */
    @Test
    void todayIsTheSitesDateOnTheInjectedClock() {
        Clock lateEvening = Clock.fixed(Instant.parse("2021-08-05T23:30:00Z"), ZoneOffset.UTC);
        StudyDefinition withTokyo = StudyDefinitions.parse(StudyDefinitions.bundledYaml().replace(
                "{number: \"106\", name: \"Site 106 (placeholder)\", country: USA, timeZone: America/Chicago}",
                "{number: \"106\", name: \"Site 106 (placeholder)\", country: JPN, timeZone: Asia/Tokyo}"));
        AeFormModel newYork = blank(subject101(), lateEvening, withTokyo);
        AeFormModel tokyo = blank(StoreTestSupport.subject("106-001"), lateEvening, withTokyo);
        for (AeFormModel m : List.of(newYork, tokyo)) {
            fillValid(m, "headache", "Headache");
            m.onset.set("06-AUG-2021");
            m.end.set("");
            m.ongoing.set(true);
            m.outcome.set(Outcome.NOT_RECOVERED);
        }
        assertEquals(java.time.LocalDate.of(2021, 8, 5), newYork.today());
        assertEquals(java.time.LocalDate.of(2021, 8, 6), tokyo.today());
        assertTrue(newYork.problems().containsKey(AeFields.ONSET_DATE), "an onset tomorrow in New York: " + newYork.problems());
        assertEquals(Map.of(), tokyo.problems(), "today in Tokyo");
    }
}
