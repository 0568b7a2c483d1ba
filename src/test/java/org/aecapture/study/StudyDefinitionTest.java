package org.aecapture.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class StudyDefinitionTest {

    private final StudyDefinition study = StudyDefinitions.bundled();

    @Test
    void identifiesTheSynergyStudy() {
        assertEquals("NCT04835441", study.studyId());
        assertEquals("AIS-A03", study.protocol());
        assertEquals("A Randomized, Double-blind, Placebo-controlled Study of ALPN-101 in Systemic Lupus Erythematosus", study.officialTitle());
        assertEquals(List.of("ALPN-101", "PLACEBO"), study.arms().stream().map(StudyDefinition.Arm::code).toList());
        assertEquals(List.of("Participant", "Care Provider", "Investigator", "Outcomes Assessor"), study.masking().maskedRoles());
        assertEquals(18, study.ageAtConsent().min());
        assertEquals(65, study.ageAtConsent().max());
        assertEquals(197, study.aeWindow().nominalEndOfStudyDay());
    }

    @Test
    void carriesTheEligibilityCriteriaOfThePublicRecord() {
        assertEquals(8, study.eligibility().inclusion().size());
        assertEquals(17, study.eligibility().exclusion().size());
        assertEquals("Diagnosis of lupus for \u2265 6 months prior to Screening", study.eligibility().inclusion().get(2));
        assertEquals("Known hypersensitivity to ALPN-101, components thereof, or excipients contained in the drug formulation",
                study.eligibility().exclusion().get(16));
    }

    @Test
    void visitScheduleFollowsWeekNIsDay7NPlus1() {
        List<String> codes = study.visits().stream().map(VisitDefinition::code).toList();
        assertEquals(List.of("SCR", "D1", "W2", "W4", "W8", "W12", "W16", "W20", "W24", "W28", "UNS", "ET"), codes);
        VisitDefinition w4 = study.visit("W4").orElseThrow();
        assertEquals(29, w4.nominalDay());
        assertEquals(26, w4.earliestDay());
        assertEquals(32, w4.latestDay());
        VisitDefinition w12 = study.visit("W12").orElseThrow();
        assertEquals(85, w12.nominalDay());
        assertEquals(78, w12.earliestDay());
        VisitDefinition scr = study.visit("SCR").orElseThrow();
        assertEquals(-28, scr.earliestDay());
        assertEquals(-1, scr.latestDay());
        assertEquals(197, study.endOfStudyVisit().nominalDay());
        assertEquals(190, study.completedFromStudyDay());
    }

    @Test
    void visitWindowsAsDatesCrossMonthAndYearEnds() {
        LocalDate day1 = LocalDate.of(2021, 12, 20);
        VisitDefinition.DateWindow w2 = study.visit("W2").orElseThrow().window(day1);
        assertEquals(LocalDate.of(2022, 1, 3), w2.target());
        assertEquals(LocalDate.of(2021, 12, 31), w2.from());
        assertEquals(LocalDate.of(2022, 1, 6), w2.to());
        VisitDefinition.DateWindow scr = study.visit("SCR").orElseThrow().window(day1);
        assertEquals(LocalDate.of(2021, 11, 22), scr.from());
        assertEquals(LocalDate.of(2021, 12, 19), scr.to());
        LocalDate leapDay1 = LocalDate.of(2024, 2, 1);
        assertEquals(LocalDate.of(2024, 2, 29), study.visit("W4").orElseThrow().window(leapDay1).target());
    }

    @Test
    void reportingVisitDefaultsToTheWindowContainingTheDate() {
        LocalDate day1 = LocalDate.of(2021, 7, 1);
        assertEquals("W2", study.visitForDate(day1.plusDays(14), day1).orElseThrow().code());
        assertEquals("W2", study.visitForDate(day1.plusDays(20), day1).orElseThrow().code(), "between windows: the last one opened");
        assertEquals("W28", study.visitForDate(day1.plusDays(400), day1).orElseThrow().code());
        assertEquals("SCR", study.visitForDate(day1.minusDays(3), null).orElseThrow().code());
    }

    @Test
    void aBrokenDefinitionIsRefusedWithTheReason() {
        String yaml = StudyDefinitions.bundledYaml().replace("nominalEndOfStudyDay: 197", "nominalEndOfStudyDay: 196");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyDefinitions.parse(yaml));
        assertTrue(e.getMessage().contains("End of Study visit"), e.getMessage());
        String typo = StudyDefinitions.bundledYaml().replace("protocol: AIS-A03", "protocoll: AIS-A03");
        assertThrows(IllegalArgumentException.class, () -> StudyDefinitions.parse(typo));
    }

    @Test
    void sitesHaveACountryAndATimeZoneAndABadOneIsRefusedNamingIt() {
        StudyDefinition bundled = StudyDefinitions.bundled();
        org.junit.jupiter.api.Assertions.assertEquals(6, bundled.sites().size());
        org.junit.jupiter.api.Assertions.assertEquals("USA", bundled.countryOf("104"));
        org.junit.jupiter.api.Assertions.assertEquals(java.time.ZoneId.of("America/Los_Angeles"), bundled.zoneOf("104"));
        org.junit.jupiter.api.Assertions.assertNull(bundled.countryOf("999"), "a site not listed: the SDTM convention's country, empty here");
        String badCountry = StudyDefinitions.bundledYaml().replace("country: USA, timeZone: America/Denver", "country: US, timeZone: America/Denver");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StudyDefinitions.parse(badCountry)).getMessage()
                .contains("site 103: country must be an ISO 3166-1 alpha-3 code"));
        String badZone = StudyDefinitions.bundledYaml().replace("timeZone: America/Denver", "timeZone: Mountain Time");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StudyDefinitions.parse(badZone)).getMessage()
                .contains("site 103: timeZone must be an IANA time zone"));
    }

    @Test
    void theLabConventionIsStrictUnlessTheStudySaysWorstCaseAndNothingElse() {
        org.junit.jupiter.api.Assertions.assertFalse(StudyDefinitions.bundled().lab().worstCase());
        assertTrue(StudyDefinitions.parse(StudyDefinitions.bundledYaml().replace("convention: strict", "convention: worst-case")).lab().worstCase());
        String bad = StudyDefinitions.bundledYaml().replace("convention: strict", "convention: lenient");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StudyDefinitions.parse(bad)).getMessage()
                .contains("lab.convention must be strict or worst-case, not lenient"));
    }

    @Test
    void armCodesAreCheckedForTheSealsFixedLengthAndSdtmsLimit() {
        String twenty = StudyDefinitions.bundledYaml().replace("code: PLACEBO", "code: PLACEBO-MATCHING-IV"); // 19 characters
        org.junit.jupiter.api.Assertions.assertEquals("PLACEBO-MATCHING-IV", StudyDefinitions.parse(twenty).arms().get(1).code());
        String tooLong = StudyDefinitions.bundledYaml().replace("code: PLACEBO", "code: PLACEBO-MATCHING-INFUSION");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyDefinitions.parse(tooLong));
        assertTrue(e.getMessage().contains("PLACEBO-MATCHING-INFUSION") && e.getMessage().contains("20 characters"), e.getMessage());
        String twice = StudyDefinitions.bundledYaml().replace("code: PLACEBO", "code: ALPN-101");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StudyDefinitions.parse(twice)).getMessage().contains("used twice"));
    }

    @org.junit.jupiter.api.Test
    void theSafetySectionNamesTheReferenceSafetyInformationAndAStoredDefinitionWithoutItTakesTheBundledOne() {
        StudyDefinition bundled = StudyDefinitions.bundled();
        org.junit.jupiter.api.Assertions.assertEquals(24, bundled.safety().initialReportHours());
        org.junit.jupiter.api.Assertions.assertEquals(7, bundled.safety().susarFatalOrLifeThreateningDays());
        org.junit.jupiter.api.Assertions.assertEquals(15, bundled.safety().susarOtherDays());
        org.junit.jupiter.api.Assertions.assertTrue(bundled.safety().isExpected("10051792"), "infusion related reaction");
        org.junit.jupiter.api.Assertions.assertFalse(bundled.safety().isExpected("10035742"), "pneumonitis");
        org.aecapture.ctcae.CtcaeCatalog catalog = org.aecapture.ctcae.CtcaeCatalog.bundled();
        bundled.safety().referenceSafetyInformation().expectedTerms().forEach(code ->
                org.junit.jupiter.api.Assertions.assertTrue(catalog.byMeddraCode(code).isPresent(), code + " is a CTCAE term"));

        String yaml = StudyDefinitions.bundledYaml();
        String before = yaml.substring(0, yaml.indexOf("\nsafety:") + 1); // as a database stored it before the section existed
        StudyDefinition stored = StudyDefinitions.parseStored(before);
        org.junit.jupiter.api.Assertions.assertEquals(bundled.safety(), stored.safety());
        StudyDefinition other = StudyDefinitions.parseStored(before.replace("studyId: NCT04835441", "studyId: NCT00000001"));
        org.junit.jupiter.api.Assertions.assertEquals(StudyDefinition.Safety.DEFAULT, other.safety(), "another study: no list is guessed");
    }
}
