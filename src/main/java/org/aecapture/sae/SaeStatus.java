package org.aecapture.sae;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.study.StudyDefinition;

/**
 * Where a serious adverse event stands in its reporting duties, and when each is due.
 * <ul>
 * <li>Site to sponsor: the initial report {@code initialReportHours} (24) after the site became aware; after it, each
 * change of the SAE's data makes a follow-up due {@code followUpReportHours} after the change, numbered 1, 2, ….
 * Hours are elapsed hours: across a daylight-saving change the wall clock of the due time moves by the hour.</li>
 * <li>Sponsor to regulators, for a SUSAR (serious, related by the investigator or the sponsor, unexpected): day 0 is the
 * day the sponsor received the initial report (at the site's offset); the report is due by the end of calendar day 7
 * when the event was fatal or life-threatening, else day 15.</li>
 * </ul>
 *
 * @param state the most urgent duty still open, or where the SAE rests when none is
 * @param due when that duty is due; null when none is open or the awareness time is not recorded
 * @param followUpNumber the number of the follow-up that is due (or of the last one sent)
 * @param susar whether the event is a SUSAR as the data stand
 * @param susarDueDate the calendar day by which the SUSAR report is due; null until day 0
 * @param duties every duty, open or done, in order of due time
 */
public record SaeStatus(State state, Instant due, int followUpNumber, boolean susar, LocalDate susarDueDate, List<Duty> duties) {

    public enum State {
        /** Serious, but the time the site became aware is not recorded: no clock can run. */
        AWARENESS_MISSING,
        INITIAL_DUE,
        FOLLOW_UP_DUE,
        SUSAR_DUE,
        /** The report that is due was made in an offline site's file: it counts as sent once a sync carries it to the sponsor. */
        AWAITING_SYNC,
        /** Every report sent as the data stand. */
        SENT,
        SUSAR_SUBMITTED
    }

    /**
     * One duty: its kind, its number (follow-ups), when it is due, when it was done (null: open) and, for a report, when it
     * was made (a report made offline is done only when it is delivered).
     */
    public record Duty(State kind, int number, Instant due, Instant done, Instant made) {
        public Duty(State kind, int number, Instant due, Instant done) {
            this(kind, number, due, done, done);
        }

        public boolean open() {
            return done == null;
        }
    }

    /** Whether the open duty is past its due time. */
    public boolean overdue(Instant now) {
        return due != null && now.isAfter(due);
    }

    /** The time left to the due time (negative when overdue); null when nothing is due. */
    public Duration timeLeft(Instant now) {
        return due == null ? null : Duration.between(now, due);
    }

    /** Whether a report from the site is what is due (initial or follow-up). */
    public boolean siteReportDue() {
        return state == State.INITIAL_DUE || state == State.FOLLOW_UP_DUE || state == State.AWARENESS_MISSING
                || state == State.AWAITING_SYNC;
    }

    /**
     * The SUSAR rule: serious, related in the investigator's or the sponsor's opinion, and unexpected (by the sponsor's
     * assessment when recorded, else by the reference safety information).
     */
    public static boolean isSusar(AdverseEvent ae, SponsorAssessment sponsor, StudyDefinition.Safety safety) {
        boolean related = ae.isRelated() || (sponsor != null && sponsor.causality() != null && sponsor.causality().isRelated());
        return ae.serious() && related && isUnexpected(ae, sponsor, safety);
    }

    /** Unexpected by the sponsor's assessment when one is recorded, else by the reference safety information. */
    public static boolean isUnexpected(AdverseEvent ae, SponsorAssessment sponsor, StudyDefinition.Safety safety) {
        return sponsorAssessedExpectedness(sponsor) ? sponsor.expectedness() == Expectedness.UNEXPECTED : !safety.isExpected(ae.meddraCode());
    }

    /** Whether the sponsor's assessment, rather than the reference safety information, says whether the event is expected. */
    public static boolean sponsorAssessedExpectedness(SponsorAssessment sponsor) {
        return sponsor != null && sponsor.expectedness() != null;
    }

