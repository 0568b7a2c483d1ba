package org.aecapture.sdtm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XptWriterTest {

    private static final LocalDateTime CREATED = LocalDateTime.of(2026, 3, 5, 14, 7, 9);

    private static SdtmDataset sample(List<List<Object>> rows) {
        return new SdtmDataset("AE", "Adverse Events", List.of(
                SdtmVariable.text("STUDYID", "Study Identifier", "Assigned"),
                SdtmVariable.number("AESEQ", "Sequence Number", "Derived"),
                SdtmVariable.text("AETERM", "Reported Term for the Adverse Event", "CRF"),
                SdtmVariable.number("AESTDY", "Study Day of Start of Adverse Event", "Derived")),
                List.of("STUDYID", "AESEQ"), rows);
    }

    private static byte[] write(SdtmDataset d) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XptWriter.write(d, out, CREATED);
        return out.toByteArray();
    }

    private static String ascii(byte[] b, int from, int length) {
        return new String(b, from, length, StandardCharsets.US_ASCII);
    }

    @Test
    void numbersAreIbmDoublesAsTs140Gives() {
        HexFormat hex = HexFormat.of();
        assertEquals("4110000000000000", hex.formatHex(XptWriter.ibm(1)));
        assertEquals("c110000000000000", hex.formatHex(XptWriter.ibm(-1)));
        assertEquals("4264000000000000", hex.formatHex(XptWriter.ibm(100)));
        assertEquals("4080000000000000", hex.formatHex(XptWriter.ibm(0.5)));
        assertEquals("0000000000000000", hex.formatHex(XptWriter.ibm(0)));
        assertEquals("4198400000000000", hex.formatHex(XptWriter.ibm(9.515625))); // 0x9.84
        // an 8-digit MedDRA code and a negative study day survive exactly
        assertEquals("46989c8f00000000", hex.formatHex(XptWriter.ibm(10001551)));
        assertEquals("c213000000000000", hex.formatHex(XptWriter.ibm(-19)));
    }

    @Test
    void headerRecordsNamestrsAndObservationsLieWhereTs140PutsThem() throws Exception {
        byte[] b = write(sample(List.of(
                Arrays.asList("AIS-A03", 1, "headache", -3),
                Arrays.asList("AIS-A03", 2, null, null))));
        assertEquals(0, b.length % 80, "whole 80-byte records");
        assertEquals("HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!000000000000000000000000000000  ", ascii(b, 0, 80));
        assertEquals("SAS     SAS     SASLIB  9.4     X64_LIN                         05MAR26:14:07:09", ascii(b, 80, 80));
        assertEquals("05MAR26:14:07:09" + " ".repeat(64), ascii(b, 160, 80));
        assertEquals("HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!000000000000000001600000000140  ", ascii(b, 240, 80));
        assertEquals("HEADER RECORD*******DSCRPTR HEADER RECORD!!!!!!!000000000000000000000000000000  ", ascii(b, 320, 80));
        assertEquals("SAS     AE      SASDATA 9.4     X64_LIN                         05MAR26:14:07:09", ascii(b, 400, 80));
        assertEquals("05MAR26:14:07:09" + " ".repeat(16) + String.format("%-40s", "Adverse Events") + " ".repeat(8), ascii(b, 480, 80));
        assertEquals("HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!000000000400000000000000000000  ", ascii(b, 560, 80));

        // four NAMESTRs of 140 bytes from byte 640: 560 bytes, exactly 7 records, so no padding before OBS
        int third = 640 + 2 * 140;
        assertEquals(2, (b[third] << 8) | b[third + 1], "ntype 2 = character");
        assertEquals(8, (b[third + 4] << 8) | b[third + 5], "nlng = the longest value, 'headache'");
        assertEquals(3, (b[third + 6] << 8) | b[third + 7], "nvar0");
        assertEquals("AETERM  ", ascii(b, third + 8, 8));
        assertEquals(String.format("%-40s", "Reported Term for the Adverse Event"), ascii(b, third + 16, 40));
        assertEquals(7 + 8, ((b[third + 84] & 0xff) << 24) | ((b[third + 85] & 0xff) << 16) | ((b[third + 86] & 0xff) << 8)
                | (b[third + 87] & 0xff), "npos: after STUDYID (7) and AESEQ (8)");
        assertArrayEquals(new byte[52], Arrays.copyOfRange(b, third + 88, third + 140), "the rest of a NAMESTR is zero");
        int second = 640 + 140;
        assertEquals(1, (b[second] << 8) | b[second + 1], "ntype 1 = numeric");
        assertEquals(8, (b[second + 4] << 8) | b[second + 5]);

        int obs = 640 + 560;
        assertEquals("HEADER RECORD*******OBS     HEADER RECORD!!!!!!!000000000000000000000000000000  ", ascii(b, obs, 80));
        int row = obs + 80;
        int width = 7 + 8 + 8 + 8;
        assertEquals("AIS-A03", ascii(b, row, 7));
        assertEquals("4110000000000000", HexFormat.of().formatHex(b, row + 7, row + 15));
        assertEquals("headache", ascii(b, row + 15, 8));
        assertEquals("c130000000000000", HexFormat.of().formatHex(b, row + 23, row + 31));
        int second2 = row + width;
        assertEquals("        ", ascii(b, second2 + 15, 8), "a blank character value is all blanks");
        assertEquals("2e00000000000000", HexFormat.of().formatHex(b, second2 + 23, second2 + 31), "a missing number is '.'");
        int end = second2 + width;
        assertEquals(b.length, (end + 79) / 80 * 80);
        for (int i = end; i < b.length; i++) {
            assertEquals(' ', b[i], "padding after the last observation is blanks");
        }
    }

    @Test
    void everyValueComesBackThroughAnIndependentReader() throws Exception {
        Random random = new Random(42);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String term = random.nextInt(5) == 0 ? null : "term " + "x".repeat(random.nextInt(150)) + " é" + i;
            Integer day = random.nextInt(6) == 0 ? null : random.nextInt(400) - 200;
            rows.add(Arrays.asList("AIS-A03", i + 1, term, day));
        }
        SdtmDataset d = sample(rows);
        XptTestReader.Member m = XptTestReader.read(write(d));
        assertEquals("AE", m.name());
        assertEquals("Adverse Events", m.label());
        assertEquals(List.of("STUDYID", "AESEQ", "AETERM", "AESTDY"), m.variables().stream().map(XptTestReader.Variable::name).toList());
        assertEquals(rows.size(), m.rows().size());
        for (int r = 0; r < rows.size(); r++) {
            assertEquals(rows.get(r).get(0), m.value(r, "STUDYID"));
            assertEquals(((Integer) rows.get(r).get(1)).doubleValue(), m.value(r, "AESEQ"));
            assertEquals(rows.get(r).get(2), m.value(r, "AETERM"), "row " + r);
            Integer day = (Integer) rows.get(r).get(3);
            assertEquals(day == null ? null : day.doubleValue(), m.value(r, "AESTDY"), "row " + r);
        }
    }

    @Test
    void aValueOverTwoHundredBytesIsRefusedNamingItsRowAndVariableAndNothingIsWritten() {
        SdtmDataset d = sample(List.of(Arrays.asList("AIS-A03", 1, "ok", 1), Arrays.asList("AIS-A03", 2, "é".repeat(101), 2)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> XptWriter.write(d, out, CREATED));
        assertTrue(e.getMessage().contains("AE row 2, AETERM"), e.getMessage());
        assertEquals(0, out.size());
    }

    @Test
    void namesAndLabelsThatVersion5CannotHoldAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SdtmVariable.text("AETERMLONG", "x", "CRF"));
        assertThrows(IllegalArgumentException.class, () -> SdtmVariable.text("aeterm", "x", "CRF"));
        assertThrows(IllegalArgumentException.class, () -> SdtmVariable.text("AETERM", "x".repeat(41), "CRF"));
    }
}
