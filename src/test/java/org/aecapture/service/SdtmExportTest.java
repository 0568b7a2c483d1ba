package org.aecapture.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Role;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.domain.Subject;
import org.aecapture.sdtm.XptTestReader;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The SDTM export of a generated trial, read back from its files and compared with the database, on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
class SdtmExportTest {

    @Parameter
    TestStore store;

    @TempDir
    Path dir;
    private AeCapture app;
    private DemoTrial.Data demo;

    private static char[] pw(String user) {
        return (user + " password").toCharArray();
    }

    @BeforeEach
    void open() {
        DatabaseLocation db = store.newDatabase(dir, "sdtm");
        app = store.openOrInit(db, () -> "os-user");
        demo = app.loadDemo(30, 3, 11);
        app.accounts().createFirstAdministrator("admin", "Ada Admin", pw("admin"));
        app.accounts().create("admin", "inv", "Ian Investigator", Role.INVESTIGATOR, Set.of("101", "102", "103", "104", "105", "106"), pw("inv"));
        app.accounts().create("admin", "rev", "Rita Reviewer", Role.SAFETY_REVIEWER, Set.of(), pw("rev"));
        app.accounts().create("admin", "stat", "Stan Statistician", Role.UNBLINDED_STATISTICIAN, Set.of(), pw("stat"));
    }

    @AfterEach
    void close() {
        app.close();
    }

    private void as(String user) {
        app.signIn(user, pw(user));
    }

