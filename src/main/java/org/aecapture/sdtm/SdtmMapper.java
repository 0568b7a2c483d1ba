package org.aecapture.sdtm;

import static org.aecapture.sdtm.SdtmVariable.number;
import static org.aecapture.sdtm.SdtmVariable.text;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.ctcae.CtcaeTerm;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.CodedValue;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.domain.StudyDay;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectRules;
import org.aecapture.domain.SubjectStatus;
import org.aecapture.domain.Texts;
import org.aecapture.domain.TreatmentEmergence;
import org.aecapture.study.StudyDefinition;
import org.aecapture.study.VisitDefinition;

/**
 * Maps the study's subjects and AEs to the SDTMIG 3.4 domains DM, AE and SUPPAE. Pure: no database, no files.
 *
 * <p>Conventions, where SDTMIG leaves the choice to the sponsor: STUDYID and the MedDRA code variable come from
 * the study definition; USUBJID is STUDYID-subject number; AEDECOD is the CTCAE term; AESPID is the AE's key in
 * the database (stable across exports); the reference start (RFSTDTC, RFXSTDTC) is Day 1, the first dose; RFENDTC
 * and RFPENDTC are End of Study; AGE is the age at informed consent (for a birth year only, the age the subject
 * had certainly reached); the seriousness flags are Y/N for a serious AE and blank for a non-serious one (they
 * are collected only for serious AEs); treatment emergence goes to SUPPAE as AETRTEM. In blinded output the arm
 * variables are blank and ARMNRS says only what the subjects' own data say (screen failure, not treated).
 */
public final class SdtmMapper {

    /** What the export is made of. {@code armBySubject} is empty for blinded output. */
    public record Input(StudyDefinition study, CtcaeCatalog catalog, List<Subject> subjects, List<AdverseEvent> adverseEvents,
                        Map<String, String> armBySubject, boolean blinded, LocalDate cutoff) { }

    /** The three datasets, in the order they are written. */
    public record Output(SdtmDataset dm, SdtmDataset ae, SdtmDataset suppae) {
        public List<SdtmDataset> all() {
            return List.of(dm, ae, suppae);
        }
    }

    static final String CRF = "CRF";
    static final String DERIVED = "Derived";
    static final String ASSIGNED = "Assigned";

    private final Input in;
    private final String studyId;
    private final Map<String, String> socCodes = new HashMap<>();
    /** The study's convention: the CTCAE term's code as an LLT (AELLT, AELLTCD) or as a PT code (AEPTCD). */
    private final boolean llt;

    private SdtmMapper(Input in) {
        this.in = in;
        this.studyId = in.study().sdtmStudyId();
        this.llt = "AELLTCD".equals(in.study().sdtm().meddraCodeVariable());
        // each SOC's "Other, specify" term carries the SOC's own MedDRA code in the CTCAE table
        for (CtcaeTerm term : in.catalog().terms()) {
            if (term.isOtherSpecify()) {
                socCodes.put(term.soc(), term.meddraCode());
            }
        }
    }

    public static Output map(Input in) {
        return new SdtmMapper(in).map();
    }

