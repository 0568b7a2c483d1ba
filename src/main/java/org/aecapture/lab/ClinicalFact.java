package org.aecapture.lab;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The clinical facts CTCAE asks for beside a laboratory value ("asymptomatic", "signs or symptoms", "physiologic
 * consequences", "on anticoagulation", …): with them stated, a criterion that needs them decides a grade.
 */
public enum ClinicalFact {
    SYMPTOMATIC, INTERVENTION_INDICATED, PHYSIOLOGIC_CONSEQUENCES, ON_ANTICOAGULATION, FEVER,
    /** The glucose value is a fasting one (CTCAE v6.0 Hyperglycemia grades 1 and 2). */
    FASTING,
    /** The blood pressure is recurrent or persistent (CTCAE v6.0 Hypertension grade 2). */
    RECURRENT_OR_PERSISTENT,
    /** The blood pressure persisted over 1 hour (CTCAE v6.0 Hypertension grades 3 and 4). */
    PERSISTING_OVER_1_HOUR;

    /** The column of a lab file that states the fact: {@code symptomatic}, {@code intervention_indicated}, … */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The facts a criterion's clinical words ask about (a person is asked each: present, absent or not known). */
    public static java.util.Set<ClinicalFact> askedBy(String clinical) {
        return required(clinical).keySet();
    }

    /**
     * What a criterion's clinical words require, fact by fact (true: present, false: absent); empty when the words are
     * none of those known here, so that the criterion keeps asking a person.
     */
    static Map<ClinicalFact, Boolean> required(String clinical) {
        Map<ClinicalFact, Boolean> req = new EnumMap<>(ClinicalFact.class);
        String c = clinical.strip().toLowerCase(Locale.ROOT);
        for (String part : c.split(";")) {
            String p = part.strip();
            switch (p) {
                case "asymptomatic" -> req.put(SYMPTOMATIC, false);
                case "symptomatic", "signs or symptoms" -> req.put(SYMPTOMATIC, true);
                case "intervention indicated" -> req.put(INTERVENTION_INDICATED, true);
                case "no intervention initiated", "no intervention indicated" -> req.put(INTERVENTION_INDICATED, false);
                case "physiologic consequences" -> req.put(PHYSIOLOGIC_CONSEQUENCES, true);
                case "no physiologic consequences" -> req.put(PHYSIOLOGIC_CONSEQUENCES, false);
                case "on anticoagulation" -> req.put(ON_ANTICOAGULATION, true);
                case "fasting" -> req.put(FASTING, true);
                case "recurrent or persistent" -> req.put(RECURRENT_OR_PERSISTENT, true);
                case "persisting over 1 hour" -> req.put(PERSISTING_OVER_1_HOUR, true);
                default -> {
                    if (p.startsWith("fever")) {
                        req.put(FEVER, true);
                    } else {
                        return Map.of(); // words this reading does not know: a person decides
                    }
                }
            }
        }
        return req;
    }
}
