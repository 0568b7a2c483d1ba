package org.aecapture.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Writes a {@link CiomsForm} as the one-page CIOMS I form: its title, sections I to IV and numbered boxes in the
 * standard layout, on A4, with Apache PDFBox; whole or not at all (written aside, then moved into place). Text the
 * standard fonts cannot show is written in plain letters (≥ as >=, µ as u).
 */
public final class CiomsPdfWriter {

    private static final PDType1Font LABEL = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private static final PDType1Font VALUE = new PDType1Font(Standard14Fonts.FontName.COURIER);
    private static final float LEFT = 36;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * LEFT;

    private final PDPageContentStream out;
    private float y;

    private CiomsPdfWriter(PDPageContentStream out, float top) {
        this.out = out;
        this.y = top;
    }

    public static void write(CiomsForm form, Path file) throws IOException {
        AtomicFile.write(file, os -> write(form, os), form.unblinded());
    }

    public static void write(CiomsForm form, OutputStream os) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("CIOMS I - Suspect adverse reaction report - " + form.controlNumber());
            info.setCreator("AE Capture");
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                new CiomsPdfWriter(cs, PDRectangle.A4.getHeight() - 36).layout(form);
            }
            doc.save(os);
        }
    }

    private void layout(CiomsForm f) throws IOException {
        text(BOLD, 13, LEFT, y - 12, "CIOMS FORM");
        text(BOLD, 13, LEFT + WIDTH - 250, y - 12, "SUSPECT ADVERSE REACTION REPORT");
        if (f.unblinded()) {
            text(BOLD, 8, LEFT, y - 24, "UNBLINDED for SUSAR reporting: the suspect drug below is the subject's treatment arm.");
        }
        y -= 32;
        section("I. REACTION INFORMATION");
        float h = 34;
        float[] cols = {0, 0.18f, 0.28f, 0.43f, 0.50f, 0.58f, 0.80f, 1f};
        String[] labels = {"1. PATIENT INITIALS\n(first, last) or subject no.", "1a. COUNTRY", "2. DATE OF BIRTH\nDay Month Year", "2a. AGE\nYears",
            "3. SEX", "4-6. REACTION ONSET\nDay Month Year", ""};
        String[] values = {f.patient(), f.country(), f.dateOfBirth(), f.age(), f.sex(), f.reactionOnset(), ""};
        for (int i = 0; i < 6; i++) {
            box(cols[i], cols[i + 1], h, labels[i], values[i]);
        }
        // 8-12: the seriousness boxes, right of the first row and down beside the description
        float sx = LEFT + WIDTH * 0.80f;
        float top = y;
        float descriptionHeight = 190;
        rect(sx, top - h - descriptionHeight, WIDTH * 0.20f, h + descriptionHeight);
        label(sx + 3, top - 9, "8-12. CHECK ALL");
        label(sx + 3, top - 17, "APPROPRIATE TO ADVERSE");
        label(sx + 3, top - 25, "REACTION");
        float cy = top - 46;
        cy = check(sx + 4, cy, f.seriousness().contains(CiomsForm.Seriousness.PATIENT_DIED), "PATIENT DIED");
        cy = check(sx + 4, cy, f.seriousness().contains(CiomsForm.Seriousness.HOSPITALISATION), "INVOLVED OR PROLONGED", "INPATIENT HOSPITALISATION");
        cy = check(sx + 4, cy, f.seriousness().contains(CiomsForm.Seriousness.DISABILITY), "INVOLVED PERSISTENCE OR", "SIGNIFICANT DISABILITY OR",
                "INCAPACITY");
        cy = check(sx + 4, cy, f.seriousness().contains(CiomsForm.Seriousness.LIFE_THREATENING), "LIFE THREATENING");
        if (f.seriousness().contains(CiomsForm.Seriousness.CONGENITAL_ANOMALY)) {
            cy = check(sx + 4, cy, true, "CONGENITAL ANOMALY");
        }
        if (f.seriousness().contains(CiomsForm.Seriousness.MEDICALLY_IMPORTANT)) {
            check(sx + 4, cy, true, "OTHER MEDICALLY", "IMPORTANT CONDITION");
        }
        y -= h;
        box(0, 0.80f, descriptionHeight, "7 + 13. DESCRIBE REACTION(S) (including relevant tests/lab data)", f.reactionDescription());
        y -= descriptionHeight + 6;

        section("II. SUSPECT DRUG(S) INFORMATION");
        box(0, 1f, 26, "14. SUSPECT DRUG(S) (include generic name)", f.suspectDrug());
        y -= 26;
        float row = 26;
        box(0, 0.5f, row, "15. DAILY DOSE(S)", f.dailyDose());
        box(0.5f, 1f, row, "16. ROUTE(S) OF ADMINISTRATION", f.route());
        y -= row;
        float answers = y;
        box(0, 0.62f, row, "17. INDICATION(S) FOR USE", f.indication());
        y -= row;
        box(0, 0.62f, row, "18. THERAPY DATES (from/to)", f.therapyDates());
        y -= row;
        box(0, 0.62f, row, "19. THERAPY DURATION", f.therapyDuration());
        y -= row;
        float ax = LEFT + WIDTH * 0.62f;
        rect(ax, answers - 3 * row, WIDTH * 0.38f, 3 * row);
        label(ax + 3, answers - 9, "20. DID REACTION ABATE AFTER STOPPING DRUG?");
        answers(ax + 6, answers - 24, f.dechallenge());
        label(ax + 3, answers - 9 - 1.5f * row, "21. DID REACTION REAPPEAR AFTER REINTRODUCTION?");
        answers(ax + 6, answers - 24 - 1.5f * row, f.rechallenge());
        y -= 6;

        section("III. CONCOMITANT DRUG(S) AND HISTORY");
        box(0, 1f, 54, "22. CONCOMITANT DRUG(S) AND DATES OF ADMINISTRATION (exclude those used to treat reaction)", f.concomitantDrugs());
        y -= 54;
        box(0, 1f, 54, "23. OTHER RELEVANT HISTORY (e.g. diagnostics, allergies, pregnancy with last month of period, etc.)",
                f.relevantHistory());
        y -= 54 + 6;

        section("IV. MANUFACTURER INFORMATION");
        box(0, 0.5f, 44, "24a. NAME AND ADDRESS OF MANUFACTURER", f.manufacturer());
        box(0.5f, 1f, 44, "24b. MFR CONTROL NO.", f.controlNumber());
        y -= 44;
        box(0, 0.25f, 30, "24c. DATE RECEIVED BY MANUFACTURER", f.dateReceived());
        float sourceLeft = LEFT + WIDTH * 0.25f;
        rect(sourceLeft, y - 30, WIDTH * 0.45f, 30);
        label(sourceLeft + 3, y - 9, "24d. REPORT SOURCE");
        float bx = sourceLeft + 6;
        for (String s : List.of("STUDY", "LITERATURE", "HEALTH PROFESSIONAL")) {
            bx = inlineCheck(bx, y - 24, f.reportSource().equalsIgnoreCase(s), s);
        }
        box(0.70f, 1f, 30, "DATE OF THIS REPORT", f.dateOfThisReport());
        y -= 30;
        float typeLeft = LEFT;
        rect(typeLeft, y - 30, WIDTH * 0.5f, 30);
        label(typeLeft + 3, y - 9, "25a. REPORT TYPE");
        boolean initial = f.reportType().startsWith("INITIAL");
        float tx = inlineCheck(typeLeft + 6, y - 24, initial, "INITIAL");
        inlineCheck(tx, y - 24, !initial, initial ? "FOLLOWUP" : f.reportType());
        y -= 38;
        text(LABEL, 6, LEFT, y, "Produced by AE Capture from the study database. Blinded reports never name the treatment arm.");
    }

    private void section(String title) throws IOException {
        out.setNonStrokingColor(0.85f);
        out.addRect(LEFT, y - 12, WIDTH, 12);
        out.fill();
        out.setNonStrokingColor(0f);
        text(BOLD, 8, LEFT + 3, y - 9, title);
        y -= 12;
    }

    /** A numbered box from fraction {@code from} to {@code to} of the width, {@code height} down from the current line. */
    private void box(float from, float to, float height, String label, String value) throws IOException {
        float x = LEFT + WIDTH * from;
        float w = WIDTH * (to - from);
        rect(x, y - height, w, height);
        String[] labelLines = label.split("\n");
        for (int i = 0; i < labelLines.length; i++) {
            label(x + 3, y - 8 - 7 * i, labelLines[i]);
        }
        float lineY = y - 19 - 7 * (labelLines.length - 1);
        for (String line : wrap(value == null ? "" : value, w - 8, 8.5f)) {
            if (lineY < y - height + 3) {
                break;
            }
            text(VALUE, 8.5f, x + 4, lineY, line);
            lineY -= 9.5f;
        }
    }

    private void rect(float x, float yBottom, float w, float h) throws IOException {
        out.setLineWidth(0.6f);
        out.addRect(x, yBottom, w, h);
        out.stroke();
    }

    private void label(float x, float yy, String s) throws IOException {
        text(LABEL, 6, x, yy, s);
    }

    private float check(float x, float yy, boolean checked, String... lines) throws IOException {
        tick(x, yy, checked);
        float ly = yy;
        for (String line : lines) {
            text(LABEL, 6, x + 12, ly + 1, line);
            ly -= 8;
        }
        return ly - 6;
    }

    private float inlineCheck(float x, float yy, boolean checked, String s) throws IOException {
        tick(x, yy, checked);
        text(LABEL, 7, x + 12, yy + 1, s);
        return x + 20 + LABEL.getStringWidth(plain(s)) / 1000 * 7;
    }

    private void answers(float x, float yy, CiomsForm.Answer a) throws IOException {
        float nx = inlineCheck(x, yy, a == CiomsForm.Answer.YES, "YES");
        nx = inlineCheck(nx, yy, a == CiomsForm.Answer.NO, "NO");
        inlineCheck(nx, yy, a == CiomsForm.Answer.NOT_APPLICABLE, "NA");
    }

    private void tick(float x, float yy, boolean checked) throws IOException {
        rect(x, yy - 1, 8, 8);
        if (checked) {
            text(BOLD, 8, x + 1.3f, yy + 0.3f, "X");
        }
    }

    private void text(PDType1Font font, float size, float x, float yy, String s) throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, yy);
        out.showText(plain(s));
        out.endText();
    }

    /** Lines of at most {@code width} points; a line break in the text starts a new line. */
    private static List<String> wrap(String text, float width, float size) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : plain(text).split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (VALUE.getStringWidth(candidate) / 1000 * size > width && line.length() > 0) {
                    lines.add(line.toString());
                    line = new StringBuilder(word);
                } else {
                    line = new StringBuilder(candidate);
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** What the standard fonts (WinAnsi) can show: ≥ as >=, ≤ as <=, µ as u, other characters outside it as ?. */
    static String plain(String s) {
        String t = s.replace("\u2265", ">=").replace("\u2264", "<=").replace("\u00b5", "u").replace("\u03bc", "u")
                .replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", "\"").replace("\u201d", "\"").replace("\u2013", "-")
                .replace("\u2014", "-").replace("\u00d7", "x").replace("\u2026", "...").replace("\t", " ").replace("\r", "");
        StringBuilder sb = new StringBuilder(t.length());
        for (char c : t.toCharArray()) {
            sb.append(c == '\n' || (c >= 32 && c < 127) || (c >= 160 && c <= 255) ? c : '?');
        }
        return sb.toString();
    }
}