    /** Every value of a dataset by variable name, one map per row, from the .xpt and from the .json; both must agree. */
    private static List<Map<String, Object>> read(Path dir, String dataset) throws IOException {
        XptTestReader.Member xpt = XptTestReader.read(Files.readAllBytes(dir.resolve(dataset + ".xpt")));
        JsonNode json = new ObjectMapper().readTree(dir.resolve(dataset + ".json").toFile());
        assertEquals("1.1.0", json.get("datasetJSONVersion").asText());
        assertEquals(dataset.toUpperCase(Locale.ROOT), json.get("name").asText());
        assertEquals(xpt.rows().size(), json.get("records").asInt());
        List<String> names = new ArrayList<>();
        json.get("columns").forEach(c -> names.add(c.get("name").asText()));
        assertEquals(xpt.variables().stream().map(XptTestReader.Variable::name).toList(), names, dataset + ": same variables in order");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < xpt.rows().size(); r++) {
            Map<String, Object> row = new HashMap<>();
            JsonNode jsonRow = json.get("rows").get(r);
            for (int v = 0; v < names.size(); v++) {
                Object value = xpt.rows().get(r).get(v);
                JsonNode j = jsonRow.get(v);
                Object fromJson = j.isNull() ? null : j.isNumber() ? (Object) j.asDouble() : j.asText();
                assertEquals(value, fromJson, dataset + " row " + (r + 1) + " " + names.get(v) + ": .xpt and .json differ");
                row.put(names.get(v), value);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Double num(Integer i) {
        return i == null ? null : i.doubleValue();
    }

    private static String yn(boolean b) {
        return b ? "Y" : "N";
    }

    @Test
    void everyVariableOfTheUnblindedExportMatchesTheDatabase() throws Exception {
        as("stat");
        Path out = dir.resolve("sdtm");
        SdtmExport.Result result = app.sdtmExport("test").export(out, false, null);
        assertFalse(result.blinded());
        assertEquals(Set.of("dm.xpt", "dm.json", "ae.xpt", "ae.json", "suppae.xpt", "suppae.json", "define.csv"),
                Set.copyOf(Stream.of(out.toFile().list()).toList()), "the seven files and nothing half-written");

        Map<String, Map<String, Object>> dm = new HashMap<>();
        read(out, "dm").forEach(r -> dm.put((String) r.get("SUBJID"), r));
        assertEquals(demo.subjects().size(), dm.size());
        for (Subject s : app.subjects().all()) {
            Map<String, Object> r = dm.get(s.subjectNumber());
            assertEquals("AIS-A03-" + s.subjectNumber(), r.get("USUBJID"));
            assertEquals(s.site(), r.get("SITEID"));
            assertEquals(s.sex().code(), r.get("SEX"));
            assertEquals(s.birthDate().toIso(), r.get("BRTHDTC"));
            assertEquals(s.consentDate().toString(), r.get("RFICDTC"));
            assertEquals(s.firstDoseDate() == null ? null : s.firstDoseDate().toString(), r.get("RFSTDTC"));
            assertEquals(s.endOfStudyDate() == null ? null : s.endOfStudyDate().toString(), r.get("RFENDTC"));
            String arm = demo.armBySubject().get(s.subjectNumber());
            assertEquals(arm, r.get("ARMCD"), s.subjectNumber());
            assertEquals(s.isDosed() ? arm : null, r.get("ACTARMCD"));
        }
        assertTrue(dm.values().stream().anyMatch(r -> "ALPN-101".equals(r.get("ARMCD"))));
        assertTrue(dm.values().stream().anyMatch(r -> "PLACEBO".equals(r.get("ARMCD"))));

        List<Map<String, Object>> ae = read(out, "ae");
        List<AdverseEvent> stored = app.adverseEvents().all(false).stream().toList();
        assertEquals(stored.size(), ae.size());
        Map<String, Map<String, Object>> byId = new HashMap<>();
        ae.forEach(r -> byId.put((String) r.get("AESPID"), r));
        Map<String, Subject> subjects = new HashMap<>();
        app.subjects().all().forEach(s -> subjects.put(s.subjectNumber(), s));
        for (AdverseEvent a : stored) {
            Map<String, Object> r = byId.get(String.valueOf(a.id()));
            Subject s = subjects.get(a.subjectNumber());
            assertEquals("AIS-A03-" + a.subjectNumber(), r.get("USUBJID"));
            assertEquals(a.verbatimTerm(), r.get("AETERM"));
            assertEquals(a.ctcaeTerm(), r.get("AEDECOD"));
            assertEquals(Double.valueOf(a.meddraCode()), r.get("AELLTCD"));
            assertEquals(a.soc(), r.get("AESOC"));
            assertEquals(String.valueOf(a.grade()), r.get("AETOXGR"));
            assertEquals(yn(a.serious()), r.get("AESER"));
            assertEquals(a.serious() ? yn(a.seriousCriteria().contains(SeriousCriterion.HOSPITALIZATION)) : null, r.get("AESHOSP"));
            assertEquals(a.relationship().code(), r.get("AEREL"));
            assertEquals(a.actionTaken().code(), r.get("AEACN"));
            assertEquals(a.outcome().code(), r.get("AEOUT"));
            assertEquals(a.onsetDate() == null ? null : a.onsetDate().toIso(), r.get("AESTDTC"));
            assertEquals(a.endDate() == null || a.ongoing() ? null : a.endDate().toIso(), r.get("AEENDTC"));
            assertEquals(a.ongoing() ? "ONGOING" : null, r.get("AEENRTPT"));
            Integer day = a.onsetDate() == null || !a.onsetDate().isComplete() || !s.isDosed() ? null
                    : s.studyDayOf(a.onsetDate().earliest()).orElseThrow();
            assertEquals(num(day), r.get("AESTDY"));
            assertTrue(!Double.valueOf(0).equals(r.get("AESTDY")) && !Double.valueOf(0).equals(r.get("AEENDY")), "no day 0");
        }

        List<Map<String, Object>> supp = read(out, "suppae");
        Map<String, Map<String, Object>> aeByKey = new HashMap<>();
        ae.forEach(r -> aeByKey.put(r.get("USUBJID") + "/" + ((Double) r.get("AESEQ")).intValue(), r));
        long teae = 0;
        for (Map<String, Object> r : supp) {
            Map<String, Object> parent = aeByKey.get(r.get("USUBJID") + "/" + r.get("IDVARVAL"));
            assertTrue(parent != null, "every SUPPAE row points at an AE: " + r);
            if ("AETRTEM".equals(r.get("QNAM"))) {
                AdverseEvent a = stored.stream().filter(x -> String.valueOf(x.id()).equals(parent.get("AESPID"))).findFirst().orElseThrow();
                assertEquals(yn(app.adverseEvents().isTreatmentEmergent(a, subjects.get(a.subjectNumber()))), r.get("QVAL"));
                teae += "Y".equals(r.get("QVAL")) ? 1 : 0;
            }
        }
        assertEquals(stored.size(), supp.stream().filter(r -> "AETRTEM".equals(r.get("QNAM"))).count(), "a flag for every AE");
        assertTrue(teae > 0 && teae < stored.size(), "the demo has both treatment-emergent AEs and others");

        List<String> define = Files.readAllLines(out.resolve("define.csv"));
        assertEquals("dataset,dataset_label,records,order,variable,label,type,length,origin,key_sequence,dictionary", define.get(0));
        assertTrue(define.contains("AE,Adverse Events," + ae.size() + ",4,AESEQ,Sequence Number,Num,8,Derived,3,"), define.toString());
    }

    @Test
    void aSafetyReviewersExportHasNoArmInAnyFileAndASiteIsRefused() throws Exception {
        as("rev");
        Path out = dir.resolve("blinded");
        assertTrue(app.sdtmExport("test").export(out, false, null).blinded());
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
                assertFalse(content.contains("PLACEBO") || content.contains("ALPN-101"), f.getFileName() + " names an arm");
            }
        }
        List<Map<String, Object>> dm = read(out, "dm");
        assertTrue(dm.stream().allMatch(r -> r.get("ARMCD") == null && r.get("ARM") == null && r.get("ACTARM") == null));

        as("stat");
        Path forced = dir.resolve("forced");
        assertTrue(app.sdtmExport("test").export(forced, true, null).blinded(), "--blinded holds for the statistician too");
        assertTrue(read(forced, "dm").stream().allMatch(r -> r.get("ARMCD") == null));

        as("inv");
        Path refused = dir.resolve("refused");
        assertThrows(AccessRefused.class, () -> app.sdtmExport("test").export(refused, false, null));
        assertFalse(Files.exists(refused), "nothing written for a refused export");
    }

