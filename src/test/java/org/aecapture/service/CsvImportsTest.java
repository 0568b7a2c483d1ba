package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectStatus;
import org.aecapture.service.ImportException.RowProblem;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.store.TestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestStore.class)
class CsvImportsTest {

    @Parameter
    TestStore store;

    static final String SUBJECT_HEADER = "subject_id,site,sex,birth_date,consent_date,first_dose_date,eos_date";
    static final String AE_HEADER = "subject_id,verbatim_term,meddra_code,other_specify,grade,onset_date,end_date,ongoing,serious,"
            + "sdth,slife,shosp,sdisab,scong,smie,relationship,action_taken,outcome";

    @TempDir
    Path dir;
    private DatabaseLocation db;

    @BeforeEach
    void setUp() {
        db = store.newDatabase(dir, "import");
        store.openOrInit(db, () -> "importer").close();
    }

    private AeCapture open() {
        return store.open(db, () -> "importer");
    }

    private Path write(String name, List<String> lines) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, lines, StandardCharsets.UTF_8);
        return f;
    }

    private void importSubjects(int n) throws Exception {
        List<String> lines = new ArrayList<>(List.of(SUBJECT_HEADER));
        for (int i = 1; i <= n; i++) {
            lines.add(String.format("101-%03d,101,%s,1980-05-0%d,2021-06-01,2021-06-20,", i, i % 2 == 0 ? "M" : "F", 1 + i % 9));
        }
        try (AeCapture app = open()) {
            assertEquals(n, app.imports().importSubjects(write("subjects.csv", lines)).rows());
        }
    }

    static String aeRow(String subject, String verbatim, String code, int grade, String onset, String end) {
        return subject + "," + verbatim + "," + code + ",," + grade + "," + onset + "," + end + "," + (end.isEmpty() ? "Y" : "N")
                + ",N,N,N,N,N,N,N,POSSIBLE,DOSE NOT CHANGED," + (end.isEmpty() ? "NOT RECOVERED/NOT RESOLVED" : "RECOVERED/RESOLVED");
    }

    @Test
    void importsSubjectsWithDerivedStatusAndAudit() throws Exception {
        Path f = write("subjects.csv", List.of(SUBJECT_HEADER,
                "101-001,101,F,1980-03-04,2021-06-01,2021-06-20,",
                "101-002,101,M,1975,2021-06-02,,",
                "102-001,102,F,1990-01-01,2021-06-03,2021-06-21,2021-08-01",
                "102-002,102,M,1991-01-01,2021-06-03,2021-06-21,2022-01-03"));
        try (AeCapture app = open()) {
            assertEquals(4, app.imports().importSubjects(f).rows());
            List<Subject> all = app.subjects().all();
            assertEquals(List.of(SubjectStatus.ON_STUDY, SubjectStatus.SCREENING, SubjectStatus.DISCONTINUED, SubjectStatus.COMPLETED),
                    all.stream().map(Subject::status).toList());
            assertEquals("1975", all.get(1).birthDate().toIso());
            assertTrue(app.subjects().history(all.get(0).id()).stream()
                    .allMatch(h -> "imported from subjects.csv".equals(h.reason()) && h.user().equals("importer")));
        }
    }

    @Test
    void importsAesWithTheCatalogTerm() throws Exception {
        importSubjects(2);
        Path f = write("aes.csv", List.of(AE_HEADER,
                aeRow("101-001", "headache", "10019211", 2, "2021-07-01", "2021-07-03"),
                aeRow("101-002", "tiredness", "10016256", 1, "2021-07", ""),
                "101-002,tingling,10029205,scalp tingling,1,,,Y,N,,,,,,,UNLIKELY,DOSE NOT CHANGED,UNKNOWN"));
        try (AeCapture app = open()) {
            assertEquals(3, app.imports().importAdverseEvents(f).rows());
            List<AdverseEvent> aes = app.adverseEvents().all(false);
            assertEquals("Headache", aes.get(0).ctcaeTerm());
            assertEquals("Nervous system disorders", aes.get(0).soc());
            assertEquals("2021-07", aes.get(1).onsetDate().toIso());
            assertTrue(aes.get(1).ongoing());
            assertEquals(null, aes.get(2).onsetDate(), "a wholly unknown onset stays unknown");
            assertEquals("scalp tingling", aes.get(2).otherSpecify());
        }
    }

    @Test
    void aSpreadsheetsFileWithEmptyLinesAndCrfDatesIsImportedAndRowsKeepTheirNumbers() throws Exception {
        Path subjects = dir.resolve("subjects.csv");
        Files.writeString(subjects, "\uFEFF" + SUBJECT_HEADER + "\r\n101-001,101,F,04-MAR-1980,01-JUN-2021,20-jun-2021,\r\n\r\n"
                + "101-002,101,M,1975,2021-06-02,,\r\n\r\n", StandardCharsets.UTF_8);
        try (AeCapture app = open()) {
            assertEquals(2, app.imports().importSubjects(subjects).rows());
            Subject first = app.subjects().all().get(0);
            assertEquals("1980-03-04", first.birthDate().toIso());
            assertEquals(java.time.LocalDate.of(2021, 6, 20), first.firstDoseDate());
        }
        Path aes = write("aes.csv", List.of(AE_HEADER, aeRow("101-001", "headache", "10019211", 2, "UNK-JUL-2021", "03-JUL-2021"), "",
                aeRow("101-001", "nausea", "10028813", 1, "2021-07-01", "31-JUN-2021")));
        try (AeCapture app = open()) {
            ImportException e = assertThrows(ImportException.class, () -> app.imports().importAdverseEvents(aes));
            RowProblem p = e.problems().get(0);
            assertEquals(3, p.row(), "the row after the empty line is row 3, as a spreadsheet shows it: " + e.getMessage());
            assertEquals("end_date", p.column());
            assertEquals(0, app.adverseEvents().all(false).size(), "all or nothing");
        }
        Files.write(aes, List.of(AE_HEADER, aeRow("101-001", "headache", "10019211", 2, "UNK-JUL-2021", "03-JUL-2021"), ""));
        try (AeCapture app = open()) {
            assertEquals(1, app.imports().importAdverseEvents(aes).rows());
            AdverseEvent ae = app.adverseEvents().all(false).get(0);
            assertEquals("2021-07", ae.onsetDate().toIso(), "an unknown day stays unknown");
            assertEquals("2021-07-03", ae.endDate().toIso());
        }
        Path empty = write("empty.csv", List.of(AE_HEADER, "", ""));
        try (AeCapture app = open()) {
            ImportException e = assertThrows(ImportException.class, () -> app.imports().importAdverseEvents(empty));
            assertTrue(e.getMessage().contains("no rows"), e.getMessage());
        }
    }

    @Test
    void everyActionTakenOfTheCdiscCodelistIsImportedAndStoredAsItsCode() throws Exception {
        importSubjects(1);
        List<String> lines = new ArrayList<>(List.of(AE_HEADER));
        List<String> codes = List.of("DOSE NOT CHANGED", "DOSE REDUCED", "DOSE RATE REDUCED", "DOSE INCREASED", "DRUG INTERRUPTED",
                "DRUG WITHDRAWN", "NOT APPLICABLE", "UNKNOWN");
        for (String code : codes) {
            lines.add(aeRow("101-001", "infusion reaction", "10051792", 2, "2021-07-01", "2021-07-01").replace("DOSE NOT CHANGED", code));
        }
        try (AeCapture app = open()) {
            assertEquals(codes.size(), app.imports().importAdverseEvents(write("aes.csv", lines)).rows());
            assertEquals(codes, app.adverseEvents().all(false).stream().map(ae -> ae.actionTaken().code()).toList());
        }
        Path typo = write("typo.csv", List.of(AE_HEADER, aeRow("101-001", "rash", "10037868", 1, "2021-07-01", "2021-07-02")
                .replace("DOSE NOT CHANGED", "RATE SLOWED")));
        try (AeCapture app = open()) {
            ImportException e = assertThrows(ImportException.class, () -> app.imports().importAdverseEvents(typo));
            assertEquals("action_taken", e.problems().get(0).column(), e.getMessage());
        }
    }

    @Test
    void aBadValueInRow500Of1000LeavesTheDatabaseExactlyAsItWas() throws Exception {
        importSubjects(10);
        List<String> lines = new ArrayList<>(List.of(AE_HEADER));
        for (int i = 1; i <= 1000; i++) {
            int grade = i == 500 ? 7 : 1 + i % 3;
            lines.add(aeRow(String.format("101-%03d", 1 + i % 10), "nausea " + i, "10028813", grade, "2021-07-01", "2021-07-02"));
        }
        Path f = write("aes.csv", lines);
        List<String> before = StoreTestSupport.dump(db);
        try (AeCapture app = open()) {
            ImportException e = assertThrows(ImportException.class, () -> app.imports().importAdverseEvents(f));
            assertEquals(1, e.totalProblems());
            RowProblem p = e.problems().get(0);
            assertEquals(500, p.row());
            assertEquals("grade", p.column());
            assertEquals("7", p.value());
            assertTrue(p.rule().contains("CTCAE grades are 1 to 5"), p.rule());
            assertTrue(e.getMessage().startsWith("Nothing was imported from aes.csv: 1 problem."), e.getMessage());
            assertTrue(e.getMessage().contains("row 500, column grade, value '7': grade 7 does not exist"), e.getMessage());
        }
        assertEquals(before, StoreTestSupport.dump(db));
    }

    @Test
    void reportsEveryBadRowWithColumnValueAndRule() throws Exception {
        importSubjects(1);
        Path f = write("aes.csv", List.of(AE_HEADER,
                aeRow("101-001", "ok", "10019211", 2, "2021-07-01", "2021-07-03"),
                aeRow("109-999", "who", "10019211", 2, "2021-07-01", "2021-07-03"),
                aeRow("101-001", "tired", "10016256", 4, "2021-07-01", "2021-07-03"),
                aeRow("101-001", "bad date", "10019211", 2, "31-07-2021", "2021-07-03"),
                aeRow("101-001", "reversed", "10019211", 2, "2021-07-05", "2021-07-03").replace("POSSIBLE", "MAYBE")));
        try (AeCapture app = open()) {
            ImportException e = assertThrows(ImportException.class, () -> app.imports().importAdverseEvents(f));
            List<String> got = e.problems().stream().map(p -> p.row() + ":" + p.column()).toList();
            assertEquals(List.of("2:subject_id", "3:grade", "4:onset_date", "5:relationship"), got);
            assertTrue(e.problems().get(1).rule().contains("not defined for Fatigue"));
            assertTrue(e.problems().get(3).rule().contains("NOT RELATED|UNLIKELY|POSSIBLE|PROBABLE|DEFINITE"));
            assertTrue(app.adverseEvents().all(true).isEmpty());
        }
    }

    @Test
    void refusesAWrongHeaderNamingTheColumns() throws Exception {
        Path f = write("s.csv", List.of("subject_id,site,gender,birth_date,consent_date,first_dose_date,eos_date",
                "101-001,101,F,1980-01-01,2021-06-01,,"));
        try (AeCapture app = open()) {
            ImportException e = assertThrows(ImportException.class, () -> app.imports().importSubjects(f));
            assertTrue(e.getMessage().contains("missing column(s) [sex]"), e.getMessage());
            assertTrue(e.getMessage().contains("unknown column(s) [gender]"), e.getMessage());
        }
    }

    @Test
    void refusesDuplicateSubjectsInTheFileAndInTheDatabase() throws Exception {
        importSubjects(1);
        Path f = write("s.csv", List.of(SUBJECT_HEADER,
                "101-001,101,F,1980-01-01,2021-06-01,,",
                "101-002,101,F,1980-01-01,2021-06-01,,",
                "101-002,101,F,1980-01-01,2021-06-01,,",
                "101-003,101,F,2010-01-01,2021-06-01,,"));
        try (AeCapture app = open()) {
            ImportException e = assertThrows(ImportException.class, () -> app.imports().importSubjects(f));
            assertEquals(List.of("row 1, column subject_id, value '101-001': subject 101-001 already exists in the database",
                    "row 3, column subject_id, value '101-002': subject 101-002 appears twice in the file",
                    "row 4, column birth_date, value '2010-01-01': age at consent is 11; the study enrols ages 18 to 65"),
                    e.problems().stream().map(RowProblem::toString).toList());
            assertEquals(1, app.subjects().all().size());
        }
    }

    @Test
    void acceptsAByteOrderMarkAndRefusesNonUtf8() throws Exception {
        Path bom = dir.resolve("bom.csv");
        Files.write(bom, ("\uFEFF" + SUBJECT_HEADER + "\n101-001,101,F,1980-01-01,2021-06-01,,\n").getBytes(StandardCharsets.UTF_8));
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, (SUBJECT_HEADER + "\n101-002,Z\u00fcrich,F,1980-01-01,2021-06-01,,\n").getBytes(StandardCharsets.ISO_8859_1));
        try (AeCapture app = open()) {
            assertEquals(1, app.imports().importSubjects(bom).rows());
            ImportException e = assertThrows(ImportException.class, () -> app.imports().importSubjects(latin1));
            assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        }
    }
}
