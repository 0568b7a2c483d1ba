package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aecapture.ctcae.ClinicalText;
import org.aecapture.ctcae.CodingHistory;
import org.aecapture.ctcae.TermSuggestion;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Role;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.store.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The study's own coding history, read from the database, and how each AE's term was chosen, stored and audited. */
@ParameterizedClass
@EnumSource(TestStore.class)
class CodingHistoryTest {

    private static final String DIARRHEA = "10012727";
    private static final String ABDOMINAL_PAIN = "10000081";

    @Parameter
    TestStore store;

    @TempDir
    Path dir;
    private AeCapture app;

    @BeforeEach
    void open() {
        DatabaseLocation db = store.newDatabase(dir, "coding");
        app = store.openOrInit(db, () -> "os-user");
        app.subjects().enrol(StoreTestSupport.subject("101-001"));
        app.subjects().enrol(StoreTestSupport.subject("101-002"));
        app.subjects().enrol(StoreTestSupport.subject("102-001"));
        app.accounts().createFirstAdministrator("admin", "Ada Admin", "admin password".toCharArray());
        app.accounts().create("admin", "all", "All Sites", Role.INVESTIGATOR, Set.of("101", "102"), "all password".toCharArray());
        app.accounts().create("admin", "inv", "Ian Investigator", Role.INVESTIGATOR, Set.of("101"), "inv password".toCharArray());
        app.signIn("all", "all password".toCharArray());
    }

    @AfterEach
    void close() {
        app.close();
    }

    private AdverseEvent record(String subject, String verbatim, String code, String coding) {
        AdverseEvent h = StoreTestSupport.headache(subject);
        return app.adverseEvents().record(AdverseEvent.of(subject).verbatimTerm(verbatim).meddraCode(code).grade(2)
                .onsetDate(h.onsetDate()).endDate(h.endDate()).relationship(h.relationship()).actionTaken(h.actionTaken())
                .outcome(h.outcome()).reportedAtVisit("W2").termCoding(coding).build());
    }

    @Test
    void theSameVerbatimSuggestsWhatTheStudyCodedItToBeforeCountedAndOnlyFromTheSitesOneReads() {
        record("101-001", "Runny tummy", DIARRHEA, null);
        record("101-002", "runny  tummy.", DIARRHEA, null);
        record("102-001", "RUNNY TUMMY", ABDOMINAL_PAIN, null);
        AdverseEvent deleted = record("101-001", "runny tummy", ABDOMINAL_PAIN, null);
        app.adverseEvents().delete(deleted, "entered twice");

        CodingHistory all = app.adverseEvents().codingHistory();
        assertEquals(Map.of(DIARRHEA, 2, ABDOMINAL_PAIN, 1), all.codedAs(ClinicalText.key("Runny Tummy")), "the deleted AE does not count");
        List<TermSuggestion> s = app.catalog().suggest("Runny tummy", all, 5);
        assertEquals("Diarrhea", s.get(0).term().term());
        assertEquals(TermSuggestion.Source.HISTORY, s.get(0).source());
        assertEquals("coded 2 times in this study", s.get(0).reason());
        assertEquals("Abdominal pain", s.get(1).term().term());
        assertEquals("coded once in this study", s.get(1).reason());

        app.signIn("inv", "inv password".toCharArray());
        assertEquals(Map.of(DIARRHEA, 2), app.adverseEvents().codingHistory().codedAs(ClinicalText.key("runny tummy")),
                "site 102's coding is not read by site 101's investigator");
    }

    @Test
    void howTheTermWasChosenIsStoredWithTheAeAndItsChangeAudited() {
        AdverseEvent ae = record("101-001", "URTI", "10046300", "LEXICON: abbreviation: URTI");
        assertEquals("LEXICON: abbreviation: URTI", app.adverseEvents().byId(ae.id()).orElseThrow().termCoding());
        AdverseEvent recoded = app.adverseEvents().correct(AdverseEvent.of(ae.subjectNumber()).id(ae.id())
                .verbatimTerm(ae.verbatimTerm()).meddraCode("10021881").otherSpecify("viral URTI").grade(ae.grade())
                .onsetDate(ae.onsetDate()).endDate(ae.endDate()).relationship(ae.relationship())
                .actionTaken(ae.actionTaken()).outcome(ae.outcome()).reportedAtVisit("W2").version(ae.version())
                .termCoding("CLOSEST: Other, specify of the SOC").build(), "monitor query 12");
        assertEquals("CLOSEST: Other, specify of the SOC", app.adverseEvents().byId(recoded.id()).orElseThrow().termCoding());
        assertTrue(app.adverseEvents().history(ae.id()).stream().anyMatch(e -> e.field().equals("term_coding")
                && "LEXICON: abbreviation: URTI".equals(e.oldValue()) && e.reason().equals("monitor query 12")));
    }
}
