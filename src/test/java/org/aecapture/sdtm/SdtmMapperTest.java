package org.aecapture.sdtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.ctcae.CtcaeTerm;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.domain.Sex;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectStatus;
import org.aecapture.study.StudyDefinition;
import org.aecapture.study.StudyDefinitions;
import org.junit.jupiter.api.Test;

class SdtmMapperTest {

    private static final CtcaeCatalog CATALOG = CtcaeCatalog.bundled();
    private static final StudyDefinition STUDY = StudyDefinitions.bundled();
    private static final LocalDate DAY1 = LocalDate.of(2021, 7, 1);
    private static final String HEADACHE = "10019211";
    private static final String SEPSIS = "10040047";
    private static final String GI_OTHER = "10017947";

    private final List<Subject> subjects = new ArrayList<>(List.of(
            subject("101-001", "1980-03-15", LocalDate.of(2021, 6, 10), DAY1, LocalDate.of(2022, 1, 13), SubjectStatus.COMPLETED),
            subject("101-002", "1975", LocalDate.of(2021, 6, 20), null, null, SubjectStatus.SCREENING),
            subject("102-001", "1990-12-01", LocalDate.of(2021, 6, 1), null, null, SubjectStatus.SCREEN_FAILURE),
            subject("102-002", "1985-05-05", LocalDate.of(2021, 7, 2), LocalDate.of(2021, 7, 20), null, SubjectStatus.ON_STUDY)));
    private final List<AdverseEvent> aes = new ArrayList<>();
    private long nextId = 100;

    private static Subject subject(String number, String birth, LocalDate consent, LocalDate day1, LocalDate eos, SubjectStatus status) {
        return new Subject(1L, number, number.substring(0, 3), Sex.FEMALE, PartialDate.parseIso(birth), consent, day1, eos, status, 1);
    }

    private AdverseEvent ae(String subject, String verbatim, String code, int grade, String onset, String end, boolean serious,
                            Set<SeriousCriterion> criteria, Outcome outcome) {
        CtcaeTerm term = CATALOG.byMeddraCode(code).orElseThrow();
        AdverseEvent ae = AdverseEvent.of(subject).id(nextId++).verbatimTerm(verbatim).term(code, term.term(), term.soc())
                .grade(grade).onsetDate(onset == null ? null : PartialDate.parseIso(onset))
                .endDate(end == null ? null : PartialDate.parseIso(end)).ongoing(end == null).serious(serious)
                .seriousCriteria(criteria).relationship(Relationship.POSSIBLE).actionTaken(ActionTaken.DOSE_NOT_CHANGED)
                .outcome(outcome).reportedAtVisit("W2").version(1).build();
        aes.add(ae);
        return ae;
    }

    private SdtmMapper.Output map(Map<String, String> arms, boolean blinded, LocalDate cutoff) {
        return SdtmMapper.map(new SdtmMapper.Input(STUDY, CATALOG, subjects, aes, arms, blinded, cutoff));
    }

    private static int row(SdtmDataset d, String variable, Object value) {
        for (int r = 0; r < d.rows().size(); r++) {
            if (value.equals(d.value(r, variable))) {
                return r;
            }
        }
        throw new AssertionError(d.name() + " has no row with " + variable + " = " + value);
    }

