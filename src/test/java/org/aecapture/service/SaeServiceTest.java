package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.Role;
import org.aecapture.domain.ValidationException;
import org.aecapture.sae.Expectedness;
import org.aecapture.sae.SaeContent;
import org.aecapture.sae.SaeDetails;
import org.aecapture.sae.SaeReport;
import org.aecapture.sae.SaeStatus;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.store.TestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The SAE reporting duty through the service, on both stores, with a clock that moves. */
@ParameterizedClass
@EnumSource(TestStore.class)
class SaeServiceTest {

    @Parameter
    TestStore store;
    @TempDir
    Path dir;
    DatabaseLocation db;
    final MovingClock clock = new MovingClock(Instant.parse("2021-09-02T08:00:00Z"));

    /** A clock the test moves forward. */
    static final class MovingClock extends Clock {
        volatile Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() {
        db = store.newDatabase(dir, "sae");
        try (AeCapture app = AeCapture.openOrInit(db, store.credentials(), () -> "setup", clock)) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            app.subjects().enrol(StoreTestSupport.subject("102-001"));
        }
    }

    private AeCapture as(String user, Role role, String... sites) {
        return TestAccounts.signInAs(AeCapture.open(db, store.credentials(), () -> user, clock), user, role, sites);
    }

    static AdverseEvent pneumonitis(String subject) {
        return StoreTestSupport.pneumonitisSae(subject);
    }

    static SaeDetails details(OffsetDateTime aware, String narrative) {
        return StoreTestSupport.saeDetails(aware, narrative);
    }

