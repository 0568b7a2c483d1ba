package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.ValidationException;
import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.sdtm.DefineListing;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.study.StudyDefinitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study whose protocol names CTCAE v6.0, end to end on a real study file; and this study, still v5.0 everywhere. */
class CtcaeV6StudyTest {

    @TempDir
    Path dir;

    static String v6Study() {
        String yaml = StudyDefinitions.bundledYaml();
        assertTrue(yaml.contains("ctcae: \"5.0\""));
        return yaml.replace("ctcae: \"5.0\"", "ctcae: \"6.0\"");
    }

    private AeCapture open(Path file, String yaml) {
        return AeCapture.openOrInit(new DatabaseLocation.SqliteFile(file), Credentials.NONE, () -> "site", StoreTestSupport.CLOCK, yaml);
    }

    @Test
    void aV6StudyCodesGradesSummarisesAndExportsInV6() throws Exception {
        Path file = dir.resolve("v6.db");
        try (AeCapture app = open(file, v6Study())) {
            assertEquals("6.0", app.study().ctcae());
            assertEquals("6.0", app.catalog().version());
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            // coding: v6.0's renamed term is suggested for the v5.0 words
            assertEquals("Thrombocytopenia", app.catalog().suggest("platelet count decreased", app.adverseEvents().codingHistory(), 1)
                    .get(0).term().term());
            AdverseEvent thrombocytopenia = app.adverseEvents().record(AdverseEvent.of("101-001").verbatimTerm("low platelets")
                    .meddraCode("10043554").grade(3).onsetDate(StoreTestSupport.headache("101-001").onsetDate())
                    .endDate(StoreTestSupport.headache("101-001").endDate()).relationship(StoreTestSupport.headache("101-001").relationship())
                    .actionTaken(StoreTestSupport.headache("101-001").actionTaken()).outcome(StoreTestSupport.headache("101-001").outcome())
                    .reportedAtVisit("W2").build());
            assertEquals("Thrombocytopenia", thrombocytopenia.ctcaeTerm());
            // v5.0's term is not a v6.0 term, and Lymphopenia is graded "Present" (grade 1) only
            ValidationException removed = assertThrows(ValidationException.class, () -> app.adverseEvents().record(
                    AdverseEvent.of("101-001").verbatimTerm("platelets").meddraCode("10035528").grade(2)
                            .onsetDate(StoreTestSupport.headache("101-001").onsetDate()).reportedAtVisit("W2").build()));
            assertTrue(removed.getMessage().contains("not a CTCAE v6.0 term"), removed.getMessage());
            ValidationException present = assertThrows(ValidationException.class, () -> app.adverseEvents().record(
                    AdverseEvent.of("101-001").verbatimTerm("lymphopenia").meddraCode("10025327").grade(2)
                            .onsetDate(StoreTestSupport.headache("101-001").onsetDate()).reportedAtVisit("W2").build()));
            assertTrue(present.getMessage().contains("grade 2 is not defined for Lymphopenia in CTCAE v6.0 (defined grades: 1)"),
                    present.getMessage());

            // the laboratory value is graded by v6.0's text: 0.9 x 10^9/L neutrophils is grade 2 there (v5.0: grade 3), so
            // grade 3 needs the investigator's reason and grade 2 does not
            AdverseEvent.Builder neutropenia = AdverseEvent.of("101-001").verbatimTerm("neutropenia").meddraCode("10029366")
                    .onsetDate(StoreTestSupport.headache("101-001").onsetDate()).endDate(StoreTestSupport.headache("101-001").endDate())
                    .relationship(StoreTestSupport.headache("101-001").relationship()).actionTaken(StoreTestSupport.headache("101-001").actionTaken())
                    .outcome(StoreTestSupport.headache("101-001").outcome()).reportedAtVisit("W2")
                    .lab(new org.aecapture.lab.LabMeasurement(new java.math.BigDecimal("0.9"), "10^9/L", null, null, null));
            ValidationException v5Grade = assertThrows(ValidationException.class, () -> app.adverseEvents().record(neutropenia.grade(3).build()));
            assertTrue(v5Grade.getMessage().contains("grade 2"), v5Grade.getMessage());
            assertEquals(2, app.adverseEvents().record(neutropenia.grade(2).build()).grade());

            // the review reads v6.0's grade text, and shows no v5.0-to-v6.0 map for a v6.0 AE
            org.aecapture.review.ReviewRow row = app.review().rows().stream().filter(r -> r.ae().id().equals(thrombocytopenia.id()))
                    .findFirst().orElseThrow();
            assertEquals("<50,000 - 10,000/mm3; <50.0 - 10.0 x 10^9/L; transfusion indicated",
                    app.review().gradeDescription(row.ae().meddraCode(), 3).orElseThrow());
            assertTrue(app.review().inCtcaeV6(row.ae()).isEmpty());
            // a serious AE's CIOMS I form names the version that graded it
            AdverseEvent sepsis = app.adverseEvents().record(AdverseEvent.of("101-001").verbatimTerm("sepsis").meddraCode("10040047")
                    .grade(4).serious(true).seriousCriteria(java.util.Set.of(org.aecapture.domain.SeriousCriterion.HOSPITALIZATION))
                    .onsetDate(StoreTestSupport.headache("101-001").onsetDate()).relationship(StoreTestSupport.headache("101-001").relationship())
                    .actionTaken(StoreTestSupport.headache("101-001").actionTaken()).outcome(org.aecapture.domain.Outcome.RECOVERING).ongoing(true)
                    .reportedAtVisit("W2").build());
            String reaction = app.sae().ciomsForm(sepsis.id(), false).reactionDescription();
            assertTrue(reaction.contains("Sepsis (MedDRA 10040047), CTCAE v6.0 grade 4: "), reaction);

            // the summary and SDTM name the version, and SDTM the MedDRA version of v6.0's codes
            assertTrue(app.summaryExport("t").compute(true, null).about().stream().anyMatch(l -> l.value().equals("CTCAE v6.0")));
            StringWriter define = new StringWriter();
            DefineListing.write(app.sdtmExport("t").compute(true, null).all(), define);
            assertTrue(define.toString().contains("AETOXGR,Standard Toxicity Grade,Char,1,CRF,,NCI CTCAE 6.0"), define.toString());
            assertTrue(define.toString().contains("AELLTCD,Lowest Level Term Code,Num,8,Assigned,,MedDRA 28.0"), define.toString());
        }
        // the file's own rule: once it has an AE its version stays
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate("UPDATE study SET ctcae_version = '5.0'"));
            assertTrue(e.getMessage().contains("grades by CTCAE v6.0 and has adverse events graded by it"), e.getMessage());
        }
        // and init with another study's definition is refused by name
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> open(file, v6Study().replace("studyId: NCT04835441", "studyId: NCT00000001")));
        assertTrue(other.getMessage().contains("holds study NCT04835441, not NCT00000001"), other.getMessage());
    }

    @Test
    void thisStudyStillGradesByV5EverywhereAndAnUnknownVersionIsRefusedBeforeAnythingIsMade() throws Exception {
        try (AeCapture app = open(dir.resolve("v5.db"), null)) {
            assertEquals("5.0", app.catalog().version());
            StringWriter define = new StringWriter();
            DefineListing.write(app.sdtmExport("t").compute(true, null).all(), define);
            assertTrue(define.toString().contains("NCI CTCAE 5.0") && define.toString().contains("MedDRA 20.1"), define.toString());
            assertTrue(app.summaryExport("t").compute(true, null).about().stream().anyMatch(l -> l.value().equals("CTCAE v5.0")));
        }
        Path never = dir.resolve("never.db");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> open(never, v6Study().replace("ctcae: \"6.0\"", "ctcae: \"4.03\"")));
        assertTrue(e.getMessage().contains("ctcae must name a CTCAE version this application bundles (5.0 or 6.0), not 4.03"), e.getMessage());
        assertTrue(!never.toFile().exists(), "nothing created");
        assertEquals(List.of("5.0", "6.0"), org.aecapture.ctcae.CtcaeCatalog.VERSIONS);
    }
}
