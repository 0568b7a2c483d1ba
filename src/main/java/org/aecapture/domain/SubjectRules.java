package org.aecapture.domain;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Enrolment rules for a subject; the study supplies its subject number pattern and age range. */
public final class SubjectRules {

    public static final String SUBJECT_ID = "subject_id";
    public static final String SITE = "site";
    public static final String SEX = "sex";
    public static final String BIRTH_DATE = "birth_date";
    public static final String CONSENT_DATE = "consent_date";
    public static final String FIRST_DOSE_DATE = "first_dose_date";
    public static final String EOS_DATE = "eos_date";
    public static final List<String> CSV_COLUMNS = List.of(SUBJECT_ID, SITE, SEX, BIRTH_DATE, CONSENT_DATE, FIRST_DOSE_DATE, EOS_DATE);

    private final Pattern subjectNumberPattern;
    private final String subjectNumberExample;
    private final int minAge;
    private final int maxAge;

    public SubjectRules(Pattern subjectNumberPattern, String subjectNumberExample, int minAge, int maxAge) {
        this.subjectNumberPattern = subjectNumberPattern;
        this.subjectNumberExample = subjectNumberExample;
        this.minAge = minAge;
        this.maxAge = maxAge;
    }

    public List<Violation> validate(Subject s, LocalDate today) {
        List<Violation> v = new ArrayList<>();
        if (s.subjectNumber() == null || s.subjectNumber().isBlank()) {
            v.add(Violation.of(SUBJECT_ID, "required"));
        } else if (!subjectNumberPattern.matcher(s.subjectNumber()).matches()) {
            v.add(Violation.of(SUBJECT_ID, "subject.pattern", s.subjectNumber(), subjectNumberExample));
        }
        if (s.site() == null || s.site().isBlank()) {
            v.add(Violation.of(SITE, "required"));
        }
        if (s.sex() == null) {
            v.add(Violation.of(SEX, "required"));
        }
        if (s.birthDate() == null) {
            v.add(Violation.of(BIRTH_DATE, "required"));
        } else if (!s.birthDate().isComplete() && s.birthDate().month().isPresent()) {
            v.add(Violation.of(BIRTH_DATE, "birth.fullOrYear", s.birthDate().toIso()));
        }
        if (s.consentDate() == null) {
            v.add(Violation.of(CONSENT_DATE, "required"));
        } else {
            if (s.consentDate().isAfter(today)) {
                v.add(Violation.of(CONSENT_DATE, "date.future", PartialDate.of(s.consentDate()).toCrf()));
            }
            if (s.birthDate() != null && !possibleAgesIntersectRange(s.birthDate(), s.consentDate())) {
                v.add(Violation.of(BIRTH_DATE, "age.range", ageText(s.birthDate(), s.consentDate()), minAge, maxAge));
            }
        }
        if (s.firstDoseDate() != null) {
            if (s.consentDate() != null && s.firstDoseDate().isBefore(s.consentDate())) {
                v.add(Violation.of(FIRST_DOSE_DATE, "firstDose.beforeConsent"));
            }
            if (s.firstDoseDate().isAfter(today)) {
                v.add(Violation.of(FIRST_DOSE_DATE, "date.future", PartialDate.of(s.firstDoseDate()).toCrf()));
            }
        }
        if (s.endOfStudyDate() != null) {
            if (s.firstDoseDate() == null) {
                v.add(Violation.of(EOS_DATE, "eos.withoutFirstDose"));
            } else if (s.endOfStudyDate().isBefore(s.firstDoseDate())) {
                v.add(Violation.of(EOS_DATE, "eos.beforeFirstDose"));
            }
            if (s.endOfStudyDate().isAfter(today)) {
                v.add(Violation.of(EOS_DATE, "date.future", PartialDate.of(s.endOfStudyDate()).toCrf()));
            }
        }
        return v;
    }

    /** Age in whole years on a date; for a year-only birth date, the two ages the subject may have. */
    public static int[] possibleAges(PartialDate birth, LocalDate on) {
        int oldest = Period.between(birth.earliest(), on).getYears();
        int youngest = Period.between(birth.latest(), on).getYears();
        return new int[] {youngest, oldest};
    }

    private boolean possibleAgesIntersectRange(PartialDate birth, LocalDate on) {
        int[] ages = possibleAges(birth, on);
        return ages[1] >= minAge && ages[0] <= maxAge;
    }

    private static String ageText(PartialDate birth, LocalDate on) {
        int[] ages = possibleAges(birth, on);
        return ages[0] == ages[1] ? String.valueOf(ages[0]) : ages[0] + " or " + ages[1];
    }
}
