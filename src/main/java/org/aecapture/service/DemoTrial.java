package org.aecapture.service;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.ctcae.CtcaeTerm;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.AdverseEventRules;
import org.aecapture.domain.EligibilityChecklist;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.domain.Sex;
import org.aecapture.domain.StudyDay;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectRules;
import org.aecapture.domain.SubjectStatus;
import org.aecapture.domain.ValidationException;
import org.aecapture.domain.Violation;
import org.aecapture.domain.Visit;
import org.aecapture.study.StudyDefinition;
import org.aecapture.study.VisitDefinition;

/**
 * A synthetic, deterministic trial for demonstrations, training and benchmarks: subjects at several
 * sites, 1:1 randomization, consent and dosing dates, early terminations, and AEs with a believable
 * mix for a lupus study (infections, headache, nausea, fatigue, arthralgia, infusion reactions, rash,
 * laboratory abnormalities), mostly grade 1-2, some 3-4, rare serious and fatal events, a few partial
 * dates and a few AEs before the first dose. Every record passes the same rules as entered data.
 */
public final class DemoTrial {

    /** One line of the AE mix: the CTCAE term by name, how common it is, how often it is drug-related. */
    private record TermMix(String ctcaeTerm, int weight, double relatedShare, String otherSpecify, String... verbatims) { }

    private static final List<TermMix> MIX = List.of(
            new TermMix("Upper respiratory infection", 14, 0.2, null, "common cold", "URTI", "upper respiratory tract infection"),
            new TermMix("Headache", 12, 0.3, null, "headache", "tension headache", "HEADACHE"),
            new TermMix("Nausea", 9, 0.4, null, "nausea", "feeling sick"),
            new TermMix("Fatigue", 8, 0.3, null, "fatigue", "tiredness"),
            new TermMix("Arthralgia", 8, 0.1, null, "joint pain", "arthralgia knees"),
            new TermMix("Urinary tract infection", 7, 0.2, null, "UTI", "cystitis"),
            new TermMix("Infusion related reaction", 6, 0.9, null, "infusion reaction", "flushing during infusion"),
            new TermMix("Rash maculo-papular", 5, 0.5, null, "rash", "maculopapular rash arms"),
            new TermMix("Diarrhea", 5, 0.3, null, "diarrhoea", "loose stools"),
            new TermMix("Neutrophil count decreased", 4, 0.6, null, "neutropenia", "low neutrophils"),
            new TermMix("Lymphocyte count decreased", 4, 0.6, null, "lymphopenia"),
            new TermMix("Alanine aminotransferase increased", 3, 0.5, null, "ALT increased", "raised ALT"),
            new TermMix("Cough", 4, 0.1, null, "cough"),
            new TermMix("Dizziness", 3, 0.2, null, "dizziness"),
            new TermMix("Back pain", 3, 0.05, null, "back pain"),
            new TermMix("Sinusitis", 3, 0.2, null, "sinusitis"),
            new TermMix("Herpes simplex reactivation", 2, 0.4, null, "cold sore", "oral herpes"),
            new TermMix("Shingles", 1, 0.5, null, "herpes zoster", "shingles"),
            new TermMix("Lung infection", 2, 0.4, null, "pneumonia", "chest infection"),
            new TermMix("Hypertension", 2, 0.1, null, "high blood pressure"),
            new TermMix("Anemia", 2, 0.2, null, "anaemia"),
            new TermMix("Infections and infestations - Other, specify", 2, 0.3, "oral candidiasis", "oral thrush"),
            new TermMix("Sepsis", 1, 0.5, null, "sepsis", "urosepsis"));

    /** The study's actual start; the demo keeps it unless the whole trial would not be over by today. */
    private static final LocalDate STUDY_START = LocalDate.of(2021, 6, 22);
    private static final int DAYS_FROM_CONSENT_TO_LAST_VISIT = 28 + 197 + 5 + 14;
    private static final int RECRUITMENT_DAYS = 540;
    private static final int SITES = 6;
    /** Site numbers run from 101 to 999; a trial larger than six full sites spreads about this many over each. */
    private static final int MAX_SITES = 899;
    private static final int SUBJECTS_PER_LARGE_SITE = 800;

