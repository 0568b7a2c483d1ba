package org.aecapture.sae;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.SeriousCriterion;

/**
 * A serious adverse event's reportable data as one text, field by field in a fixed order: what a report sends, what
 * its SHA-256 is taken of, and how a change since the last report is seen (the text differs). It never holds the
 * treatment arm.
 */
public final class SaeContent {

    private SaeContent() {
    }

    public static String of(AdverseEvent ae, SaeDetails d) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("subject", ae.subjectNumber());
        f.put("verbatim_term", ae.verbatimTerm());
        f.put("ctcae_term", ae.ctcaeTerm() + " (" + ae.meddraCode() + ")" + (ae.otherSpecify() == null ? "" : ": " + ae.otherSpecify()));
        f.put("grade", ae.grade());
        f.put("onset_date", ae.onset().map(PartialDate::toIso).orElse(null));
        f.put("end_date", ae.ongoing() ? "ongoing" : ae.end().map(PartialDate::toIso).orElse(null));
        f.put("serious_criteria", ae.seriousCriteria().stream().map(SeriousCriterion::code).sorted().collect(Collectors.joining(", ")));
        f.put("relationship", ae.relationship() == null ? null : ae.relationship().code());
        f.put("action_taken", ae.actionTaken() == null ? null : ae.actionTaken().code());
        f.put("outcome", ae.outcome() == null ? null : ae.outcome().code());
        if (ae.lab() != null) { // relevant laboratory data (CIOMS item 13): a new value makes a follow-up due
            f.put("lab_value", plain(ae.lab().value()) + " " + ae.lab().unit() + " (LLN " + plain(ae.lab().lln()) + ", ULN "
                    + plain(ae.lab().uln()) + ", baseline " + plain(ae.lab().baseline()) + ")");
        }
        if (d != null) {
            f.put("aware_at", d.awareAt());
            f.put("hospital_admission", d.admissionDate());
            f.put("hospital_discharge", d.dischargeDate());
            f.put("death_date", d.deathDate());
            f.put("cause_of_death", d.causeOfDeath());
            f.put("autopsy", d.autopsy());
            f.put("narrative", d.narrative());
            f.put("medical_history", d.medicalHistory());
            f.put("concomitant_medications", d.concomitantMedications());
            f.put("dechallenge", d.dechallenge());
            f.put("rechallenge", d.rechallenge());
        }
        StringBuilder sb = new StringBuilder();
        // one line per field: a line break typed in a narrative is written as \n, a backslash as \\
        f.forEach((k, v) -> sb.append(k).append(": ")
                .append(v == null ? "" : v.toString().replace("\\", "\\\\").replace("\r\n", "\n").replace("\n", "\\n")).append('\n'));
        return sb.toString();
    }

    private static String plain(java.math.BigDecimal d) {
        return d == null ? "not known" : d.toPlainString();
    }

    /** The SHA-256 of the content's UTF-8 bytes, in lower-case hex. */
    public static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
