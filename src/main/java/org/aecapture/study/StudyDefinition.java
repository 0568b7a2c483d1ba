package org.aecapture.study;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.domain.SubjectRules;

/** A study as the application needs it: identifiers, arms, masking, AE window, visit schedule and eligibility. */
public record StudyDefinition(
        String studyId,
        String protocol,
        String shortTitle,
        String officialTitle,
        String sponsor,
        String condition,
        String phase,
        int plannedEnrollment,
        Masking masking,
        List<Arm> arms,
        String subjectNumberPattern,
        String subjectNumberExample,
        AgeRange ageAtConsent,
        AeWindow aeWindow,
        String primaryOutcome,
        List<VisitDefinition> visits,
        Eligibility eligibility,
        Sdtm sdtm,
        Safety safety,
        Sync sync,
        List<Site> sites,
        Lab lab,
        List<EditCheck> editChecks,
        String ctcae) {

    /** The CTCAE version a study grades by when its definition does not name one: v5.0, which studies begun before 2025 name. */
    public static final String DEFAULT_CTCAE = CtcaeCatalog.V5;

    public StudyDefinition {
        ctcae = ctcae == null || ctcae.isBlank() ? DEFAULT_CTCAE : ctcae.strip();
        sdtm = sdtm == null ? Sdtm.DEFAULT : sdtm;
        safety = safety == null ? Safety.DEFAULT : safety;
        sync = sync == null ? Sync.DEFAULT : sync;
        sites = sites == null ? List.of() : List.copyOf(sites);
        lab = lab == null ? Lab.DEFAULT : lab;
        editChecks = editChecks == null ? List.of() : List.copyOf(editChecks);
    }

    /**
     * An edit check the study runs after each save and on demand: one of the named built-in checks ({@code check}, see
     * docs/queries.md) with its parameters, and the message of the query it opens ({@code {term}}, {@code {grade}},
     * {@code {verbatim}}, {@code {outcome}} filled in from the record).
     */
    public record EditCheck(String id, String check, String message, java.util.Map<String, String> params) {
        public EditCheck {
            params = params == null ? java.util.Map.of() : java.util.Map.copyOf(params);
        }
    }

    /**
     * Laboratory grading: how the AE form reads what CTCAE leaves open ({@code strict}: a grade the value alone cannot
     * decide is left to the investigator; {@code worst-case}: the sponsor's grading convention, see docs/lab-grading.md).
     */
    public record Lab(String convention) {
        public static final Lab DEFAULT = new Lab("strict");

        public Lab {
            convention = convention == null || convention.isBlank() ? "strict" : convention.strip().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean worstCase() {
            return convention.equals("worst-case");
        }
    }

    /** A site: its number (the subject numbers' first part), name, country (ISO 3166-1 alpha-3) and time zone (IANA). */
    public record Site(String number, String name, String country, String timeZone) {
        public java.time.ZoneId zone() {
            return java.time.ZoneId.of(timeZone);
        }
    }

    public java.util.Optional<Site> site(String number) {
        return sites.stream().filter(s -> s.number().equals(number)).findFirst();
    }

    /** The time zone SAE times of a site are typed and shown in: the site's own; the computer's for a site the study does not list. */
    public java.time.ZoneId zoneOf(String siteNumber) {
        return site(siteNumber).map(Site::zone).orElseGet(java.time.ZoneId::systemDefault);
    }

    /** A site's country (ISO 3166-1 alpha-3), else the study's one country of the SDTM convention; null when neither says. */
    public String countryOf(String siteNumber) {
        String country = site(siteNumber).map(Site::country).orElse(sdtm.country());
        return country == null || country.isBlank() ? null : country.trim();
    }

    /** Offline sites: how many days a site's file may go without a sync before its people are warned at sign-in. */
    public record Sync(int warnAfterDays) {
        public static final Sync DEFAULT = new Sync(7);

        public Sync {
            warnAfterDays = warnAfterDays <= 0 ? 7 : warnAfterDays;
        }
    }

    /** A study without the safety reporting section: the ICH E2A defaults. */
    public StudyDefinition(String studyId, String protocol, String shortTitle, String officialTitle, String sponsor, String condition,
                           String phase, int plannedEnrollment, Masking masking, List<Arm> arms, String subjectNumberPattern,
                           String subjectNumberExample, AgeRange ageAtConsent, AeWindow aeWindow, String primaryOutcome,
                           List<VisitDefinition> visits, Eligibility eligibility, Sdtm sdtm) {
        this(studyId, protocol, shortTitle, officialTitle, sponsor, condition, phase, plannedEnrollment, masking, arms, subjectNumberPattern,
                subjectNumberExample, ageAtConsent, aeWindow, primaryOutcome, visits, eligibility, sdtm, null, null, null, null, null, null);
    }

    /**
     * Serious adverse event reporting: the site's report to the sponsor within {@code initialReportHours} of becoming
     * aware (follow-ups likewise), the sponsor's SUSAR report to regulators by calendar day 7 (fatal or life-threatening)
     * or 15, and the reference safety information that decides whether an event is expected.
     */
    public record Safety(int initialReportHours, int followUpReportHours, int susarFatalOrLifeThreateningDays, int susarOtherDays,
                         ReferenceSafetyInformation referenceSafetyInformation, SuspectDrug suspectDrug) {
        public static final Safety DEFAULT = new Safety(24, 24, 7, 15, null, null);

        public Safety {
            initialReportHours = initialReportHours <= 0 ? 24 : initialReportHours;
            followUpReportHours = followUpReportHours <= 0 ? 24 : followUpReportHours;
            susarFatalOrLifeThreateningDays = susarFatalOrLifeThreateningDays <= 0 ? 7 : susarFatalOrLifeThreateningDays;
            susarOtherDays = susarOtherDays <= 0 ? 15 : susarOtherDays;
            referenceSafetyInformation = referenceSafetyInformation == null ? ReferenceSafetyInformation.NONE : referenceSafetyInformation;
            suspectDrug = suspectDrug == null ? SuspectDrug.UNKNOWN : suspectDrug;
        }

        /** Whether the reference safety information lists the CTCAE term (by MedDRA code) as expected. */
        public boolean isExpected(String meddraCode) {
            return referenceSafetyInformation.expectedTerms().contains(meddraCode);
        }
    }

    /** The document that lists the expected adverse reactions (e.g. the Investigator's Brochure edition) and its terms. */
    public record ReferenceSafetyInformation(String document, String version, List<String> expectedTerms) {
        public static final ReferenceSafetyInformation NONE = new ReferenceSafetyInformation("", "", List.of());

        public ReferenceSafetyInformation {
            document = document == null ? "" : document;
            version = version == null ? "" : version;
            expectedTerms = expectedTerms == null ? List.of() : expectedTerms.stream().map(String::valueOf).map(String::strip).toList();
        }
    }

    /** The suspect drug as a blinded report names it (CIOMS I items 14 to 17). */
    public record SuspectDrug(String blindedName, String dailyDose, String route, String indication) {
        public static final SuspectDrug UNKNOWN = new SuspectDrug("study drug (blinded)", "", "", "");
    }

    public record Masking(String type, List<String> maskedRoles) { }

    public record Arm(String code, String name, String type, String description) { }

    public record AgeRange(int min, int max) {
        public boolean contains(int age) {
            return age >= min && age <= max;
        }
    }

    /** AEs are collected from {@code fromStudyDay} until End of Study, nominally {@code nominalEndOfStudyDay}. */
    public record AeWindow(int fromStudyDay, int nominalEndOfStudyDay, String description) { }

    public record Eligibility(List<String> inclusion, List<String> exclusion) { }

    /**
     * The study's conventions for the SDTM export.
     *
     * @param studyId STUDYID; blank for the protocol number
     * @param meddraCodeVariable where the CTCAE term's MedDRA code goes: AELLTCD (CTCAE v5.0 codes are MedDRA
     *     LLT codes) or AEPTCD (for a study whose convention is to treat them as PT codes)
     * @param country DM COUNTRY as ISO 3166-1 alpha-3 for every site; blank when the definition does not know it
     */
    public record Sdtm(String studyId, String meddraCodeVariable, String country) {
        public static final Sdtm DEFAULT = new Sdtm(null, "AELLTCD", null);

        public Sdtm {
            meddraCodeVariable = meddraCodeVariable == null || meddraCodeVariable.isBlank() ? "AELLTCD" : meddraCodeVariable.trim();
        }
    }

    /** The same definition with another safety reporting section. */
    public StudyDefinition withSafety(Safety newSafety) {
        return new StudyDefinition(studyId, protocol, shortTitle, officialTitle, sponsor, condition, phase, plannedEnrollment, masking, arms,
                subjectNumberPattern, subjectNumberExample, ageAtConsent, aeWindow, primaryOutcome, visits, eligibility, sdtm, newSafety, sync, sites, lab,
                editChecks, ctcae);
    }

    /** STUDYID in the SDTM datasets: the convention's, else the protocol number, else the registry id. */
    public String sdtmStudyId() {
        if (sdtm.studyId() != null && !sdtm.studyId().isBlank()) {
            return sdtm.studyId().trim();
        }
        return protocol != null && !protocol.isBlank() ? protocol : studyId;
    }

    /** The enrolment rules this study sets: its subject number format and age range at consent. */
    public SubjectRules subjectRules() {
        return new SubjectRules(subjectNumberRegex(), subjectNumberExample, ageAtConsent.min(), ageAtConsent.max());
    }

    public Pattern subjectNumberRegex() {
        return Pattern.compile(subjectNumberPattern);
    }

    public Optional<Arm> arm(String code) {
        return arms.stream().filter(a -> a.code().equalsIgnoreCase(code)).findFirst();
    }

    public Optional<VisitDefinition> visit(String code) {
        return visits.stream().filter(v -> v.code().equals(code)).findFirst();
    }

    public List<VisitDefinition> scheduledVisits() {
        return visits.stream().filter(VisitDefinition::isScheduled).toList();
    }

    /** A scheduled visit with its dates for one subject. */
    public record PlannedVisit(VisitDefinition visit, VisitDefinition.DateWindow window) { }

    /** The scheduled visits laid out from a subject's Day 1: target dates and windows, in schedule order. */
    public List<PlannedVisit> schedule(LocalDate day1) {
        return scheduledVisits().stream().map(v -> new PlannedVisit(v, v.window(day1))).toList();
    }

    /** The visit that ends the study on schedule. */
    public VisitDefinition endOfStudyVisit() {
        return visits.stream().filter(v -> v.kind() == VisitDefinition.Kind.END_OF_STUDY).findFirst()
                .orElseThrow(() -> new IllegalStateException("the study defines no End of Study visit"));
    }

    /** The first study day from which an End of Study counts as completing the study: the window of the End of Study visit. */
    public int completedFromStudyDay() {
        return endOfStudyVisit().earliestDay();
    }

    /**
     * The visit at which an AE recorded on {@code date} is reported by default: the scheduled visit
     * whose window contains the date, else the last scheduled visit whose window opened before it.
     */
    public Optional<VisitDefinition> visitForDate(LocalDate date, LocalDate day1) {
        if (day1 == null) {
            return visits.stream().filter(v -> v.isScheduled() && v.latestDay() < 0).findFirst();
        }
        VisitDefinition last = null;
        for (VisitDefinition v : scheduledVisits()) {
            if (v.window(day1).contains(date)) {
                return Optional.of(v);
            }
            if (!v.window(day1).from().isAfter(date)) {
                last = v;
            }
        }
        return Optional.ofNullable(last);
    }
}
