package org.aecapture.checks;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.AdverseEventRules;
import org.aecapture.domain.AeFields;
import org.aecapture.domain.DataQuery;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Subject;
import org.aecapture.lab.LabGrade;
import org.aecapture.sae.SaeDetails;
import org.aecapture.sae.SaeRules;
import org.aecapture.study.StudyDefinition;

/**
 * The study's edit checks (declared in its definition: built-in checks by name, with parameters) run over one subject's
 * records: each finding opens a query raised by the system. Plain computation over what is stored; a subject at a time,
 * so that a save checks only its own subject and the whole study is the same run for every subject.
 */
public final class EditChecks {

    private static final String DUPLICATE_TERM = "duplicate-term";

    /** The built-in checks, by the name a study definition gives in {@code check}. */
    public static final Set<String> BUILT_IN = Set.of("grade-not-serious", "fatal-outcome-grade", "onset-before-consent", DUPLICATE_TERM,
            "ongoing-at-end-of-study", "sae-awareness-missing", "lab-grade-differs");

    private final List<StudyDefinition.EditCheck> checks;
    private final AdverseEventRules rules;

    public EditChecks(List<StudyDefinition.EditCheck> checks, AdverseEventRules rules) {
        for (StudyDefinition.EditCheck c : checks) {
            if (!BUILT_IN.contains(c.check())) {
                throw new IllegalArgumentException("study definition: edit check " + c.id() + ": there is no built-in check " + c.check()
                        + " (there are " + String.join(", ", new java.util.TreeSet<>(BUILT_IN)) + ")");
            }
        }
        this.checks = List.copyOf(checks);
        this.rules = rules;
    }

    public boolean isEmpty() {
        return checks.isEmpty();
    }

    /**
     * What every check finds in a subject's records: its AEs (deleted ones are not checked) and their SAE details by AE id.
     */
    public List<Finding> run(Subject subject, List<AdverseEvent> aes, Map<Long, SaeDetails> saeDetails) {
        List<Finding> found = new ArrayList<>();
        List<AdverseEvent> live = aes.stream().filter(ae -> !ae.deleted()).sorted(Comparator.comparing(AdverseEvent::id)).toList();
        for (StudyDefinition.EditCheck c : checks) {
            check(c, subject, live, saeDetails, found);
        }
        return found;
    }

    /** The dates of a stored AE of a new one's term: all that the duplicate check compares it by. */
    public record TermSpan(long id, PartialDate onsetDate, PartialDate endDate) {
    }

    /**
     * What the checks find on a new AE, the latest of its subject's: each check over it alone, and the duplicate check
     * against the dates of the subject's other AEs of its term, all with lower keys and none deleted. The same findings on
     * it as {@link #run} over all of them; a new record takes no finding from the others and, being the latest, gives them
     * none. Why: a save need not read whole every repeat of the term, nor their queries.
     */
    public List<Finding> runOnNew(Subject subject, AdverseEvent added, List<TermSpan> othersOfTerm, Map<Long, SaeDetails> saeDetails) {
        List<Finding> found = new ArrayList<>();
        for (StudyDefinition.EditCheck c : checks) {
            if (c.check().equals(DUPLICATE_TERM)) {
                if (added.meddraCode() != null && othersOfTerm.stream().anyMatch(e -> e.id() != added.id()
                        && overlap(added.onsetDate(), added.endDate(), e.onsetDate(), e.endDate()))) {
                    found.add(finding(c, added, AeFields.MEDDRA_CODE));
                }
            } else {
                check(c, subject, List.of(added), saeDetails, found);
            }
        }
        return found;
    }