    /** Fatal or life-threatening: the 7-day SUSAR clock. */
    public static boolean fatalOrLifeThreatening(AdverseEvent ae) {
        return ae.outcome() == Outcome.FATAL || ae.seriousCriteria().contains(SeriousCriterion.RESULTS_IN_DEATH)
                || ae.seriousCriteria().contains(SeriousCriterion.LIFE_THREATENING);
    }

    /**
     * @param reports the reports sent, oldest first
     * @param currentSha256 the SHA-256 of the SAE's content as it stands
     * @param lastChange when the SAE's data last changed (the AE or its SAE details)
     */
    public static SaeStatus of(AdverseEvent ae, SaeDetails details, SponsorAssessment sponsor, List<SaeReport> reports, String currentSha256,
                               Instant lastChange, StudyDefinition.Safety safety) {
        boolean susar = isSusar(ae, sponsor, safety);
        if (details == null || details.awareAt() == null) {
            return new SaeStatus(State.AWARENESS_MISSING, null, 0, susar, null, List.of());
        }
        List<Duty> duties = new ArrayList<>();
        Instant initialDue = details.awareAt().toInstant().plus(Duration.ofHours(safety.initialReportHours()));
        SaeReport initial = reports.stream().filter(r -> r.type() == SaeReport.Type.INITIAL).findFirst().orElse(null);
        // a report is done when it reaches the sponsor: at once, or, made offline, when a sync delivers it
        duties.add(new Duty(State.INITIAL_DUE, 0, initialDue, initial == null ? null : initial.deliveredAt(),
                initial == null ? null : initial.sentAt()));
        int followUps = 0;
        for (SaeReport r : reports) {
            if (r.type() == SaeReport.Type.FOLLOW_UP) {
                followUps = Math.max(followUps, r.followUpNumber());
                // one waiting for a sync is due as a follow-up is: its hours from when it was made (its data changed then)
                duties.add(new Duty(State.FOLLOW_UP_DUE, r.followUpNumber(),
                        r.delivered() ? null : r.sentAt().plus(Duration.ofHours(safety.followUpReportHours())), r.deliveredAt(), r.sentAt()));
            }
        }
        int number = followUps;
        if (initial != null && !SaeReport.isCurrent(reports, currentSha256)) {
            number = SaeReport.nextNumber(reports);
            Instant changed = lastChange == null ? reports.get(reports.size() - 1).sentAt() : lastChange;
            duties.add(new Duty(State.FOLLOW_UP_DUE, number, changed.plus(Duration.ofHours(safety.followUpReportHours())), null));
        }
        LocalDate susarDueDate = null;
        if (susar && initial != null && initial.delivered()) {
            ZoneOffset offset = details.awareAt().getOffset();
            LocalDate day0 = initial.deliveredAt().atOffset(offset).toLocalDate(); // the day the sponsor received it
            susarDueDate = day0.plusDays(fatalOrLifeThreatening(ae) ? safety.susarFatalOrLifeThreateningDays() : safety.susarOtherDays());
            Instant endOfDueDay = susarDueDate.plusDays(1).atStartOfDay().toInstant(offset);
            Instant submitted = sponsor == null || sponsor.susarSubmittedOn() == null ? null
                    : sponsor.susarSubmittedOn().atStartOfDay().toInstant(offset);
            duties.add(new Duty(State.SUSAR_DUE, 0, endOfDueDay, submitted));
        }
        duties.sort(Comparator.comparing(Duty::due, Comparator.nullsFirst(Comparator.naturalOrder())));
        Duty open = duties.stream().filter(Duty::open).min(Comparator.comparing(Duty::due)).orElse(null);
        State state = open != null ? (open.made() != null ? State.AWAITING_SYNC : open.kind())
                : duties.stream().anyMatch(d -> d.kind() == State.SUSAR_DUE) ? State.SUSAR_SUBMITTED : State.SENT;
        return new SaeStatus(state, open == null ? null : open.due(), number, susar, susarDueDate, List.copyOf(duties));
    }
}