    public record Data(List<Subject> subjects, List<AdverseEvent> adverseEvents, Map<String, String> armBySubject,
                       Map<String, EligibilityChecklist> eligibility, List<Visit> visits) { }

    private static final List<String> TERMINATION_REASONS = List.of("withdrew consent", "lost to follow-up", "moved away",
            "adverse event", "investigator decision");

    private final CtcaeCatalog catalog;
    private final StudyDefinition study;
    private final List<CtcaeTerm> mixTerms = new ArrayList<>();
    private final int totalWeight;

    public DemoTrial(CtcaeCatalog catalog, StudyDefinition study) {
        this.catalog = catalog;
        this.study = study;
        int w = 0;
        for (TermMix m : MIX) {
            mixTerms.add(catalog.byName(m.ctcaeTerm()).orElseThrow(() ->
                    new IllegalStateException("demo term " + m.ctcaeTerm() + " is not in CTCAE v" + catalog.version())));
            w += m.weight();
        }
        totalWeight = w;
    }

    /**
     * Generates the trial. The same {@code subjectCount}, {@code meanAesPerSubject} and {@code seed}
     * give the same data. All dates lie before {@code today}.
     */
    public Data generate(int subjectCount, double meanAesPerSubject, long seed, LocalDate today) {
        if (subjectCount < 1 || subjectCount > MAX_SITES * SUBJECTS_PER_LARGE_SITE) {
            throw new IllegalArgumentException("the demo trial has 1 to " + MAX_SITES * SUBJECTS_PER_LARGE_SITE + " subjects, not "
                    + subjectCount);
        }
        // the six sites hold up to 999 subjects each; a larger trial (a benchmark's many subjects with few AEs each) has
        // more sites, each with room to spare, so that the same seed gives the same trial up to 5,994 subjects as before
        int siteCount = subjectCount <= SITES * 999 ? SITES : (subjectCount + SUBJECTS_PER_LARGE_SITE - 1) / SUBJECTS_PER_LARGE_SITE;
        Random rnd = new Random(seed);
        LocalDate latestStart = today.minusDays(RECRUITMENT_DAYS + DAYS_FROM_CONSENT_TO_LAST_VISIT + 30L);
        LocalDate firstConsent = STUDY_START.isBefore(latestStart) ? STUDY_START : latestStart;
        List<Subject> subjects = new ArrayList<>();
        List<AdverseEvent> aes = new ArrayList<>();
        Map<String, String> arms = new LinkedHashMap<>();
        int[] perSite = new int[siteCount];
        List<String> armCodes = study.arms().stream().map(StudyDefinition.Arm::code).toList();
        List<String> block = new ArrayList<>();
        SubjectRules subjectRules = study.subjectRules();
        AdverseEventRules aeRules = new AdverseEventRules(catalog);

        for (int i = 0; i < subjectCount; i++) {
            int site = rnd.nextInt(siteCount);
            while (perSite[site] == 999) { // a subject number has three digits for the subject
                site = (site + 1) % siteCount;
            }
            perSite[site]++;
            String number = String.format("%03d-%03d", 101 + site, perSite[site]);
            LocalDate consent = firstConsent.plusDays((long) i * RECRUITMENT_DAYS / subjectCount + rnd.nextInt(3));
            int age = study.ageAtConsent().min() + rnd.nextInt(study.ageAtConsent().max() - study.ageAtConsent().min());
            LocalDate birthday = consent.minusYears(age + 1L).plusDays(1 + rnd.nextInt(364));
            PartialDate birth = rnd.nextInt(10) == 0 ? PartialDate.ofYear(birthday.getYear()) : PartialDate.of(birthday);
            Sex sex = rnd.nextInt(10) < 9 ? Sex.FEMALE : Sex.MALE; // lupus affects mostly women
            boolean screenFailure = rnd.nextInt(100) < 8;
            LocalDate day1 = screenFailure ? null : consent.plusDays(7 + rnd.nextInt(21));
            LocalDate eos = null;
            if (day1 != null) {
                boolean earlyTermination = rnd.nextInt(100) < 10;
                int eosDay = earlyTermination ? 30 + rnd.nextInt(150) : StudyDay.plus(study.aeWindow().nominalEndOfStudyDay(), rnd.nextInt(11) - 5);
                eos = StudyDay.dateOf(eosDay, day1);
            }
            List<AdverseEvent> subjectAes = day1 == null ? List.of() : adverseEvents(rnd, number, consent, day1, eos, meanAesPerSubject);
            // a fatal event ends the subject's participation on the date of death
            for (AdverseEvent ae : subjectAes) {
                if (ae.outcome() == Outcome.FATAL) {
                    eos = ae.endDate().earliest();
                    break;
                }
            }
            LocalDate end = eos;
            subjectAes = subjectAes.stream().filter(ae -> ae.onsetDate() == null || !ae.onsetDate().isAfter(end)).toList();
            SubjectStatus status = screenFailure ? SubjectStatus.SCREEN_FAILURE
                    : org.aecapture.domain.Subject.derivedStatus(day1, eos, study.completedFromStudyDay());
            Subject s = new Subject(null, number, String.valueOf(101 + site), sex, birth, consent, day1, eos, status, 0);
            requireValid(subjectRules.validate(s, today), s.subjectNumber());
            for (AdverseEvent ae : subjectAes) {
                requireValid(aeRules.validate(ae, s, today), s.subjectNumber() + " " + ae.verbatimTerm());
            }
            subjects.add(s);
            aes.addAll(subjectAes);
            if (day1 != null) {
                if (block.isEmpty()) {
                    for (int k = 0; k < 2; k++) {
                        block.addAll(armCodes.subList(0, 2));
                    }
                    java.util.Collections.shuffle(block, rnd);
                }
                arms.put(number, block.remove(block.size() - 1));
            }
        }
        // visits and eligibility from a random stream of their own, so that the subjects and AEs of a seed stay as they were
        Random visitRnd = new Random(seed ^ 0x5EEDL);
        Map<String, EligibilityChecklist> eligibility = new LinkedHashMap<>();
        List<Visit> visits = new ArrayList<>();
        for (Subject s : subjects) {
            eligibility.put(s.subjectNumber(), checklist(visitRnd, s.status() == SubjectStatus.SCREEN_FAILURE));
            visits.addAll(visits(visitRnd, s, aes, today));
        }
        return new Data(subjects, aes, arms, eligibility, visits);
    }

