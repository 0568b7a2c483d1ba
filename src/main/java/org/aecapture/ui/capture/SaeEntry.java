package org.aecapture.ui.capture;

import java.text.MessageFormat;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Texts;
import org.aecapture.sae.Autopsy;
import org.aecapture.sae.ChallengeResult;
import org.aecapture.sae.SaeDetails;
import org.aecapture.sae.SaeRules;
import org.aecapture.ui.DateEntry;

/**
 * What the site reports of a serious adverse event beyond the AE (CDASH / CIOMS wording), as typed. The awareness time
 * is typed in the site's time zone and kept with its offset from UTC. No control: the AE form's model owns it.
 */
final class SaeEntry {

    private static final DateTimeFormatter TYPED = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("[dd-MMM-yyyy HH:mm][yyyy-MM-dd HH:mm][yyyy-MM-dd'T'HH:mm]").toFormatter(Locale.ENGLISH);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm", Locale.ENGLISH);

    final StringProperty awareAt = new SimpleStringProperty("");
    final StringProperty admission = new SimpleStringProperty("");
    final StringProperty discharge = new SimpleStringProperty("");
    final StringProperty death = new SimpleStringProperty("");
    final StringProperty causeOfDeath = new SimpleStringProperty("");
    final ObjectProperty<Autopsy> autopsy = new SimpleObjectProperty<>();
    final StringProperty narrative = new SimpleStringProperty("");
    final StringProperty medicalHistory = new SimpleStringProperty("");
    final StringProperty concomitantMedications = new SimpleStringProperty("");
    final ObjectProperty<ChallengeResult> dechallenge = new SimpleObjectProperty<>();
    final ObjectProperty<ChallengeResult> rechallenge = new SimpleObjectProperty<>();
    /** "site time, UTC+02:00 (Europe/Berlin)": the offset the awareness time will be kept with. */
    private final ReadOnlyStringWrapper zoneText = new ReadOnlyStringWrapper("");
    private final ResourceBundle text;
    private final Clock clock;
    /** The site of the subject at hand: its SAE times are typed and shown in its time zone. */
    private ZoneId siteZone;

    SaeEntry(ResourceBundle text, Clock clock) {
        this.text = text;
        this.clock = clock;
        this.siteZone = clock.getZone();
        awareAt.addListener((o, was, is) -> showZone());
        showZone();
    }

    private void showZone() {
        OffsetDateTime at = awareTime();
        ZoneOffset offset = at != null ? at.getOffset() : siteZone.getRules().getOffset(clock.instant());
        zoneText.set(MessageFormat.format(text.getString("sae.awareAt.zone"), offset.getId().equals("Z") ? "+00:00" : offset.getId(),
                siteZone.getId()));
    }

    ReadOnlyStringProperty zoneTextProperty() {
        return zoneText.getReadOnlyProperty();
    }

    /** The awareness time as typed, in the site's zone; null when empty or unreadable. */
    private OffsetDateTime awareTime() {
        String s = awareAt.get().strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(s, TYPED).atZone(siteZone).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    List<FieldProblem> unreadable() {
        List<FieldProblem> bad = new ArrayList<>();
        if (!awareAt.get().isBlank() && awareTime() == null) {
            bad.add(new FieldProblem(SaeRules.AWARE_AT, MessageFormat.format(text.getString("sae.awareAt.invalid"), awareAt.get().strip())));
        }
        full(admission, SaeRules.ADMISSION_DATE, bad);
        full(discharge, SaeRules.DISCHARGE_DATE, bad);
        full(death, SaeRules.DEATH_DATE, bad);
        return bad;
    }

    private void full(StringProperty typed, String field, List<FieldProblem> bad) {
        DateEntry v = DateEntry.read(typed.get(), text);
        if (!v.isValid()) {
            bad.add(new FieldProblem(field, v.error()));
        } else if (v.date() != null && !v.date().isComplete()) {
            bad.add(new FieldProblem(field, text.getString("sae.date.full")));
        }
    }

    private LocalDate date(StringProperty typed) {
        DateEntry v = DateEntry.read(typed.get(), text);
        return v.isValid() && v.date() != null ? v.date().toLocalDate().orElse(null) : null;
    }

    /** The details as typed, keeping the stored ones' keys ({@code loaded} null: new). */
    SaeDetails details(SaeDetails loaded) {
        return new SaeDetails(loaded == null ? null : loaded.id(), loaded == null ? 0 : loaded.aeId(), loaded == null ? null : loaded.subjectNumber(),
                awareTime(), date(admission), date(discharge), date(death), Texts.blankToNull(causeOfDeath.get()), autopsy.get(),
                Texts.blankToNull(narrative.get()), Texts.blankToNull(medicalHistory.get()), Texts.blankToNull(concomitantMedications.get()),
                dechallenge.get(), rechallenge.get(), loaded == null ? 0 : loaded.version());
    }

    /** Shows stored details (null: none) for a subject of a site in {@code zone}. */
    void load(SaeDetails d, ZoneId zone) {
        siteZone = zone; // before the awareness time is shown: it is the site's
        awareAt.set(d == null || d.awareAt() == null ? "" : SHOWN.format(d.awareAt().atZoneSameInstant(siteZone)));
        admission.set(d == null || d.admissionDate() == null ? "" : DateEntry.text(PartialDate.of(d.admissionDate())));
        discharge.set(d == null || d.dischargeDate() == null ? "" : DateEntry.text(PartialDate.of(d.dischargeDate())));
        death.set(d == null || d.deathDate() == null ? "" : DateEntry.text(PartialDate.of(d.deathDate())));
        causeOfDeath.set(d == null || d.causeOfDeath() == null ? "" : d.causeOfDeath());
        autopsy.set(d == null ? null : d.autopsy());
        narrative.set(d == null || d.narrative() == null ? "" : d.narrative());
        medicalHistory.set(d == null || d.medicalHistory() == null ? "" : d.medicalHistory());
        concomitantMedications.set(d == null || d.concomitantMedications() == null ? "" : d.concomitantMedications());
        dechallenge.set(d == null ? null : d.dechallenge());
        rechallenge.set(d == null ? null : d.rechallenge());
        showZone();
    }

    /** The inputs, for the form's change listeners. */
    List<javafx.beans.Observable> observables() {
        return List.of(awareAt, admission, discharge, death, causeOfDeath, autopsy, narrative, medicalHistory, concomitantMedications,
                dechallenge, rechallenge);
    }

    /** The awareness time compared as an instant (it is shown in the site's zone): whether two sets of details say the same. */
    static boolean same(SaeDetails a, SaeDetails b) {
        if (a == null || b == null) {
            return a == b;
        }
        return atUtc(a).equals(atUtc(b));
    }

    private static SaeDetails atUtc(SaeDetails d) {
        return new SaeDetails(d.id(), d.aeId(), d.subjectNumber(), d.awareAt() == null ? null : d.awareAt().withOffsetSameInstant(ZoneOffset.UTC),
                d.admissionDate(), d.dischargeDate(), d.deathDate(), d.causeOfDeath(), d.autopsy(), d.narrative(), d.medicalHistory(),
                d.concomitantMedications(), d.dechallenge(), d.rechallenge(), d.version());
    }
}