    @Test
    void anSaeIsDueTwentyFourHoursAfterAwarenessThenSentThenAFollowUpIsDueAfterAChange() throws Exception {
        long id;
        try (AeCapture app = as("inv", Role.INVESTIGATOR, "101")) {
            AdverseEvent ae = app.adverseEvents().record(pneumonitis("101-001"),
                    details(OffsetDateTime.parse("2021-09-02T09:30+02:00"), "admitted with dyspnoea"));
            id = ae.id();
            SaeService.SaeRow row = app.sae().row(id).orElseThrow();
            assertEquals(SaeStatus.State.INITIAL_DUE, row.status().state());
            assertEquals(Instant.parse("2021-09-03T07:30:00Z"), row.status().due());
            assertEquals(0, app.sae().siteReportsDueSoon().size(), "23.5 hours left: not yet told at sign-in");
        }
        clock.now = Instant.parse("2021-09-03T04:00:00Z");
        try (AeCapture app = as("inv", Role.INVESTIGATOR, "101")) {
            assertEquals(1, app.sae().siteReportsDueSoon().size(), "3.5 hours left: told at sign-in");
            SaeReport initial = app.sae().sendReport(id);
            assertEquals(SaeReport.Type.INITIAL, initial.type());
            assertEquals("inv", initial.sentBy());
            assertEquals(clock.now, initial.sentAt());
            assertEquals(SaeContent.sha256(initial.content()), initial.sha256());
            assertFalse(initial.content().contains("Placebo") || initial.content().contains("ALPN"), "no arm in a report");
            assertEquals(SaeStatus.State.SUSAR_DUE, app.sae().row(id).orElseThrow().status().state(), "sent; the SUSAR clock runs");
            IllegalStateException again = assertThrows(IllegalStateException.class, () -> app.sae().sendReport(id));
            assertTrue(again.getMessage().contains("Nothing changed since the initial report"), again.getMessage());

            clock.now = Instant.parse("2021-09-04T10:00:00Z");
            AdverseEvent stored = app.adverseEvents().byId(id).orElseThrow();
            SaeDetails opened = app.sae().details(id).orElseThrow();
            SaeDetails edited = new SaeDetails(opened.id(), opened.aeId(), opened.subjectNumber(), opened.awareAt(), opened.admissionDate(),
                    null, null, null, null, "admitted with dyspnoea; CT: ground glass", opened.medicalHistory(), opened.concomitantMedications(),
                    opened.dechallenge(), opened.rechallenge(), opened.version());
            app.adverseEvents().correct(stored, edited, "CT result received");
            SaeDetails stale = new SaeDetails(opened.id(), opened.aeId(), opened.subjectNumber(), opened.awareAt(), opened.admissionDate(),
                    null, null, null, null, "another user's narrative", null, null, null, null, opened.version());
            assertThrows(org.aecapture.store.StaleRecordException.class,
                    () -> app.adverseEvents().correct(app.adverseEvents().byId(id).orElseThrow(), stale, "late edit"),
                    "an SAE edited since it was opened is refused, not overwritten");
            SaeService.SaeRow changed = app.sae().row(id).orElseThrow();
            assertEquals(1, changed.status().followUpNumber());
            assertTrue(changed.status().duties().stream().anyMatch(d -> d.kind() == SaeStatus.State.FOLLOW_UP_DUE && d.open()
                    && d.due().equals(Instant.parse("2021-09-05T10:00:00Z"))), changed.status().duties().toString());
            assertEquals("FOLLOWUP 1", app.sae().ciomsForm(id, false).reportType(), "the form of the data as they stand: the next report");
            SaeReport followUp = app.sae().sendReport(id);
            assertEquals("FOLLOWUP 1", app.sae().ciomsForm(id, false).reportType(), "and once sent, that report");
            assertEquals(SaeReport.Type.FOLLOW_UP, followUp.type());
            assertEquals(1, followUp.followUpNumber());
            assertEquals("Follow-up 1", followUp.label());
            assertEquals(2, app.sae().reports(id).size());

        }
        try (Connection c = TestStore.connect(db); Statement st = c.createStatement()) {
            List<StoreTestSupport.AuditField> sha256 = StoreTestSupport.auditFields(db, " WHERE entity = 'sae_report'").stream()
                    .filter(f -> f.field().equals("sha256")).toList();
            assertEquals(2, sha256.size(), "an audit entry of the fingerprint for each report");
            assertEquals(64, sha256.get(0).newValue().length());
            assertEquals("inv", sha256.get(0).user());
            SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate("UPDATE sae_report SET content = 'x'"));
            assertTrue(e.getMessage().contains("kept as it was sent"), e.getMessage());
            assertThrows(SQLException.class, () -> st.executeUpdate("DELETE FROM sae_report"));
        }
    }

    @Test
    void theReviewerRecordsTheSponsorsAssessmentAndTheSusarSubmission() {
        long id;
        try (AeCapture app = as("inv", Role.INVESTIGATOR, "101")) {
            AdverseEvent ae = pneumonitis("101-001");
            AdverseEvent unrelated = AdverseEvent.of(ae.subjectNumber()).verbatimTerm(ae.verbatimTerm())
                    .meddraCode(ae.meddraCode()).grade(3).onsetDate(ae.onsetDate()).ongoing(true).serious(true)
                    .seriousCriteria(ae.seriousCriteria()).relationship(Relationship.NOT_RELATED)
                    .actionTaken(ae.actionTaken()).outcome(ae.outcome()).reportedAtVisit("W8").build();
            id = app.adverseEvents().record(unrelated, details(OffsetDateTime.parse("2021-09-02T07:00Z"), "n")).id();
            app.sae().sendReport(id);
            assertFalse(app.sae().row(id).orElseThrow().status().susar(), "unrelated in the investigator's opinion");
            assertThrows(AccessRefused.class, () -> app.sae().assess(id, Relationship.PROBABLE, Expectedness.UNEXPECTED, "x"));
        }
        try (AeCapture app = as("monitor", Role.SAFETY_REVIEWER)) {
            app.sae().assess(id, Relationship.PROBABLE, Expectedness.UNEXPECTED, "sponsor's medical review");
            SaeService.SaeRow row = app.sae().row(id).orElseThrow();
            assertTrue(row.status().susar(), "related in the sponsor's opinion, unexpected");
            assertEquals(SaeStatus.State.SUSAR_DUE, row.status().state());
            assertEquals(LocalDate.of(2021, 9, 17), row.status().susarDueDate(), "hospitalisation: day 15 from 2 September");
            assertEquals(Relationship.NOT_RELATED, row.ae().relationship(), "the investigator's causality is kept beside the sponsor's");
            app.sae().recordSusarSubmission(id, LocalDate.of(2021, 9, 2), "submitted to the regulators");
            assertEquals(SaeStatus.State.SUSAR_SUBMITTED, app.sae().row(id).orElseThrow().status().state());
        }
    }

    @Test
    void aSiteSeesOnlyItsOwnSaesAndASeriousAeNeedsItsAwarenessTime() {
        try (AeCapture app = as("inv2", Role.INVESTIGATOR, "102")) {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> app.adverseEvents().record(pneumonitis("102-001"), details(null, "n")));
            assertTrue(e.getMessage().contains("aware_at"), e.getMessage());
            assertTrue(app.adverseEvents().forSubject("102-001", false).isEmpty(), "all or nothing: the AE was not stored either");
            app.adverseEvents().record(pneumonitis("102-001"), details(OffsetDateTime.parse("2021-09-02T07:00Z"), "n"));
        }
        try (AeCapture app = as("inv", Role.INVESTIGATOR, "101")) {
            app.adverseEvents().record(pneumonitis("101-001"), details(OffsetDateTime.parse("2021-09-02T07:00Z"), "n"));
            assertEquals(List.of("101-001"), app.sae().list(false).stream().map(r -> r.ae().subjectNumber()).toList());
        }
        try (AeCapture app = as("monitor", Role.SAFETY_REVIEWER)) {
            assertEquals(2, app.sae().list(false).size());
            clock.now = Instant.parse("2021-09-03T07:00:01Z");
            assertEquals(2, app.sae().list(true).size(), "both overdue a second after 24 hours");
            assertNull(app.sae().list(true).get(0).sponsor());
        }
    }

    @Test
    void theCiomsFormIsABlindedPdfWithTheSubjectTermGradeAndSeriousness() throws Exception {
        long id;
        try (AeCapture app = as("inv", Role.INVESTIGATOR, "101")) {
            id = app.adverseEvents().record(pneumonitis("101-001"), details(OffsetDateTime.parse("2021-09-02T07:00Z"),
                    "Admitted with dyspnoea and fever; CT showed bilateral ground-glass opacities; SpO2 \u2264 90% on air.")).id();
            app.sae().sendReport(id);
            Path pdf = dir.resolve("cioms.pdf");
            var form = app.sae().cioms(id, pdf, false);
            assertEquals("INITIAL", form.reportType());
            assertEquals(java.util.Set.of(org.aecapture.report.CiomsForm.Seriousness.HOSPITALISATION), form.seriousness());
            String text;
            try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
                assertEquals(1, doc.getNumberOfPages());
                text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            }
            for (String expected : List.of("CIOMS FORM", "SUSPECT ADVERSE REACTION REPORT", "101-001", "Pneumonitis", "grade 3",
                    "INVOLVED OR PROLONGED", "14. SUSPECT DRUG(S)", "ALPN-101 / placebo (blinded)", "hydroxychloroquine", "SLE since 2015",
                    "Alpine Immune Sciences", "AIS-A03-101-001-AE" + id, "02 SEP 2021", "SpO2 <= 90%", "Expectedness: unexpected")) {
                assertTrue(text.contains(expected), expected + " in:\n" + text);
            }
            assertFalse(text.contains("UNBLINDED"), text);
            AccessRefused refused = assertThrows(AccessRefused.class, () -> app.sae().cioms(id, dir.resolve("u.pdf"), true));
            assertTrue(refused.getMessage().contains("Only the unblinded statistician"), refused.getMessage());
            assertFalse(java.nio.file.Files.exists(dir.resolve("u.pdf")));
        }
    }

    @Test
    void onlyTheUnblindedStatisticianUnblindsTheCiomsFormOfASusar() throws Exception {
        long id;
        try (AeCapture app = as("inv", Role.INVESTIGATOR, "101")) {
            id = app.adverseEvents().record(pneumonitis("101-001"), details(OffsetDateTime.parse("2021-09-02T07:00Z"), "admitted")).id();
            app.sae().sendReport(id);
        }
        try (AeCapture app = as("stat", Role.UNBLINDED_STATISTICIAN)) {
            Path csv = dir.resolve("randomization.csv");
            java.nio.file.Files.write(csv, List.of("subject_id,arm", "101-001,PLACEBO", "102-001,ALPN-101"));
            app.imports().importRandomization(csv);
            var blinded = app.sae().ciomsForm(id, false);
            assertEquals("ALPN-101 / placebo (blinded)", blinded.suspectDrug());
            assertEquals("USA", blinded.country(), "item 1a: the country of the subject's site, as the study lists it");
            var unblinded = app.sae().ciomsForm(id, true);
            assertTrue(unblinded.unblinded());
            assertEquals("PLACEBO (UNBLINDED for SUSAR reporting)", unblinded.suspectDrug());
        }
        try (AeCapture app = as("monitor", Role.SAFETY_REVIEWER)) {
            assertThrows(AccessRefused.class, () -> app.sae().ciomsForm(id, true), "a reviewer stays blinded");
            app.sae().assess(id, null, Expectedness.EXPECTED, "listed in the IB after all");
        }
        try (AeCapture app = as("stat", Role.UNBLINDED_STATISTICIAN)) {
            IllegalArgumentException notSusar = assertThrows(IllegalArgumentException.class, () -> app.sae().ciomsForm(id, true));
            assertTrue(notSusar.getMessage().contains("is not a SUSAR"), notSusar.getMessage());
        }
    }

    @Test
    void overdueReportsComeFirstThenThoseWithoutAnAwarenessTimeThenByDueTime() {
        try (AeCapture app = as("inv", Role.INVESTIGATOR, "101")) {
            long reported = app.adverseEvents().record(pneumonitis("101-001"), details(OffsetDateTime.parse("2021-09-02T07:00Z"), "n")).id();
            long imported = app.adverseEvents().record(pneumonitis("101-001")).id(); // as an import stores it: no SAE details
            assertEquals(List.of(imported, reported), app.sae().list(false).stream().map(r -> r.ae().id()).toList());
            assertEquals(SaeStatus.State.AWARENESS_MISSING, app.sae().list(false).get(0).status().state());
            clock.now = Instant.parse("2021-09-03T07:00:01Z");
            assertEquals(List.of(reported, imported), app.sae().list(false).stream().map(r -> r.ae().id()).toList());
        }
    }
}
