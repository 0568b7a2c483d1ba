package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aecapture.ctcae.CtcaeCatalog;
import org.aecapture.lab.LabCriteria;
import org.aecapture.lab.LabGrader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabGradeFileTest {

    @TempDir
    Path dir;

    private final LabGradeFile grading = new LabGradeFile(CtcaeCatalog.bundled(), new LabGrader(LabCriteria.bundled()));

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static List<CSVRecord> records(Path csv) throws IOException {
        try (Reader rd = Files.newBufferedReader(csv)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(rd).getRecords();
        }
    }

    @Test
    void writesEachRowBackWithItsGradeAndReason() throws IOException {
        Path in = file("in.csv", """
                ctcae_term,value,unit,lln,uln,baseline,visit
                Neutrophil count decreased,0.8,10^9/L,1.8,7.5,,Week 4
                neutrophil count decreased,1.6,x10e9/L,,,,Week 8
                10001551,130,U/L,7,40,30,Week 12
                Fatigue,1,U/L,,,,Week 12
                Hyponatremia,127,mmol/L,135,145,,Week 16
                """);
        Path out = dir.resolve("out.csv");
        LabGradeFile.Result r = grading.grade(in, out);
        assertEquals(5, r.rows());
        assertEquals(2, r.graded());
        List<CSVRecord> rows = records(out);
        assertEquals(List.of("ctcae_term", "value", "unit", "lln", "uln", "baseline", "visit", "grade", "reason"), rows.get(0).getParser().getHeaderNames());
        assertEquals("3", rows.get(0).get("grade"));
        assertEquals("grade 3: <1.0 - 0.5 x 10e9 /L", rows.get(0).get("reason"));
        assertEquals("Week 4", rows.get(0).get("visit"));
        assertEquals("x10e9/L", rows.get(1).get("unit"), "values are repeated as they were typed");
        assertEquals("", rows.get(1).get("grade"));
        assertTrue(rows.get(1).get("reason").contains("LLN needed"));
        assertEquals("2", rows.get(2).get("grade"), "a MedDRA code names the term too: 130 U/L is 3.25 x ULN");
        assertEquals("", rows.get(3).get("grade"));
        assertTrue(rows.get(3).get("reason").contains("does not grade this term by a laboratory value"));
        assertEquals("", rows.get(4).get("grade"));
        assertTrue(rows.get(4).get("reason").contains("grade 2 if asymptomatic"));
    }

    @Test
    void aBadRowIsNamedByRowAndColumnAndNothingIsWritten() throws IOException {
        Path in = file("in.csv", """
                ctcae_term,value,unit,lln,uln,baseline
                Neutrophil count decreased,0.8,10^9/L,1.8,7.5,
                Neutrofil count,0.8,10^9/L,,,
                Anemia,9,5,g/dL,,
                Anemia,9.5,g/dL,12,16,
                Platelet count decreased,"75,000",/mm3,,,
                Platelet count decreased,1.5e,/mm3,,,
                """);
        Path out = file("out.csv", "what was there before\n");
        ImportException e = assertThrows(ImportException.class, () -> grading.grade(in, out));
        assertEquals(4, e.totalProblems());
        String m = e.getMessage();
        assertTrue(m.startsWith("Nothing was written to " + out + " from " + in + ": 4 problems."), m);
        assertTrue(m.contains("row 2, column ctcae_term, value 'Neutrofil count': not a CTCAE v5.0 term or MedDRA code"), m);
        assertTrue(m.contains("row 3, column unit, value 'g/dL'") || m.contains("row 3, column lln, value 'g/dL'"), m);
        assertTrue(m.contains("row 5, column value, value '75,000'"), m);
        assertTrue(m.contains("row 6, column value, value '1.5e'"), m);
        assertEquals("what was there before\n", Files.readString(out), "the earlier file is untouched");
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
    }

    @Test
    void refusesAFileWithoutTheColumns() throws IOException {
        Path in = file("in.csv", "term,value\nAnemia,9\n");
        ImportException e = assertThrows(ImportException.class, () -> grading.grade(in, dir.resolve("out.csv")));
        assertTrue(e.getMessage().contains("the header lacks column(s) ctcae_term, unit, lln, uln, baseline"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.csv")));
    }

    @Test
    void rowsWithoutAValueOrAUnitAreWrittenBackUngradedSayingWhyAndENotationIsRead() throws IOException {
        Path in = file("gaps.csv", """
                ctcae_term,value,unit,lln,uln,baseline,visit
                Platelet count decreased,,10^9/L,150,400,,W2
                Platelet count decreased,40,,150,400,,W4
                Platelet count decreased,4e+01,10^9/L,1.5E+02,4.0e2,,W6
                Platelet count decreased,4.0E1,10^9/L,150,400,,W8
                """);
        Path out = dir.resolve("gaps-out.csv");
        LabGradeFile.Result r = grading.grade(in, out);
        assertEquals(4, r.rows());
        assertEquals(2, r.graded());
        List<CSVRecord> rows = records(out);
        assertEquals(List.of("", "no value", "W2"), List.of(rows.get(0).get("grade"), rows.get(0).get("reason"), rows.get(0).get("visit")));
        assertEquals(List.of("", "cannot grade: no unit; the term's units are 10^9/L, /mm3, 10^3/uL, /uL"),
                List.of(rows.get(1).get("grade"), rows.get(1).get("reason")));
        assertEquals("3", rows.get(2).get("grade"), "40 x 10^9/L written as 4e+01: grade 3 (<50 - 25)");
        assertEquals("3", rows.get(3).get("grade"));
        assertEquals("4e+01", rows.get(2).get("value"), "the value written back as it was");
    }

    @Test
    void theClinicalFactsInTheirOwnColumnsDecideTheGradesThatNeedThem() throws IOException {
        Path in = dir.resolve("facts.csv");
        try (var cases = getClass().getResourceAsStream("/lab/graded-cases-facts.csv")) {
            Files.copy(cases, in);
        }
        Path out = dir.resolve("facts-out.csv");
        grading.grade(in, out);
        List<String> wrong = new ArrayList<>();
        for (CSVRecord r : records(out)) {
            if (!r.get("grade").equals(r.get("expected_grade"))) {
                wrong.add(r.get("ctcae_term") + " " + r.get("value") + " " + r.get("unit") + ": expected [" + r.get("expected_grade") + "] got ["
                        + r.get("grade") + "] " + r.get("reason"));
            }
        }
        assertEquals(List.of(), wrong);
        Path bad = file("bad-fact.csv", "ctcae_term,value,unit,lln,uln,baseline,symptomatic\nHyponatremia,127,mmol/L,135,145,,maybe\n");
        ImportException e = assertThrows(ImportException.class, () -> grading.grade(bad, dir.resolve("bad-out.csv")));
        assertTrue(e.getMessage().contains("row 1, column symptomatic, value 'maybe': yes or no"), e.getMessage());
    }

    @Test
    void anEmptyLineIsNotARowAndTheRowsAfterItKeepTheirNumbers() throws IOException {
        Path in = file("blank.csv", "ctcae_term,value,unit,lln,uln,baseline\r\nAnemia,7.5,gm/dL,12,16,\r\n\r\nAnemia,x,g/dL,12,16,\r\n\r\n");
        ImportException e = assertThrows(ImportException.class, () -> grading.grade(in, dir.resolve("blank-out.csv")));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(3, e.problems().get(0).row(), e.getMessage());
        assertEquals("value", e.problems().get(0).column());
        Files.writeString(in, "ctcae_term,value,unit,lln,uln,baseline\r\nAnemia,7.5,gm/dL,12,16,\r\n\r\n");
        Path out = dir.resolve("blank-out.csv");
        assertEquals(1, grading.grade(in, out).rows());
        assertEquals("3", records(out).get(0).get("grade"), "7.5 gm/dL is grade 3 (<8.0 g/dL)");
    }
}
