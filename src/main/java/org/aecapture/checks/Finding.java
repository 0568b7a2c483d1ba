package org.aecapture.checks;

import org.aecapture.domain.DataQuery;

/** What an edit check found on one record (and field): the query it opens, unless one of its own is open there already. */
public record Finding(String checkId, String subjectNumber, DataQuery.Target target, long recordId, String field, String message) {

    /** The place a finding is about: one open system query of a check per place. */
    public String place() {
        return checkId + "|" + target + "|" + recordId + "|" + (field == null ? "" : field);
    }
}