    @Test
    void datesStayAsPreciseAsRecordedAndStudyDaysSkipDayZero() {
        ae("101-001", "headache day before", HEADACHE, 1, "2021-06-30", "2021-06-30", false, Set.of(), Outcome.RECOVERED);
        ae("101-001", "headache day one", HEADACHE, 1, "2021-07-01", "2021-07-02", false, Set.of(), Outcome.RECOVERED);
        ae("101-001", "headache in july", HEADACHE, 2, "2021-07", "2021", false, Set.of(), Outcome.RECOVERED);
        ae("101-001", "headache ongoing", HEADACHE, 2, "2021-08-10", null, false, Set.of(), Outcome.NOT_RECOVERED);
        SdtmDataset ae = map(Map.of(), true, null).ae();

        int before = row(ae, "AETERM", "headache day before");
        assertEquals("2021-06-30", ae.value(before, "AESTDTC"));
        assertEquals(-1, ae.value(before, "AESTDY"), "the day before Day 1 is -1, never 0");
        assertEquals("SCREENING", ae.value(before, "EPOCH"));
        int first = row(ae, "AETERM", "headache day one");
        assertEquals(1, ae.value(first, "AESTDY"));
        assertEquals(2, ae.value(first, "AEENDY"));
        assertEquals("TREATMENT", ae.value(first, "EPOCH"));

        int partial = row(ae, "AETERM", "headache in july");
        assertEquals("2021-07", ae.value(partial, "AESTDTC"));
        assertEquals("2021", ae.value(partial, "AEENDTC"));
        assertNull(ae.value(partial, "AESTDY"), "no study day for a partial date");
        assertNull(ae.value(partial, "AEENDY"));
        assertEquals("TREATMENT", ae.value(partial, "EPOCH"), "every day of July 2021 is on or after Day 1");
        assertNull(ae.value(partial, "AEENRTPT"));

        int ongoing = row(ae, "AETERM", "headache ongoing");
        assertNull(ae.value(ongoing, "AEENDTC"));
        assertNull(ae.value(ongoing, "AEENDY"));
        assertEquals("ONGOING", ae.value(ongoing, "AEENRTPT"));
        assertEquals("END OF STUDY", ae.value(ongoing, "AEENTPT"));
        assertEquals("NOT RECOVERED/NOT RESOLVED", ae.value(ongoing, "AEOUT"));
        assertEquals("DOSE NOT CHANGED", ae.value(ongoing, "AEACN"));
        assertEquals("POSSIBLE", ae.value(ongoing, "AEREL"));
        assertEquals("Week 2", ae.value(ongoing, "VISIT"));
        assertEquals(3, ae.value(ongoing, "VISITNUM"), "W2 is the study's third visit");

        // sequence numbers follow the start dates within the subject, the partial July before the 10 August
        assertEquals(List.of(1, 2, 3, 4), List.of(ae.value(before, "AESEQ"), ae.value(first, "AESEQ"), ae.value(partial, "AESEQ"),
                ae.value(ongoing, "AESEQ")));
    }

    @Test
    void codingSeriousnessAndTreatmentEmergenceAreMapped() {
        ae("101-001", "sepsis", SEPSIS, 5, "2021-09-01", "2021-09-10", true, EnumSet.of(SeriousCriterion.RESULTS_IN_DEATH,
                SeriousCriterion.HOSPITALIZATION), Outcome.FATAL);
        ae("101-001", "mild headache", HEADACHE, 1, "2021-06-20", "2021-06-21", false, Set.of(), Outcome.RECOVERED);
        AdverseEvent deleted = ae("101-001", "entered twice", HEADACHE, 1, "2021-08-01", "2021-08-01", false, Set.of(), Outcome.RECOVERED);
        aes.set(aes.indexOf(deleted), deleted.asDeleted(2));
        SdtmMapper.Output out = map(Map.of(), true, null);
        SdtmDataset ae = out.ae();
        assertEquals(2, ae.rows().size(), "the deleted AE is left out");

        int sepsis = row(ae, "AETERM", "sepsis");
        assertEquals("AIS-A03", ae.value(sepsis, "STUDYID"));
        assertEquals("AE", ae.value(sepsis, "DOMAIN"));
        assertEquals("AIS-A03-101-001", ae.value(sepsis, "USUBJID"));
        assertEquals("Sepsis", ae.value(sepsis, "AEDECOD"));
        assertEquals("Sepsis", ae.value(sepsis, "AELLT"));
        assertEquals(10040047, ae.value(sepsis, "AELLTCD"));
        assertEquals("Infections and infestations", ae.value(sepsis, "AESOC"));
        assertEquals("Infections and infestations", ae.value(sepsis, "AEBODSYS"));
        assertEquals(10021881, ae.value(sepsis, "AESOCCD"), "the SOC's code, from its 'Other, specify' term");
        assertEquals("5", ae.value(sepsis, "AETOXGR"));
        assertEquals("Y", ae.value(sepsis, "AESER"));
        assertEquals("Y", ae.value(sepsis, "AESDTH"));
        assertEquals("Y", ae.value(sepsis, "AESHOSP"));
        assertEquals("N", ae.value(sepsis, "AESLIFE"));
        assertEquals("N", ae.value(sepsis, "AESDISAB"));
        assertEquals("N", ae.value(sepsis, "AESCONG"));
        assertEquals("N", ae.value(sepsis, "AESMIE"));
        assertEquals("FATAL", ae.value(sepsis, "AEOUT"));
        assertEquals(String.valueOf(aes.get(0).id()), ae.value(sepsis, "AESPID"));

        int mild = row(ae, "AETERM", "mild headache");
        assertEquals("N", ae.value(mild, "AESER"));
        for (String flag : List.of("AESDTH", "AESHOSP", "AESLIFE", "AESDISAB", "AESCONG", "AESMIE")) {
            assertNull(ae.value(mild, flag), flag + " is not collected for a non-serious AE");
        }

        SdtmDataset supp = out.suppae();
        assertEquals(2, supp.rows().size());
        for (int r = 0; r < supp.rows().size(); r++) {
            assertEquals("AETRTEM", supp.value(r, "QNAM"));
            assertEquals("AESEQ", supp.value(r, "IDVAR"));
            assertEquals("AE", supp.value(r, "RDOMAIN"));
            int seq = Integer.parseInt((String) supp.value(r, "IDVARVAL"));
            String term = (String) ae.value(row(ae, "AESEQ", seq), "AETERM");
            assertEquals("sepsis".equals(term) ? "Y" : "N", supp.value(r, "QVAL"), term + ": before Day 1 is not treatment-emergent");
        }

        SdtmDataset dm = out.dm();
        int s1 = row(dm, "SUBJID", "101-001");
        assertEquals("Y", dm.value(s1, "DTHFL"));
        assertEquals("2021-09-10", dm.value(s1, "DTHDTC"));
    }

