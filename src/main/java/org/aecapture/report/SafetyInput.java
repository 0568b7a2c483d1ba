package org.aecapture.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Subject;
import org.aecapture.study.StudyDefinition;

/**
 * Everything the summary is computed from.
 *
 * @param armBySubject the randomization, subject number to arm code; empty while blinded or forced blinded
 * @param randomizationLoaded whether the study's randomization list is loaded
 * @param forceBlinded pooled output even when the randomization is loaded (for blinded reviewers)
 * @param cutoff data cut-off date, or null for "as at the export time" (then AEs are not filtered by onset)
 * @param randomizationLoadedBy who loaded the randomization and when, for the About sheet; null when not loaded
 */
public record SafetyInput(
        StudyDefinition study,
        List<Subject> subjects,
        List<AdverseEvent> adverseEvents,
        Map<String, String> armBySubject,
        boolean randomizationLoaded,
        boolean forceBlinded,
        LocalDate cutoff,
        Instant exportedAt,
        String exportedBy,
        String applicationVersion,
        String ctcaeVersion,
        String randomizationLoadedBy,
        String databaseLock) {

    /** The same input with the given arms (opened after the rest was read). */
    public SafetyInput withArms(Map<String, String> arms) {
        return new SafetyInput(study, subjects, adverseEvents, arms, randomizationLoaded, forceBlinded, cutoff, exportedAt, exportedBy,
                applicationVersion, ctcaeVersion, randomizationLoadedBy, databaseLock);
    }

    public boolean unblinded() {
        return randomizationLoaded && !forceBlinded && !armBySubject.isEmpty();
    }
}
