package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.lab.LabMeasurement;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.store.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The summary's lean read gives every AE the full read gives, field for field, but for the two it leaves out. */
@ParameterizedClass
@EnumSource(TestStore.class)
class SummaryReadTest {

    @Parameter
    TestStore store;
    @TempDir
    Path dir;

    @Test
    void theLeanReadHoldsWhatTheFullReadHolds() {
        DatabaseLocation db = store.newDatabase(dir, "summary-read");
        try (AeCapture app = store.openOrInit(db, () -> "alice")) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            app.subjects().enrol(StoreTestSupport.subject("102-001"));
            app.adverseEvents().record(StoreTestSupport.headache("102-001"));
            app.adverseEvents().record(StoreTestSupport.pneumonitisSae("101-001"));
            // every seriousness criterion but one, so that each flag is read from its own column
            EnumSet<SeriousCriterion> criteria = EnumSet.complementOf(EnumSet.of(SeriousCriterion.HOSPITALIZATION));
            AdverseEvent all = StoreTestSupport.pneumonitisSae("101-001");
            app.adverseEvents().record(AdverseEvent.of(all.subjectNumber()).verbatimTerm("fatal pneumonitis")
                    .meddraCode(all.meddraCode()).grade(5).onsetDate(all.onsetDate())
                    .endDate(PartialDate.parseIso("2021-09")).serious(true).seriousCriteria(criteria)
                    .relationship(all.relationship()).actionTaken(all.actionTaken())
                    .outcome(org.aecapture.domain.Outcome.FATAL).build());
            AdverseEvent anemia = AdverseEvent.of("102-001").verbatimTerm("low Hb").meddraCode("10002272").grade(3)
                    .onsetDate(PartialDate.parseIso("2021-08")).ongoing(true).relationship(all.relationship())
                    .actionTaken(all.actionTaken()).outcome(org.aecapture.domain.Outcome.NOT_RECOVERED).reportedAtVisit("W4")
                    .build().withLab(new LabMeasurement(new BigDecimal("7.90"), "g/dL",
                    new BigDecimal("12.0"), new BigDecimal("15.5"), null));
            app.adverseEvents().record(anemia);
            AdverseEvent gone = app.adverseEvents().record(StoreTestSupport.headache("101-001"));
            app.adverseEvents().delete(gone, "entered twice");

            List<AdverseEvent> full = app.database().read(tx -> app.adverseEventRepository().findAll(tx, false));
            List<AdverseEvent> lean = app.database().read(tx -> app.adverseEventRepository().findAllForSummary(tx));
            assertEquals(4, full.size());
            assertEquals(full.stream().map(SummaryReadTest::withoutVisitAndCoding).sorted(java.util.Comparator.comparing(AdverseEvent::id))
                    .toList(), lean);
        }
    }

    private static AdverseEvent withoutVisitAndCoding(AdverseEvent ae) {
        return AdverseEvent.of(ae.subjectNumber()).id(ae.id()).verbatimTerm(ae.verbatimTerm())
                .term(ae.meddraCode(), ae.ctcaeTerm(), ae.soc()).otherSpecify(ae.otherSpecify()).grade(ae.grade())
                .onsetDate(ae.onsetDate()).endDate(ae.endDate()).ongoing(ae.ongoing()).serious(ae.serious())
                .seriousCriteria(ae.seriousCriteria()).relationship(ae.relationship()).actionTaken(ae.actionTaken())
                .outcome(ae.outcome()).version(ae.version()).deleted(ae.deleted()).lab(ae.lab())
                .gradeReason(ae.gradeReason()).build();
    }
}