    @Test
    void otherSpecifyTextGoesToSuppaeAndTheCodeVariableFollowsTheStudysConvention() {
        CtcaeTerm other = CATALOG.byMeddraCode(GI_OTHER).orElseThrow();
        aes.add(AdverseEvent.of("101-001").id(7L).verbatimTerm("mouth thrush").term(GI_OTHER, other.term(), other.soc())
                .otherSpecify("oral candidiasis").grade(2).onsetDate(PartialDate.parseIso("2021-07-05"))
                .endDate(PartialDate.parseIso("2021-07-09")).relationship(Relationship.NOT_RELATED)
                .actionTaken(ActionTaken.DOSE_NOT_CHANGED).outcome(Outcome.RECOVERED).version(1).build());
        SdtmMapper.Output out = map(Map.of(), true, null);
        int spec = row(out.suppae(), "QNAM", "AEOSPEC");
        assertEquals("oral candidiasis", out.suppae().value(spec, "QVAL"));
        assertEquals("CRF", out.suppae().value(spec, "QORIG"));
        assertNull(out.ae().value(0, "VISIT"), "no visit recorded, none invented");

        StudyDefinition ptStudy = StudyDefinitions.parse(StudyDefinitions.bundledYaml().replace("meddraCodeVariable: AELLTCD",
                "meddraCodeVariable: AEPTCD").replace("country: \"\"", "country: USA"));
        SdtmMapper.Output pt = SdtmMapper.map(new SdtmMapper.Input(ptStudy, CATALOG, subjects, aes, Map.of(), true, null));
        assertEquals(10017947, pt.ae().value(0, "AEPTCD"));
        assertFalse(pt.ae().variables().stream().anyMatch(v -> v.name().equals("AELLTCD")));
        assertEquals("USA", pt.dm().value(0, "COUNTRY"));
        assertEquals("USA", out.dm().value(0, "COUNTRY"), "the subject's site's country, as the study definition lists it");
        StudyDefinition canadian = StudyDefinitions.parse(StudyDefinitions.bundledYaml().replace(
                "{number: \"101\", name: \"Site 101 (placeholder)\", country: USA, timeZone: America/New_York}",
                "{number: \"101\", name: \"Toronto\", country: CAN, timeZone: America/Toronto}"));
        SdtmMapper.Output ca = SdtmMapper.map(new SdtmMapper.Input(canadian, CATALOG, subjects, aes, Map.of(), true, null));
        assertEquals("CAN", ca.dm().value(row(ca.dm(), "SUBJID", "101-001"), "COUNTRY"), "each subject its own site's country");
        assertEquals(java.time.ZoneId.of("America/Toronto"), canadian.zoneOf("101"));
    }