    /** One check over a subject's live AEs, in the order entered; what it finds added to {@code found}. */
    private void check(StudyDefinition.EditCheck c, Subject subject, List<AdverseEvent> live, Map<Long, SaeDetails> saeDetails,
                       List<Finding> found) {
        switch (c.check()) {
            case "grade-not-serious" -> {
                int min = Integer.parseInt(c.params().getOrDefault("minGrade", "3"));
                for (AdverseEvent ae : live) {
                    if (ae.grade() != null && ae.grade() >= min && !ae.serious()) {
                        found.add(finding(c, ae, AeFields.SERIOUS));
                    }
                }
            }
            case "fatal-outcome-grade" -> {
                for (AdverseEvent ae : live) {
                    if (ae.outcome() == Outcome.FATAL && ae.grade() != null && ae.grade() != 5) {
                        found.add(finding(c, ae, AeFields.GRADE));
                    } else if (ae.grade() != null && ae.grade() == 5 && ae.outcome() != null && ae.outcome() != Outcome.FATAL) {
                        found.add(finding(c, ae, AeFields.OUTCOME));
                    }
                }
            }
            case "onset-before-consent" -> {
                for (AdverseEvent ae : live) {
                    // a partial onset trips it only when even its latest possible day is before the consent
                    if (subject.consentDate() != null && ae.onsetDate() != null && ae.onsetDate().latest().isBefore(subject.consentDate())) {
                        found.add(finding(c, ae, AeFields.ONSET_DATE));
                    }
                }
            }
            case DUPLICATE_TERM -> {
                // compared within a term only: a subject with many AEs is checked in the time of its repeats, not of all pairs
                java.util.Map<String, List<AdverseEvent>> byTerm = new java.util.HashMap<>();
                for (AdverseEvent later : live) {
                    if (later.meddraCode() == null) {
                        continue;
                    }
                    List<AdverseEvent> earlier = byTerm.computeIfAbsent(later.meddraCode(), k -> new ArrayList<>());
                    for (AdverseEvent e : earlier) {
                        if (overlap(later.onsetDate(), later.endDate(), e.onsetDate(), e.endDate())) {
                            found.add(finding(c, later, AeFields.MEDDRA_CODE));
                            break; // one query on the later record, however many it repeats
                        }
                    }
                    earlier.add(later);
                }
            }
            case "ongoing-at-end-of-study" -> {
                for (AdverseEvent ae : live) {
                    if (subject.endOfStudyDate() != null && ae.ongoing() && ae.outcome() != Outcome.NOT_RECOVERED
                            && ae.outcome() != Outcome.RECOVERING) {
                        found.add(finding(c, ae, AeFields.OUTCOME));
                    }
                }
            }
            case "sae-awareness-missing" -> {
                for (AdverseEvent ae : live) {
                    SaeDetails d = saeDetails.get(ae.id());
                    if (ae.serious() && (d == null || d.awareAt() == null)) {
                        found.add(finding(c, ae, SaeRules.AWARE_AT));
                    }
                }
            }
            case "lab-grade-differs" -> {
                for (AdverseEvent ae : live) {
                    LabGrade g = ae.lab() == null ? null : rules.labGrade(ae).orElse(null);
                    if (g != null && g.isGraded() && ae.grade() != null && !g.grade().equals(ae.grade())
                            && (ae.gradeReason() == null || ae.gradeReason().isBlank())) {
                        found.add(finding(c, ae, AeFields.GRADE));
                    }
                }
            }
            default -> throw new IllegalStateException(c.check());
        }
    }

    /** Whether two AEs' dates may overlap: an unknown or open end runs on; an unknown onset is not compared. */
    private static boolean overlap(PartialDate aOnset, PartialDate aEnd, PartialDate bOnset, PartialDate bEnd) {
        if (aOnset == null || bOnset == null) {
            return false;
        }
        LocalDate aLast = aEnd == null ? LocalDate.MAX : aEnd.latest();
        LocalDate bLast = bEnd == null ? LocalDate.MAX : bEnd.latest();
        return !aOnset.earliest().isAfter(bLast) && !bOnset.earliest().isAfter(aLast);
    }

    private static Finding finding(StudyDefinition.EditCheck c, AdverseEvent ae, String field) {
        return new Finding(c.id(), ae.subjectNumber(), DataQuery.Target.ADVERSE_EVENT, ae.id(), field, message(c.message(), ae));
    }

    /**
     * The check's message with {term}, {grade}, {verbatim} and {outcome} filled in from the AE, in one pass: a value that
     * itself holds a placeholder's name (a verbatim "{grade}") stays as typed.
     */
    static String message(String template, AdverseEvent ae) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        int from = 0;
        for (int open = template.indexOf('{'); open >= 0; open = template.indexOf('{', from)) {
            int close = template.indexOf('}', open);
            if (close < 0) {
                break;
            }
            String value = switch (template.substring(open + 1, close)) {
                case "term" -> ae.ctcaeTerm() == null ? "" : ae.ctcaeTerm();
                case "grade" -> ae.grade() == null ? "" : String.valueOf(ae.grade());
                case "verbatim" -> ae.verbatimTerm() == null ? "" : ae.verbatimTerm();
                case "outcome" -> ae.outcome() == null ? "" : ae.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
                default -> null;
            };
            if (value == null) { // not a placeholder: kept as written, and the search goes on after its brace
                out.append(template, from, open + 1);
                from = open + 1;
            } else {
                out.append(template, from, open).append(value);
                from = close + 1;
            }
        }
        return out.append(template, from, template.length()).toString();
    }
}