    private Output map() {
        List<Subject> subjects = in.subjects().stream()
                .filter(s -> in.cutoff() == null || s.consentDate() == null || !s.consentDate().isAfter(in.cutoff()))
                .sorted(Comparator.comparing(Subject::subjectNumber)).toList();
        Map<String, Subject> bySubject = new HashMap<>();
        subjects.forEach(s -> bySubject.put(s.subjectNumber(), s));
        List<AdverseEvent> aes = in.adverseEvents().stream()
                .filter(ae -> !ae.deleted() && bySubject.containsKey(ae.subjectNumber()))
                .filter(ae -> in.cutoff() == null || ae.onsetDate() == null || !ae.onsetDate().isAfter(in.cutoff()))
                .sorted(Comparator.comparing(AdverseEvent::subjectNumber)
                        .thenComparing(AdverseEvent::onsetDate, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(AdverseEvent::id, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        Map<String, AdverseEvent> fatalBySubject = new HashMap<>();
        for (AdverseEvent ae : aes) {
            if (ae.outcome() == Outcome.FATAL) {
                fatalBySubject.merge(ae.subjectNumber(), ae, (a, b) -> a);
            }
        }
        List<List<Object>> aeRows = new ArrayList<>();
        List<List<Object>> suppRows = new ArrayList<>();
        String previous = null;
        int seq = 0;
        for (AdverseEvent ae : aes) {
            seq = ae.subjectNumber().equals(previous) ? seq + 1 : 1;
            previous = ae.subjectNumber();
            Subject s = bySubject.get(ae.subjectNumber());
            aeRows.add(aeRow(ae, s, seq));
            suppRows.add(supp(ae, seq, "AETRTEM", "Treatment Emergent Flag", yn(isTreatmentEmergent(ae, s)), DERIVED));
            if (ae.otherSpecify() != null && !ae.otherSpecify().isBlank()) {
                suppRows.add(supp(ae, seq, "AEOSPEC", "CTCAE Other, Specify Text", ae.otherSpecify().strip(), CRF));
            }
        }
        List<List<Object>> dmRows = subjects.stream().map(s -> dmRow(s, fatalBySubject.get(s.subjectNumber()))).toList();
        return new Output(new SdtmDataset("DM", "Demographics", dmVariables(), List.of("STUDYID", "USUBJID"), dmRows),
                new SdtmDataset("AE", "Adverse Events", aeVariables(), List.of("STUDYID", "USUBJID", "AESEQ"), aeRows),
                new SdtmDataset("SUPPAE", "Supplemental Qualifiers for AE", suppVariables(),
                        List.of("STUDYID", "RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL", "QNAM"), suppRows));
    }

    private String usubjid(String subjectNumber) {
        return studyId + "-" + subjectNumber;
    }

    // ---- AE

    private List<SdtmVariable> aeVariables() {
        String meddra = "MedDRA " + in.catalog().meddraVersion(); // the version CTCAE's terms are coded to
        List<SdtmVariable> v = new ArrayList<>(List.of(
                text("STUDYID", "Study Identifier", ASSIGNED),
                text("DOMAIN", "Domain Abbreviation", ASSIGNED),
                text("USUBJID", "Unique Subject Identifier", DERIVED),
                number("AESEQ", "Sequence Number", DERIVED),
                text("AESPID", "Sponsor-Defined Identifier", ASSIGNED),
                text("AETERM", "Reported Term for the Adverse Event", CRF)));
        if (llt) {
            v.add(text("AELLT", "Lowest Level Term", ASSIGNED).from(meddra));
            v.add(number("AELLTCD", "Lowest Level Term Code", ASSIGNED).from(meddra));
        }
        v.add(text("AEDECOD", "Dictionary-Derived Term", ASSIGNED).from(meddra));
        if (!llt) {
            v.add(number("AEPTCD", "Preferred Term Code", ASSIGNED).from(meddra));
        }
        v.addAll(List.of(
                text("AEBODSYS", "Body System or Organ Class", ASSIGNED).from(meddra),
                number("AEBDSYCD", "Body System or Organ Class Code", ASSIGNED).from(meddra),
                text("AESOC", "Primary System Organ Class", ASSIGNED).from(meddra),
                number("AESOCCD", "Primary System Organ Class Code", ASSIGNED).from(meddra),
                text("AESER", "Serious Event", CRF),
                text("AEACN", "Action Taken with Study Treatment", CRF),
                text("AEREL", "Causality", CRF),
                text("AEOUT", "Outcome of Adverse Event", CRF),
                text("AESCONG", "Congenital Anomaly or Birth Defect", CRF),
                text("AESDISAB", "Persist or Signif Disability/Incapacity", CRF),
                text("AESDTH", "Results in Death", CRF),
                text("AESHOSP", "Requires or Prolongs Hospitalization", CRF),
                text("AESLIFE", "Is Life Threatening", CRF),
                text("AESMIE", "Other Medically Important Serious Event", CRF),
                text("AETOXGR", "Standard Toxicity Grade", CRF).from("NCI CTCAE " + in.catalog().version()),
                number("VISITNUM", "Visit Number", DERIVED),
                text("VISIT", "Visit Name", CRF),
                text("EPOCH", "Epoch", DERIVED),
                text("AESTDTC", "Start Date/Time of Adverse Event", CRF),
                text("AEENDTC", "End Date/Time of Adverse Event", CRF),
                number("AESTDY", "Study Day of Start of Adverse Event", DERIVED),
                number("AEENDY", "Study Day of End of Adverse Event", DERIVED),
                text("AEENRTPT", "End Relative to Reference Time Point", DERIVED),
                text("AEENTPT", "End Reference Time Point", ASSIGNED)));
        return v;
    }

    private List<Object> aeRow(AdverseEvent ae, Subject s, int seq) {
        List<Object> r = new ArrayList<>();
        r.add(studyId);
        r.add("AE");
        r.add(usubjid(ae.subjectNumber()));
        r.add(seq);
        r.add(ae.id() == null ? null : String.valueOf(ae.id()));
        r.add(Texts.blankToNull(ae.verbatimTerm()));
        if (llt) {
            r.add(Texts.blankToNull(ae.ctcaeTerm()));
            r.add(meddraCode(ae.meddraCode()));
        }
        r.add(Texts.blankToNull(ae.ctcaeTerm()));
        if (!llt) {
            r.add(meddraCode(ae.meddraCode()));
        }
        Integer socCode = ae.soc() == null ? null : meddraCode(socCodes.get(ae.soc()));
        r.add(Texts.blankToNull(ae.soc()));
        r.add(socCode);
        r.add(Texts.blankToNull(ae.soc()));
        r.add(socCode);
        r.add(yn(ae.serious()));
        r.add(code(ae.actionTaken()));
        r.add(code(ae.relationship()));
        r.add(code(ae.outcome()));
        for (SeriousCriterion c : List.of(SeriousCriterion.CONGENITAL_ANOMALY, SeriousCriterion.PERSISTENT_DISABILITY,
                SeriousCriterion.RESULTS_IN_DEATH, SeriousCriterion.HOSPITALIZATION, SeriousCriterion.LIFE_THREATENING,
                SeriousCriterion.MEDICALLY_IMPORTANT)) {
            r.add(ae.serious() ? yn(ae.seriousCriteria().contains(c)) : null);
        }
        r.add(ae.grade() == null ? null : String.valueOf(ae.grade()));
        Optional<VisitDefinition> visit = Optional.ofNullable(ae.reportedAtVisit()).flatMap(in.study()::visit);
        r.add(visit.map(v -> in.study().visits().indexOf(v) + 1).orElse(null));
        r.add(visit.map(VisitDefinition::name).orElse(Texts.blankToNull(ae.reportedAtVisit())));
        r.add(epoch(ae.onsetDate(), s));
        r.add(ae.onsetDate() == null ? null : ae.onsetDate().toIso());
        r.add(ae.endDate() == null || ae.ongoing() ? null : ae.endDate().toIso());
        r.add(studyDay(ae.onsetDate(), s));
        r.add(ae.ongoing() ? null : studyDay(ae.endDate(), s));
        r.add(ae.ongoing() ? "ONGOING" : null);
        r.add(ae.ongoing() ? "END OF STUDY" : null);
        return r;
    }

    /** --DY: the day relative to Day 1, which is day 1 itself; the day before is -1 (there is no day 0). */
    private static Integer studyDay(PartialDate date, Subject s) {
        if (date == null || !date.isComplete() || s.firstDoseDate() == null) {
            return null;
        }
        return StudyDay.of(date.earliest(), s.firstDoseDate());
    }

    /**
     * The epoch of the AE's start: SCREENING before Day 1, TREATMENT from Day 1 until End of Study, FOLLOW-UP after
     * it. A partial start date has an epoch only when every day it may be falls in the same one.
     */
    private String epoch(PartialDate onset, Subject s) {
        if (onset == null || s.firstDoseDate() == null) {
            return onset != null && s.firstDoseDate() == null ? "SCREENING" : null;
        }
        LocalDate end = s.aeWindowEnd(in.study().aeWindow().nominalEndOfStudyDay()).orElseThrow();
        String first = epochOf(onset.earliest(), s.firstDoseDate(), end);
        return first.equals(epochOf(onset.latest(), s.firstDoseDate(), end)) ? first : null;
    }

    private static String epochOf(LocalDate date, LocalDate day1, LocalDate endOfStudy) {
        return date.isBefore(day1) ? "SCREENING" : date.isAfter(endOfStudy) ? "FOLLOW-UP" : "TREATMENT";
    }

    private boolean isTreatmentEmergent(AdverseEvent ae, Subject s) {
        return s.aeWindowEnd(in.study().aeWindow().nominalEndOfStudyDay())
                .map(end -> TreatmentEmergence.isTreatmentEmergent(ae.onsetDate(), ae.endDate(), s.firstDoseDate(), end))
                .orElse(false);
    }

    // ---- SUPPAE

    private static List<SdtmVariable> suppVariables() {
        return List.of(
                text("STUDYID", "Study Identifier", ASSIGNED),
                text("RDOMAIN", "Related Domain Abbreviation", ASSIGNED),
                text("USUBJID", "Unique Subject Identifier", DERIVED),
                text("IDVAR", "Identifying Variable", ASSIGNED),
                text("IDVARVAL", "Identifying Variable Value", DERIVED),
                text("QNAM", "Qualifier Variable Name", ASSIGNED),
                text("QLABEL", "Qualifier Variable Label", ASSIGNED),
                text("QVAL", "Data Value", DERIVED),
                text("QORIG", "Origin", ASSIGNED),
                text("QEVAL", "Evaluator", ASSIGNED));
    }

    private List<Object> supp(AdverseEvent ae, int seq, String qnam, String qlabel, String value, String origin) {
        List<Object> r = new ArrayList<>();
        r.add(studyId);
        r.add("AE");
        r.add(usubjid(ae.subjectNumber()));
        r.add("AESEQ");
        r.add(String.valueOf(seq));
        r.add(qnam);
        r.add(qlabel);
        r.add(value);
        r.add(origin.toUpperCase(java.util.Locale.ROOT));
        r.add(null); // QEVAL: neither value is an evaluation by a person
        return r;
    }

    // ---- DM

    private static List<SdtmVariable> dmVariables() {
        return List.of(
                text("STUDYID", "Study Identifier", ASSIGNED),
                text("DOMAIN", "Domain Abbreviation", ASSIGNED),
                text("USUBJID", "Unique Subject Identifier", DERIVED),
                text("SUBJID", "Subject Identifier for the Study", CRF),
                text("RFSTDTC", "Subject Reference Start Date/Time", DERIVED),
                text("RFENDTC", "Subject Reference End Date/Time", DERIVED),
                text("RFXSTDTC", "Date/Time of First Study Treatment", CRF),
                text("RFXENDTC", "Date/Time of Last Study Treatment", CRF),
                text("RFICDTC", "Date/Time of Informed Consent", CRF),
                text("RFPENDTC", "Date/Time of End of Participation", CRF),
                text("DTHDTC", "Date/Time of Death", DERIVED),
                text("DTHFL", "Subject Death Flag", DERIVED),
                text("SITEID", "Study Site Identifier", CRF),
                text("BRTHDTC", "Date/Time of Birth", CRF),
                number("AGE", "Age", DERIVED),
                text("AGEU", "Age Units", ASSIGNED),
                text("SEX", "Sex", CRF),
                text("ARMCD", "Planned Arm Code", ASSIGNED),
                text("ARM", "Description of Planned Arm", ASSIGNED),
                text("ACTARMCD", "Actual Arm Code", DERIVED),
                text("ACTARM", "Description of Actual Arm", DERIVED),
                text("ARMNRS", "Reason Arm and/or Actual Arm is Null", DERIVED),
                text("COUNTRY", "Country", ASSIGNED),
                text("DMDTC", "Date/Time of Collection", CRF),
                number("DMDY", "Study Day of Collection", DERIVED));
    }

    private List<Object> dmRow(Subject s, AdverseEvent fatal) {
        List<Object> r = new ArrayList<>();
        r.add(studyId);
        r.add("DM");
        r.add(usubjid(s.subjectNumber()));
        r.add(s.subjectNumber());
        r.add(iso(s.firstDoseDate()));
        r.add(iso(s.endOfStudyDate()));
        r.add(iso(s.firstDoseDate()));
        r.add(null); // the last dose is not collected
        r.add(iso(s.consentDate()));
        r.add(iso(s.endOfStudyDate()));
        r.add(fatal == null || fatal.endDate() == null ? null : fatal.endDate().toIso());
        r.add(fatal == null ? null : "Y");
        r.add(s.site());
        r.add(s.birthDate() == null ? null : s.birthDate().toIso());
        r.add(s.birthDate() == null || s.consentDate() == null ? null : SubjectRules.possibleAges(s.birthDate(), s.consentDate())[0]);
        r.add(s.birthDate() == null || s.consentDate() == null ? null : "YEARS");
        r.add(code(s.sex()));
        String arm = in.blinded() ? null : in.armBySubject().get(s.subjectNumber());
        Optional<StudyDefinition.Arm> planned = Optional.ofNullable(arm).flatMap(in.study()::arm);
        boolean screenFailure = s.status() == SubjectStatus.SCREEN_FAILURE;
        boolean treated = s.isDosed();
        r.add(planned.map(StudyDefinition.Arm::code).orElse(null));
        r.add(planned.map(StudyDefinition.Arm::name).orElse(null));
        r.add(treated ? planned.map(StudyDefinition.Arm::code).orElse(null) : null);
        r.add(treated ? planned.map(StudyDefinition.Arm::name).orElse(null) : null);
        r.add(armNullReason(screenFailure, treated, planned.isPresent()));
        r.add(in.study().countryOf(s.site())); // the subject's site's country (SDTMIG: required)
        r.add(iso(s.consentDate()));
        r.add(s.consentDate() == null || s.firstDoseDate() == null ? null : StudyDay.of(s.consentDate(), s.firstDoseDate()));
        return r;
    }

    /** ARMNRS as SDTMIG 3.4 words it; blinded output says only what the subject's own data show. */
    private String armNullReason(boolean screenFailure, boolean treated, boolean armKnown) {
        if (screenFailure) {
            return "SCREEN FAILURE";
        }
        if (in.blinded()) {
            return null;
        }
        if (!armKnown) {
            return "NOT ASSIGNED";
        }
        return treated ? null : "ASSIGNED, NOT TREATED";
    }

    // ---- values

    /** MedDRA codes are numeric in SDTM (8 digits). */
    private static Integer meddraCode(String code) {
        return code == null || code.isBlank() ? null : Integer.valueOf(code.strip());
    }

    private static String yn(boolean b) {
        return b ? "Y" : "N";
    }

    private static String code(CodedValue value) {
        return value == null ? null : value.code();
    }

    private static String iso(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