    /** Every criterion confirmed; a screen failure has one criterion failing. */
    private EligibilityChecklist checklist(Random rnd, boolean fails) {
        var criteria = study.eligibility();
        EligibilityChecklist c = EligibilityChecklist.blank(criteria.inclusion(), criteria.exclusion());
        for (int i = 0; i < criteria.inclusion().size(); i++) {
            c = c.withInclusion(i, EligibilityChecklist.Answer.YES);
        }
        for (int i = 0; i < criteria.exclusion().size(); i++) {
            c = c.withExclusion(i, EligibilityChecklist.Answer.NO);
        }
        if (fails) {
            int k = rnd.nextInt(criteria.inclusion().size() + criteria.exclusion().size());
            c = k < criteria.inclusion().size() ? c.withInclusion(k, EligibilityChecklist.Answer.NO)
                    : c.withExclusion(k - criteria.inclusion().size(), EligibilityChecklist.Answer.YES);
        }
        return c;
    }

    /**
     * Screening, then the scheduled visits up to End of Study (a few outside their windows), ended by Week 28
     * for a completed subject or Early Termination, with its reason, for a discontinued one.
     */
    private List<Visit> visits(Random rnd, Subject s, List<AdverseEvent> aes, LocalDate today) {
        List<Visit> list = new ArrayList<>();
        String number = s.subjectNumber();
        LocalDate screening = s.consentDate().plusDays(rnd.nextInt(3));
        if (s.firstDoseDate() != null && !screening.isBefore(s.firstDoseDate())) {
            screening = s.consentDate();
        }
        list.add(new Visit(null, number, "SCR", screening, null, 0));
        if (s.firstDoseDate() == null) {
            return list;
        }
        LocalDate day1 = s.firstDoseDate();
        LocalDate end = s.endOfStudyDate();
        for (VisitDefinition v : study.scheduledVisits()) {
            if (v.kind() != VisitDefinition.Kind.SCHEDULED || v.latestDay() < 1) {
                continue;
            }
            int window = v.windowDays() == null ? 0 : v.windowDays();
            int shift = window == 0 ? 0 : rnd.nextInt(100) < 5 ? window + 1 + rnd.nextInt(3) : rnd.nextInt(2 * window + 1) - window;
            LocalDate date = StudyDay.dateOf(StudyDay.plus(v.nominalDay(), shift), day1);
            if (date.isBefore(day1) || end != null && !date.isBefore(end) || date.isAfter(today)) {
                continue;
            }
            list.add(new Visit(null, number, v.code(), date, null, 0));
        }
        if (end != null) {
            boolean died = aes.stream().anyMatch(ae -> ae.subjectNumber().equals(number) && ae.outcome() == Outcome.FATAL);
            if (s.status() == SubjectStatus.COMPLETED) {
                list.add(new Visit(null, number, study.endOfStudyVisit().code(), end, null, 0));
            } else {
                String etCode = study.visits().stream().filter(v -> v.kind() == VisitDefinition.Kind.EARLY_TERMINATION).findFirst()
                        .orElseThrow().code();
                list.add(new Visit(null, number, etCode, end, died ? "death" : TERMINATION_REASONS.get(rnd.nextInt(TERMINATION_REASONS.size())), 0));
            }
        }
        return list;
    }

