package org.aecapture.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A subject's eligibility checklist: every inclusion criterion confirmed met or not met, every exclusion
 * criterion confirmed absent or present, one by one. The criteria's texts come from the study definition.
 * An unanswered criterion is {@code null}.
 */
public final class EligibilityChecklist {

    /** For an inclusion criterion YES means met; for an exclusion criterion YES means present. */
    public enum Answer { YES, NO }

    public enum Outcome { ELIGIBLE, SCREEN_FAILURE }

    private final List<String> inclusion;
    private final List<String> exclusion;
    private final List<Answer> inclusionAnswers;
    private final List<Answer> exclusionAnswers;

    private EligibilityChecklist(List<String> inclusion, List<String> exclusion, List<Answer> inclusionAnswers,
                                 List<Answer> exclusionAnswers) {
        this.inclusion = List.copyOf(inclusion);
        this.exclusion = List.copyOf(exclusion);
        this.inclusionAnswers = Collections.unmodifiableList(new ArrayList<>(inclusionAnswers));
        this.exclusionAnswers = Collections.unmodifiableList(new ArrayList<>(exclusionAnswers));
    }

    /** The study's criteria, none answered yet. */
    public static EligibilityChecklist blank(List<String> inclusion, List<String> exclusion) {
        return new EligibilityChecklist(inclusion, exclusion, Collections.nCopies(inclusion.size(), null),
                Collections.nCopies(exclusion.size(), null));
    }

    /** The criteria with the answers as stored by {@link #answersCode()}. */
    public static EligibilityChecklist fromCode(List<String> inclusion, List<String> exclusion, String code) {
        String[] parts = code.split("\\|", -1);
        if (parts.length != 2 || parts[0].length() != inclusion.size() || parts[1].length() != exclusion.size()) {
            throw new IllegalArgumentException("eligibility answers '" + code + "' do not fit the study's " + inclusion.size()
                    + " inclusion and " + exclusion.size() + " exclusion criteria");
        }
        return new EligibilityChecklist(inclusion, exclusion, decode(parts[0]), decode(parts[1]));
    }

    public EligibilityChecklist withInclusion(int index, Answer met) {
        List<Answer> answers = new ArrayList<>(inclusionAnswers);
        answers.set(index, met);
        return new EligibilityChecklist(inclusion, exclusion, answers, exclusionAnswers);
    }

    public EligibilityChecklist withExclusion(int index, Answer present) {
        List<Answer> answers = new ArrayList<>(exclusionAnswers);
        answers.set(index, present);
        return new EligibilityChecklist(inclusion, exclusion, inclusionAnswers, answers);
    }

    public List<String> inclusion() {
        return inclusion;
    }

    public List<String> exclusion() {
        return exclusion;
    }

    public List<Answer> inclusionAnswers() {
        return inclusionAnswers;
    }

    public List<Answer> exclusionAnswers() {
        return exclusionAnswers;
    }

    /**
     * Screen failure as soon as one inclusion criterion is not met or one exclusion criterion is present;
     * eligible only when every criterion is answered and none fails; nothing while the list is incomplete.
     */
    public Optional<Outcome> outcome() {
        if (!failedCriteria().isEmpty()) {
            return Optional.of(Outcome.SCREEN_FAILURE);
        }
        return unanswered() == 0 ? Optional.of(Outcome.ELIGIBLE) : Optional.empty();
    }

    public int unanswered() {
        return (int) (inclusionAnswers.stream().filter(a -> a == null).count() + exclusionAnswers.stream().filter(a -> a == null).count());
    }

    /** The criteria that make the subject a screen failure, e.g. "Exclusion 4: Drug-induced lupus". */
    public List<String> failedCriteria() {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < inclusion.size(); i++) {
            if (inclusionAnswers.get(i) == Answer.NO) {
                failed.add("Inclusion " + (i + 1) + ": " + inclusion.get(i));
            }
        }
        for (int i = 0; i < exclusion.size(); i++) {
            if (exclusionAnswers.get(i) == Answer.YES) {
                failed.add("Exclusion " + (i + 1) + ": " + exclusion.get(i));
            }
        }
        return failed;
    }

    /** The answers as stored and audited: Y, N or - for each inclusion criterion, a bar, then each exclusion criterion. */
    public String answersCode() {
        return encode(inclusionAnswers) + "|" + encode(exclusionAnswers);
    }

    private static String encode(List<Answer> answers) {
        StringBuilder b = new StringBuilder();
        answers.forEach(a -> b.append(a == null ? '-' : a == Answer.YES ? 'Y' : 'N'));
        return b.toString();
    }

    private static List<Answer> decode(String code) {
        List<Answer> answers = new ArrayList<>();
        for (char c : code.toCharArray()) {
            answers.add(switch (c) {
                case 'Y' -> Answer.YES;
                case 'N' -> Answer.NO;
                case '-' -> null;
                default -> throw new IllegalArgumentException("eligibility answer '" + c + "' is not Y, N or -");
            });
        }
        return answers;
    }
}