    @Test
    void aValueTheTransportFormatCannotHoldWritesNoFileAtAll() throws Exception {
        Path out = dir.resolve("partial");
        Files.createDirectories(out);
        Files.writeString(out.resolve("dm.xpt"), "an earlier export");
        as("inv");
        Subject s = app.subjects().all().stream().filter(x -> x.isDosed() && (x.endOfStudyDate() == null || x.endOfStudyDate().isAfter(x.firstDoseDate().plusDays(2))))
                .findFirst().orElseThrow();
        AdverseEvent some = app.adverseEvents().all(false).stream().findFirst().orElseThrow();
        app.adverseEvents().record(AdverseEvent.of(s.subjectNumber()).verbatimTerm("é".repeat(150))
                .term(some.meddraCode(), some.ctcaeTerm(), some.soc()).grade(1)
                .onsetDate(org.aecapture.domain.PartialDate.of(s.firstDoseDate().plusDays(1)))
                .endDate(org.aecapture.domain.PartialDate.of(s.firstDoseDate().plusDays(2)))
                .relationship(some.relationship()).actionTaken(some.actionTaken())
                .outcome(org.aecapture.domain.Outcome.RECOVERED).build());
        as("rev");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> app.sdtmExport("test").export(out, false, null));
        assertTrue(e.getMessage().contains("AETERM") && e.getMessage().contains("300 bytes"), e.getMessage());
        assertEquals(List.of("dm.xpt"), Stream.of(out.toFile().list()).toList(), "no file added, no temporary file left");
        assertEquals("an earlier export", Files.readString(out.resolve("dm.xpt")));
    }

    /** pandas' own XPT reader (Debian's python3-pandas), where the machine has it: the same rows and values. */
    @Test
    void pandasReadsTheSameRowsAndValues() throws Exception {
        Path python = Stream.of("/usr/bin/python3", "/usr/local/bin/python3").map(Path::of).filter(Files::isExecutable).findFirst()
                .orElse(null);
        assumeTrue(python != null && run(python.toString(), "-c", "import pandas").exitValue() == 0, "pandas is not installed here");
        as("stat");
        Path out = dir.resolve("pandas");
        app.sdtmExport("test").export(out, false, null);
        for (String dataset : List.of("dm", "ae", "suppae")) {
            Path csv = dir.resolve(dataset + ".pandas.json");
            Process p = run(python.toString(), "-c", "import pandas,sys; df = pandas.read_sas(sys.argv[1], format='xport', encoding='utf-8');"
                    + " df.to_json(sys.argv[2], orient='records')", out.resolve(dataset + ".xpt").toString(), csv.toString());
            assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            JsonNode pandas = new ObjectMapper().readTree(csv.toFile());
            List<Map<String, Object>> ours = read(out, dataset);
            assertEquals(ours.size(), pandas.size(), dataset);
            for (int r = 0; r < ours.size(); r++) {
                for (Map.Entry<String, Object> e : ours.get(r).entrySet()) {
                    JsonNode v = pandas.get(r).get(e.getKey());
                    Object theirs = v == null || v.isNull() ? null : v.isNumber() ? (Object) v.asDouble() : v.asText();
                    Object expected = e.getValue() == null && !(theirs instanceof Double) ? (theirs == null ? null : "") : e.getValue();
                    assertEquals(expected, theirs, dataset + " row " + (r + 1) + " " + e.getKey());
                }
            }
        }
    }

    private static Process run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return p;
    }
}
