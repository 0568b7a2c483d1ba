package org.aecapture.study;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import org.aecapture.ctcae.CtcaeCatalog;

/** Reads and checks study definition files (YAML). */
public final class StudyDefinitions {

    /** The study bundled as the default: ALPN-101 Synergy. */
    public static final String BUNDLED_RESOURCE = "nct04835441.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private StudyDefinitions() {
    }

    /** The text of the bundled default study definition. */
    public static String bundledYaml() {
        try (InputStream in = StudyDefinitions.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled study definition " + BUNDLED_RESOURCE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StudyDefinition bundled() {
        return parse(bundledYaml());
    }

    /**
     * A definition stored in a database. One stored before the definition had a safety reporting section takes the
     * bundled definition's, when it is the same study: the reference safety information and clocks are the study's
     * own data, not defaults to be guessed.
     */
    public static StudyDefinition parseStored(String yaml) {
        StudyDefinition stored = parse(yaml);
        if (yaml.lines().anyMatch(l -> l.startsWith("safety:"))) {
            return stored;
        }
        StudyDefinition bundled = bundled();
        return bundled.studyId().equals(stored.studyId()) ? stored.withSafety(bundled.safety()) : stored;
    }

    /** The longest arm code a study may name: SDTM's ARMCD limit. */
    public static final int MAX_ARM_CODE_LENGTH = 20;

    public static StudyDefinition parse(String yaml) {
        StudyDefinition s;
        try {
            s = YAML.readValue(yaml, StudyDefinition.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("the study definition cannot be read: " + e.getMessage(), e);
        }
        check(s);
        return s;
    }

    private static void check(StudyDefinition s) {
        require(s.studyId() != null && !s.studyId().isBlank(), "studyId is missing");
        require(s.arms() != null && s.arms().size() >= 1, "arms are missing");
        Set<String> armCodes = new HashSet<>();
        for (StudyDefinition.Arm arm : s.arms()) {
            require(arm.code() != null && !arm.code().isBlank(), "an arm has no code");
            // SDTM's ARMCD holds at most 20 characters; at that length any code fits the sealed arms' fixed-size block
            require(arm.code().codePointCount(0, arm.code().length()) <= MAX_ARM_CODE_LENGTH,
                    "arm code " + arm.code() + " is longer than " + MAX_ARM_CODE_LENGTH + " characters (SDTM ARMCD)");
            require(armCodes.add(arm.code()), "arm code " + arm.code() + " is used twice");
        }
        require(s.ageAtConsent() != null && s.ageAtConsent().min() <= s.ageAtConsent().max(), "ageAtConsent min must not exceed max");
        require(s.aeWindow() != null && s.aeWindow().nominalEndOfStudyDay() > 0, "aeWindow.nominalEndOfStudyDay must be a positive study day");
        require(s.eligibility() != null && s.eligibility().inclusion() != null && s.eligibility().exclusion() != null,
                "eligibility needs inclusion and exclusion lists");
        try {
            require(s.subjectNumberRegex().matcher(s.subjectNumberExample()).matches(),
                    "subjectNumberExample " + s.subjectNumberExample() + " does not match subjectNumberPattern");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("subjectNumberPattern is not a valid pattern: " + e.getMessage(), e);
        }
        require(Set.of("AELLTCD", "AEPTCD").contains(s.sdtm().meddraCodeVariable()),
                "sdtm.meddraCodeVariable must be AELLTCD or AEPTCD, not " + s.sdtm().meddraCodeVariable());
        require(s.sdtm().country() == null || s.sdtm().country().isBlank() || s.sdtm().country().trim().matches("[A-Z]{3}"),
                "sdtm.country must be an ISO 3166-1 alpha-3 code such as USA, not " + s.sdtm().country());
        require(CtcaeCatalog.VERSIONS.contains(s.ctcae()),
                "ctcae must name a CTCAE version this application bundles (" + String.join(" or ", CtcaeCatalog.VERSIONS) + "), not " + s.ctcae());
        require(Set.of("strict", "worst-case").contains(s.lab().convention()),
                "lab.convention must be strict or worst-case, not " + s.lab().convention());
        Set<String> siteNumbers = new HashSet<>();
        for (StudyDefinition.Site site : s.sites()) {
            require(site.number() != null && siteNumbers.add(site.number()), "site " + site.number() + " is listed twice or has no number");
            require(site.country() != null && site.country().matches("[A-Z]{3}"),
                    "site " + site.number() + ": country must be an ISO 3166-1 alpha-3 code such as USA, not " + site.country());
            try {
                site.zone();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("study definition: site " + site.number() + ": timeZone must be an IANA time zone such as"
                        + " America/New_York, not " + site.timeZone(), e);
            }
        }
        Set<String> checkIds = new HashSet<>();
        for (StudyDefinition.EditCheck c : s.editChecks()) {
            require(c.id() != null && checkIds.add(c.id()), "edit check " + c.id() + " is listed twice or has no id");
            require(c.check() != null && !c.check().isBlank(), "edit check " + c.id() + " names no check");
            require(c.message() != null && !c.message().isBlank(), "edit check " + c.id() + " has no message");
        }
        Set<String> codes = new HashSet<>();
        require(s.visits() != null, "visits are missing");
        s.visits().forEach(v -> require(codes.add(v.code()), "visit code " + v.code() + " is used twice"));
        s.endOfStudyVisit();
        require(s.endOfStudyVisit().nominalDay() == s.aeWindow().nominalEndOfStudyDay(),
                "the End of Study visit's target day must equal aeWindow.nominalEndOfStudyDay");
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("study definition: " + problem);
        }
    }
}
