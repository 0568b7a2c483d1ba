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
            app.adverseEvents().record(new AdverseEvent(null, all.subjectNumber(), "fatal pneumonitis", all.meddraCode(), null, null, null, 5,
                    all.onsetDate(), PartialDate.parseIso("2021-09"), false, true, criteria, all.relationship(), all.actionTaken(),
                    org.aecapture.domain.Outcome.FATAL, null, 0, false));
            AdverseEvent anemia = new AdverseEvent(null, "102-001", "low Hb", "10002272", null, null, null, 3, PartialDate.parseIso("2021-08"),
                    null, true, false, EnumSet.noneOf(SeriousCriterion.class), all.relationship(), all.actionTaken(),
                    org.aecapture.domain.Outcome.NOT_RECOVERED, "W4", 0, false).withLab(new LabMeasurement(new BigDecimal("7.90"), "g/dL",
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
        return new AdverseEvent(ae.id(), ae.subjectNumber(), ae.verbatimTerm(), ae.meddraCode(), ae.ctcaeTerm(), ae.soc(), ae.otherSpecify(),
                ae.grade(), ae.onsetDate(), ae.endDate(), ae.ongoing(), ae.serious(), ae.seriousCriteria(), ae.relationship(), ae.actionTaken(),
                ae.outcome(), null, ae.version(), ae.deleted(), null, ae.lab(), ae.gradeReason());
    }
}