    private List<AdverseEvent> adverseEvents(Random rnd, String subject, LocalDate consent, LocalDate day1, LocalDate eos, double mean) {
        List<AdverseEvent> list = new ArrayList<>();
        int count = poisson(rnd, mean);
        long onStudyDays = ChronoUnit.DAYS.between(day1, eos) + 1;
        for (int k = 0; k < count; k++) {
            LocalDate onset = day1.plusDays(rnd.nextInt((int) onStudyDays));
            list.add(event(rnd, subject, onset, day1, eos));
        }
        long preDays = ChronoUnit.DAYS.between(consent, day1);
        if (rnd.nextInt(100) < 6 && preDays > 1) {
            list.add(event(rnd, subject, consent.plusDays(rnd.nextInt((int) preDays)), day1, eos)); // before the first dose
        }
        list.sort(Comparator.comparing(ae -> ae.onsetDate() == null ? day1 : ae.onsetDate().earliest()));
        return list;
    }

    private AdverseEvent event(Random rnd, String subject, LocalDate onset, LocalDate day1, LocalDate eos) {
        int pick = rnd.nextInt(totalWeight);
        int idx = 0;
        while (pick >= MIX.get(idx).weight()) {
            pick -= MIX.get(idx).weight();
            idx++;
        }
        TermMix mix = MIX.get(idx);
        CtcaeTerm term = mixTerms.get(idx);
        String verbatim = mix.verbatims()[rnd.nextInt(mix.verbatims().length)];
        // deaths only on treatment: a death before Day 1 would end the study before it began
        boolean fatal = term.isGradeDefined(5) && !onset.isBefore(day1) && rnd.nextInt(1000) < (term.term().equals("Sepsis") ? 150 : 2);
        int grade = fatal ? 5 : grade(rnd, term);
        boolean serious = fatal || grade >= 3 && rnd.nextInt(100) < 35 || rnd.nextInt(1000) < 5;
        Set<SeriousCriterion> criteria = EnumSet.noneOf(SeriousCriterion.class);
        if (fatal) {
            criteria.add(SeriousCriterion.RESULTS_IN_DEATH);
        } else if (serious) {
            criteria.add(grade >= 4 && rnd.nextBoolean() ? SeriousCriterion.LIFE_THREATENING : SeriousCriterion.HOSPITALIZATION);
            if (rnd.nextInt(10) == 0) {
                criteria.add(SeriousCriterion.MEDICALLY_IMPORTANT);
            }
        }
        Relationship rel = relationship(rnd, mix.relatedShare());
        ActionTaken action = grade >= 3 ? (rnd.nextInt(4) == 0 ? ActionTaken.DRUG_WITHDRAWN : ActionTaken.DRUG_INTERRUPTED)
                : rnd.nextInt(20) == 0 ? ActionTaken.DRUG_INTERRUPTED : ActionTaken.DOSE_NOT_CHANGED;
        if (onset.isBefore(day1)) {
            action = ActionTaken.NOT_APPLICABLE;
            rel = Relationship.NOT_RELATED;
        }
        boolean ongoing = !fatal && rnd.nextInt(100) < 8;
        LocalDate endDate = onset.plusDays(rnd.nextInt(grade >= 3 ? 30 : 14));
        Outcome outcome;
        if (fatal) {
            outcome = Outcome.FATAL;
        } else if (ongoing) {
            outcome = rnd.nextBoolean() ? Outcome.RECOVERING : Outcome.NOT_RECOVERED;
        } else {
            outcome = rnd.nextInt(30) == 0 ? Outcome.RECOVERED_WITH_SEQUELAE : Outcome.RECOVERED;
        }
        PartialDate onsetDate = PartialDate.of(onset);
        int roll = rnd.nextInt(100);
        if (!fatal && roll < 3) {
            onsetDate = PartialDate.ofYearMonth(onset.getYear(), onset.getMonthValue());
        } else if (!fatal && roll < 4) {
            onsetDate = PartialDate.ofYear(onset.getYear());
        }
        String visit = study.visitForDate(onset.plusDays(rnd.nextInt(10)), day1).map(v -> v.code()).orElse(null);
        return AdverseEvent.of(subject).verbatimTerm(verbatim).term(term.meddraCode(), term.term(), term.soc())
                .otherSpecify(mix.otherSpecify()).grade(grade).onsetDate(onsetDate)
                .endDate(ongoing ? null : PartialDate.of(endDate)).ongoing(ongoing).serious(serious)
                .seriousCriteria(criteria).relationship(rel).actionTaken(action).outcome(outcome).reportedAtVisit(visit)
                .build();
    }

