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

    public List<Violation> violations() {
        return violations;
    }
}