    @Test
    void armsOnlyInUnblindedOutputAndArmnrsAsSdtmig34Words() {
        Map<String, String> arms = Map.of("101-001", "ALPN-101", "101-002", "PLACEBO", "102-002", "PLACEBO");
        SdtmDataset unblinded = map(arms, false, null).dm();
        int s1 = row(unblinded, "SUBJID", "101-001");
        assertEquals("ALPN-101", unblinded.value(s1, "ARMCD"));
        assertEquals("ALPN-101", unblinded.value(s1, "ARM"));
        assertEquals("ALPN-101", unblinded.value(s1, "ACTARMCD"));
        assertNull(unblinded.value(s1, "ARMNRS"));
        int notTreated = row(unblinded, "SUBJID", "101-002");
        assertEquals("PLACEBO", unblinded.value(notTreated, "ARMCD"));
        assertEquals("Placebo", unblinded.value(notTreated, "ARM"));
        assertNull(unblinded.value(notTreated, "ACTARMCD"));
        assertEquals("ASSIGNED, NOT TREATED", unblinded.value(notTreated, "ARMNRS"));
        assertEquals("SCREEN FAILURE", unblinded.value(row(unblinded, "SUBJID", "102-001"), "ARMNRS"));

        SdtmDataset blinded = map(Map.of(), true, null).dm();
        for (int r = 0; r < blinded.rows().size(); r++) {
            for (String v : List.of("ARMCD", "ARM", "ACTARMCD", "ACTARM")) {
                assertNull(blinded.value(r, v));
            }
            Object reason = blinded.value(r, "ARMNRS");
            assertTrue(reason == null || reason.equals("SCREEN FAILURE"), "blinded ARMNRS says nothing of the randomization: " + reason);
        }
    }

    @Test
    void demographicsReferenceDatesAndAge() {
        SdtmDataset dm = map(Map.of(), true, null).dm();
        assertEquals(List.of("101-001", "101-002", "102-001", "102-002"),
                dm.rows().stream().map(r -> r.get(dm.indexOf("SUBJID"))).toList());
        int s1 = row(dm, "SUBJID", "101-001");
        assertEquals("2021-07-01", dm.value(s1, "RFSTDTC"));
        assertEquals("2021-07-01", dm.value(s1, "RFXSTDTC"));
        assertEquals("2022-01-13", dm.value(s1, "RFENDTC"));
        assertEquals("2022-01-13", dm.value(s1, "RFPENDTC"));
        assertEquals("2021-06-10", dm.value(s1, "RFICDTC"));
        assertEquals("2021-06-10", dm.value(s1, "DMDTC"));
        assertEquals(-21, dm.value(s1, "DMDY"));
        assertEquals("101", dm.value(s1, "SITEID"));
        assertEquals("1980-03-15", dm.value(s1, "BRTHDTC"));
        assertEquals(41, dm.value(s1, "AGE"));
        assertEquals("YEARS", dm.value(s1, "AGEU"));
        assertEquals("F", dm.value(s1, "SEX"));
        assertNull(dm.value(s1, "DTHFL"));
        int yearOnly = row(dm, "SUBJID", "101-002");
        assertEquals("1975", dm.value(yearOnly, "BRTHDTC"), "a birth year stays a year");
        assertEquals(45, dm.value(yearOnly, "AGE"), "born in 1975, on 20 June 2021 certainly 45 (maybe 46)");
        assertNull(dm.value(yearOnly, "RFSTDTC"));
        assertNull(dm.value(yearOnly, "DMDY"));
    }

    @Test
    void aCutoffLeavesOutLaterOnsetsAndLaterConsents() {
        ae("101-001", "before cutoff", HEADACHE, 1, "2021-07-05", "2021-07-06", false, Set.of(), Outcome.RECOVERED);
        ae("101-001", "after cutoff", HEADACHE, 1, "2021-07-25", "2021-07-26", false, Set.of(), Outcome.RECOVERED);
        ae("101-001", "july, may be before", HEADACHE, 1, "2021-07", "2021-07", false, Set.of(), Outcome.RECOVERED);
        SdtmMapper.Output out = map(Map.of(), true, LocalDate.of(2021, 7, 1));
        assertEquals(List.of("101-001", "101-002", "102-001"), out.dm().rows().stream().map(r -> r.get(out.dm().indexOf("SUBJID"))).toList());
        assertEquals(List.of("july, may be before", "before cutoff"),
                map(Map.of(), true, LocalDate.of(2021, 7, 20)).ae().rows().stream().map(r -> r.get(out.ae().indexOf("AETERM"))).toList());
    }
}
