package org.aecapture.domain;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a record breaks a rule; nothing has been written. */
public class ValidationException extends RuntimeException {

    private final transient List<Violation> violations;

    public ValidationException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    /** Throws when there is any violation; does nothing for an empty list. */
    public static void throwIfAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
    }

    public List<Violation> violations() {
        return violations;
    }
}
