package org.aecapture.review;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.aecapture.domain.DataQuery;
import org.aecapture.domain.QueryRow;

/**
 * The Queries screen's filter: by state (or every outstanding one), site, subject, who raised it and how long it has been
 * open. Plain: the screen's lists are this applied to what was read, and it is tested without a screen.
 *
 * @param state null: any state
 * @param outstandingOnly only queries that still wait on someone (open or answered)
 * @param site null: every site
 * @param subject the start of a subject number; empty: every subject
 * @param raisedBy null: anyone; {@link DataQuery#SYSTEM}: the edit checks
 * @param minDaysOpen at least this many days open; 0: any
 */
public record QueryFilter(DataQuery.State state, boolean outstandingOnly, String site, String subject, String raisedBy, int minDaysOpen) {

    public QueryFilter {
        subject = subject == null ? "" : subject.strip();
    }

    public static final QueryFilter OUTSTANDING = new QueryFilter(null, true, null, "", null, 0);

    public boolean test(QueryRow r, Instant now) {
        DataQuery q = r.query();
        return (state == null || q.state() == state)
                && (!outstandingOnly || q.state().isOutstanding())
                && (site == null || site.equals(r.site()))
                && (subject.isEmpty() || q.subjectNumber().regionMatches(true, 0, subject, 0, subject.length()))
                && (raisedBy == null || raisedBy.equalsIgnoreCase(q.raisedBy()))
                && (minDaysOpen <= 0 || q.daysOpen(r.lastActivity(), now) >= minDaysOpen);
    }

    public List<QueryRow> apply(List<QueryRow> rows, Instant now) {
        return rows.stream().filter(r -> test(r, now)).toList();
    }

    /** What the filter shows, in words (the export's title says it). */
    public String describe() {
        StringBuilder s = new StringBuilder(state != null ? state.name().toLowerCase(Locale.ROOT) + " queries"
                : outstandingOnly ? "outstanding queries" : "all queries");
        if (site != null) {
            s.append(", site ").append(site);
        }
        if (!subject.isEmpty()) {
            s.append(", subjects ").append(subject).append('\u2026');
        }
        if (raisedBy != null) {
            s.append(", raised by ").append(raisedBy);
        }
        if (minDaysOpen > 0) {
            s.append(", open ").append(minDaysOpen).append(" days or more");
        }
        return s.toString();
    }
}
