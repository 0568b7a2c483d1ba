package org.aecapture.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SubjectRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2022, 6, 1);
    private final SubjectRules rules = new SubjectRules(Pattern.compile("\\d{3}-\\d{3}"), "101-001", 18, 65);

    private static Subject subject(String number, PartialDate birth, LocalDate consent, LocalDate dose, LocalDate eos) {
        return new Subject(null, number, "101", Sex.MALE, birth, consent, dose, eos, null, 0);
    }

    private List<Violation> check(Subject s) {
        return rules.validate(s, TODAY);
    }

    @Test
    void validSubject() {
        assertEquals(List.of(), check(subject("101-001", PartialDate.parseIso("1980-03-04"), LocalDate.of(2021, 7, 1),
                LocalDate.of(2021, 7, 20), null)));
    }

    @Test
    void subjectNumberMustFollowTheStudyPattern() {
        List<Violation> v = check(subject("1-1", PartialDate.ofYear(1980), LocalDate.of(2021, 7, 1), null, null));
        assertEquals(SubjectRules.SUBJECT_ID, v.get(0).field());
        assertTrue(v.get(0).message().contains("e.g. 101-001"), v.get(0).message());
    }

    @Test
    void ageAtConsentMustBe18To65() {
        LocalDate consent = LocalDate.of(2021, 7, 1);
        assertEquals(List.of(), check(subject("101-001", PartialDate.parseIso("2003-07-01"), consent, null, null)), "18 on the day");
        List<Violation> seventeen = check(subject("101-001", PartialDate.parseIso("2003-07-02"), consent, null, null));
        assertEquals("age at consent is 17; the study enrols ages 18 to 65", seventeen.get(0).message());
        assertEquals(List.of(), check(subject("101-001", PartialDate.parseIso("1955-07-02"), consent, null, null)), "65 until the 66th birthday");
        List<Violation> sixtySix = check(subject("101-001", PartialDate.parseIso("1955-07-01"), consent, null, null));
        assertEquals(SubjectRules.BIRTH_DATE, sixtySix.get(0).field());
        assertTrue(sixtySix.get(0).message().contains("is 66"));
    }

    @Test
    void yearOnlyBirthDateIsRejectedOnlyWhenNoPossibleAgeFits() {
        LocalDate consent = LocalDate.of(2021, 7, 1);
        assertEquals(List.of(), check(subject("101-001", PartialDate.ofYear(2003), consent, null, null)), "17 or 18");
        List<Violation> v = check(subject("101-001", PartialDate.ofYear(2004), consent, null, null));
        assertTrue(v.get(0).message().contains("16 or 17"), v.toString());
        List<Violation> month = check(subject("101-001", PartialDate.parseIso("1980-05"), consent, null, null));
        assertEquals(SubjectRules.BIRTH_DATE, month.get(0).field());
    }

    @Test
    void datesMustBeInOrder() {
        LocalDate consent = LocalDate.of(2021, 7, 1);
        List<Violation> v = check(subject("101-001", PartialDate.ofYear(1980), consent, consent.minusDays(1), null));
        assertEquals(SubjectRules.FIRST_DOSE_DATE, v.get(0).field());
        v = check(subject("101-001", PartialDate.ofYear(1980), consent, null, consent.plusDays(3)));
        assertEquals(SubjectRules.EOS_DATE, v.get(0).field());
        v = check(subject("101-001", PartialDate.ofYear(1980), consent, consent.plusDays(3), consent.plusDays(2)));
        assertEquals(SubjectRules.EOS_DATE, v.get(0).field());
    }

    @Test
    void statusFollowsTheDates() {
        LocalDate d1 = LocalDate.of(2021, 7, 1);
        assertEquals(SubjectStatus.SCREENING, Subject.derivedStatus(null, null, 190));
        assertEquals(SubjectStatus.ON_STUDY, Subject.derivedStatus(d1, null, 190));
        assertEquals(SubjectStatus.COMPLETED, Subject.derivedStatus(d1, StudyDay.dateOf(190, d1), 190));
        assertEquals(SubjectStatus.DISCONTINUED, Subject.derivedStatus(d1, StudyDay.dateOf(189, d1), 190));
    }
}