    /** Mostly grade 1-2, some 3, few 4, restricted to the grades the term defines (never 5: fatal events are chosen apart). */
    private static int grade(Random rnd, CtcaeTerm term) {
        int[] weights = {55, 32, 10, 3};
        int total = 0;
        for (int g = 1; g <= 4; g++) {
            total += term.isGradeDefined(g) ? weights[g - 1] : 0;
        }
        int pick = rnd.nextInt(total);
        for (int g = 1; g <= 4; g++) {
            if (term.isGradeDefined(g)) {
                if (pick < weights[g - 1]) {
                    return g;
                }
                pick -= weights[g - 1];
            }
        }
        throw new IllegalStateException("term " + term.term() + " defines no grade 1 to 4");
    }

    private static Relationship relationship(Random rnd, double relatedShare) {
        if (rnd.nextDouble() < relatedShare) {
            int r = rnd.nextInt(10);
            return r < 6 ? Relationship.POSSIBLE : r < 9 ? Relationship.PROBABLE : Relationship.DEFINITE;
        }
        return rnd.nextInt(3) == 0 ? Relationship.UNLIKELY : Relationship.NOT_RELATED;
    }

    private static int poisson(Random rnd, double mean) {
        // Knuth's method for small means; a normal approximation beyond, where exp(-mean) underflows
        if (mean > 30) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > limit);
        return k - 1;
    }

    private static void requireValid(List<Violation> violations, String what) {
        if (!violations.isEmpty()) {
            throw new ValidationException(violations.stream()
                    .map(v -> new Violation(v.field(), v.rule(), "demo record " + what + ": " + v.message())).toList());
        }
    }
}
