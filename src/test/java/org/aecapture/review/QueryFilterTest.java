package org.aecapture.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.aecapture.domain.DataQuery;
import org.aecapture.domain.QueryRow;
import org.junit.jupiter.api.Test;

/** The Queries screen's filter and metrics on plain rows: no screen, no database. */
class QueryFilterTest {

    private static final Instant NOW = Instant.parse("2022-06-01T10:00:00Z");
    private static long id = 1;

    private static QueryRow row(String site, String subject, DataQuery.State state, String by, int daysAgo, int lastStepDaysAgo) {
        DataQuery q = new DataQuery(id++, subject, DataQuery.Target.ADVERSE_EVENT, 9, "grade", by.equals("system") ? "EC01" : null, state,
                by, NOW.minus(Duration.ofDays(daysAgo)), "why?", 1);
        return new QueryRow(q, site, NOW.minus(Duration.ofDays(lastStepDaysAgo)));
    }

    private final List<QueryRow> rows = List.of(
            row("101", "101-001", DataQuery.State.OPEN, "mona", 10, 10),
            row("101", "101-002", DataQuery.State.ANSWERED, "system", 4, 1),
            row("101", "101-002", DataQuery.State.CLOSED, "mona", 30, 20),
            row("102", "102-001", DataQuery.State.OPEN, "max", 1, 1),
            row("102", "102-010", DataQuery.State.CANCELLED, "max", 50, 49));

    private List<Long> ids(QueryFilter f) {
        return f.apply(rows, NOW).stream().map(r -> r.query().id()).toList();
    }

    @Test
    void eachPartOfTheFilterNarrowsAndTheyCombine() {
        long first = rows.get(0).query().id();
        assertEquals(List.of(first, first + 1, first + 3), ids(QueryFilter.OUTSTANDING));
        assertEquals(List.of(first, first + 3), ids(new QueryFilter(DataQuery.State.OPEN, false, null, "", null, 0)));
        assertEquals(List.of(first, first + 1, first + 2), ids(new QueryFilter(null, false, "101", "", null, 0)));
        assertEquals(List.of(first + 1, first + 2), ids(new QueryFilter(null, false, null, "101-002", null, 0)));
        assertEquals(List.of(first + 3, first + 4), ids(new QueryFilter(null, false, null, "102", null, 0)), "a subject number's start");
        assertEquals(List.of(first + 1), ids(new QueryFilter(null, false, null, "", "system", 0)));
        // days open: until now while outstanding, until the last step once closed (30 - 20 = 10 days)
        assertEquals(List.of(first, first + 2), ids(new QueryFilter(null, false, null, "", null, 10)));
        assertEquals(List.of(first), ids(new QueryFilter(null, true, "101", "", "mona", 7)));
        assertEquals("outstanding queries, site 101, raised by mona, open 7 days or more",
                new QueryFilter(null, true, "101", "", "mona", 7).describe());
    }

    @Test
    void theMetricsCountEachStateAndTheMedianDaysOfTheOutstandingOnesPerSite() {
        List<QueryMetrics> m = QueryMetrics.bySite(rows, NOW);
        assertEquals(List.of(new QueryMetrics("101", 1, 1, 1, 0, 7.0), new QueryMetrics("102", 1, 0, 0, 1, 1.0)), m);
    }
}
