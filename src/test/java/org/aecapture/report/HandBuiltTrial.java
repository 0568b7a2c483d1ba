package org.aecapture.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.domain.Sex;
import org.aecapture.domain.Subject;
import org.aecapture.service.AeCapture;
import org.aecapture.store.StoreTestSupport;

/**
 * A small trial whose tables were worked out by hand (see the expected rows in the tests):
 * 101-001 (ALPN-101): headache g1 and g3 (serious, interrupted), nausea g2 with onset 2021-07 in the
 *   first-dose month (treatment-emergent by imputation), fatigue g2 before Day 1 (not TEAE);
 * 101-002 (Placebo, End of Study 2021-09-30): headache g2 probable (withdrawn), nausea after End of
 *   Study (not TEAE), nausea g3 deleted (never counts);
 * 102-001 (ALPN-101): fatal sepsis g5 possible (withdrawn), headache g2 typed as =HYPERLINK("x");
 * 102-002: never dosed, headache g1 at screening (not TEAE, not in the population);
 * 102-003 (Placebo): dosed, no AEs.
 */
public final class HandBuiltTrial {

    static final String HEADACHE = "10019211";
    static final String NAUSEA = "10028813";
    static final String FATIGUE = "10016256";
    static final String SEPSIS = "10040047";

    private HandBuiltTrial() {
    }

    static Subject subject(String number, LocalDate day1) {
        return new Subject(null, number, number.substring(0, 3), Sex.FEMALE, PartialDate.parseIso("1980-01-01"),
                LocalDate.of(2021, 6, 1), day1, null, null, 0);
    }

    static AdverseEvent ae(String subject, String verbatim, String code, int grade, String onset, String end, boolean serious,
                           Set<SeriousCriterion> criteria, Relationship rel, ActionTaken action, Outcome outcome) {
        return AdverseEvent.of(subject).verbatimTerm(verbatim).meddraCode(code).grade(grade)
                .onsetDate(PartialDate.parseIso(onset)).endDate(end == null ? null : PartialDate.parseIso(end))
                .ongoing(end == null).serious(serious).seriousCriteria(criteria).relationship(rel).actionTaken(action)
                .outcome(outcome).build();
    }

    /** Builds the trial in a new database through the services, as a site would enter it. */
    public static Path build(Path dir, boolean withRandomization) throws Exception {
        Path db = dir.resolve("hand.db");
        try (AeCapture app = AeCapture.openOrInit(db, () -> "tester", StoreTestSupport.CLOCK)) {
            app.subjects().enrol(subject("101-001", LocalDate.of(2021, 7, 1)));
            Subject s2 = app.subjects().enrol(subject("101-002", LocalDate.of(2021, 7, 1)));
            app.subjects().enrol(subject("102-001", LocalDate.of(2021, 7, 15)));
            app.subjects().enrol(subject("102-002", null));
            app.subjects().enrol(subject("102-003", LocalDate.of(2021, 8, 1)));
            Set<SeriousCriterion> none = Set.of();
            var aes = app.adverseEvents();
            aes.record(ae("101-001", "headache", HEADACHE, 1, "2021-07-05", "2021-07-06", false, none,
                    Relationship.POSSIBLE, ActionTaken.DOSE_NOT_CHANGED, Outcome.RECOVERED));
            aes.record(ae("101-001", "severe headache", HEADACHE, 3, "2021-08-01", "2021-08-04", true,
                    EnumSet.of(SeriousCriterion.HOSPITALIZATION), Relationship.UNLIKELY, ActionTaken.DRUG_INTERRUPTED, Outcome.RECOVERED));
            aes.record(ae("101-001", "nausea", NAUSEA, 2, "2021-07", null, false, none,
                    Relationship.NOT_RELATED, ActionTaken.DOSE_NOT_CHANGED, Outcome.NOT_RECOVERED));
            aes.record(ae("101-001", "tired", FATIGUE, 2, "2021-06-20", "2021-06-25", false, none,
                    Relationship.NOT_RELATED, ActionTaken.NOT_APPLICABLE, Outcome.RECOVERED));
            aes.record(ae("101-002", "headache", HEADACHE, 2, "2021-07-10", "2021-07-12", false, none,
                    Relationship.PROBABLE, ActionTaken.DRUG_WITHDRAWN, Outcome.RECOVERED));
            aes.record(ae("101-002", "late nausea", NAUSEA, 1, "2021-10-05", "2021-10-06", false, none,
                    Relationship.NOT_RELATED, ActionTaken.DOSE_NOT_CHANGED, Outcome.RECOVERED));
            AdverseEvent deleted = aes.record(ae("101-002", "nausea entered twice", NAUSEA, 3, "2021-08-15", "2021-08-16", false, none,
                    Relationship.NOT_RELATED, ActionTaken.DOSE_NOT_CHANGED, Outcome.RECOVERED));
            aes.delete(deleted, "duplicate entry");
            aes.record(ae("102-001", "sepsis", SEPSIS, 5, "2021-09-01", "2021-09-10", true,
                    EnumSet.of(SeriousCriterion.RESULTS_IN_DEATH), Relationship.POSSIBLE, ActionTaken.DRUG_WITHDRAWN, Outcome.FATAL));
            aes.record(ae("102-001", "=HYPERLINK(\"x\")", HEADACHE, 2, "2021-08-10", "2021-08-11", false, none,
                    Relationship.NOT_RELATED, ActionTaken.DOSE_NOT_CHANGED, Outcome.RECOVERED));
            aes.record(ae("102-002", "headache at screening", HEADACHE, 1, "2021-06-15", "2021-06-16", false, none,
                    Relationship.NOT_RELATED, ActionTaken.NOT_APPLICABLE, Outcome.RECOVERED));
            // 101-002 left the study early, after the late nausea had been recorded
            app.subjects().update(new Subject(s2.id(), s2.subjectNumber(), s2.site(), s2.sex(), s2.birthDate(), s2.consentDate(),
                    s2.firstDoseDate(), LocalDate.of(2021, 9, 30), s2.status(), s2.version()), "early termination visit");
            if (withRandomization) {
                Path csv = dir.resolve("randomization.csv");
                Files.write(csv, List.of("subject_id,arm", "101-001,ALPN-101", "101-002,PLACEBO", "102-001,ALPN-101", "102-003,PLACEBO"));
                app.imports().importRandomization(csv);
            }
        }
        return db;
    }
}
