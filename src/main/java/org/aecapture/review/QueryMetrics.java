package org.aecapture.review;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.aecapture.domain.DataQuery;
import org.aecapture.domain.QueryRow;

/** Query metrics of a site: how many in each state, and the median days an outstanding query has been open. */
public record QueryMetrics(String site, int open, int answered, int closed, int cancelled, double medianDaysOpen) {

    /** The metrics per site over the given rows (a filtered list, or all), by site number. */
    public static List<QueryMetrics> bySite(List<QueryRow> rows, Instant now) {
        // one pass, seconds open kept as plain longs: a filter change over tens of thousands of queries stays within a frame
        Map<String, Tally> bySite = new TreeMap<>();
        long nowSeconds = now.getEpochSecond();
        for (QueryRow r : rows) {
            Tally t = bySite.computeIfAbsent(r.site(), s -> new Tally());
            DataQuery.State state = r.query().state();
            t.counts[state.ordinal()]++;
            if (state.isOutstanding()) {
                t.add(nowSeconds - r.query().raisedAt().getEpochSecond());
            }
        }
        List<QueryMetrics> out = new ArrayList<>();
        bySite.forEach((site, t) -> out.add(new QueryMetrics(site, t.counts[0], t.counts[1], t.counts[2], t.counts[3], t.medianDays())));
        return out;
    }

    /** A site's counts per state and the seconds its outstanding queries have been open. */
    private static final class Tally {
        final int[] counts = new int[DataQuery.State.values().length];
        long[] open = new long[16];
        int n;

        void add(long seconds) {
            if (n == open.length) {
                open = java.util.Arrays.copyOf(open, n * 2);
            }
            open[n++] = seconds;
        }

        double medianDays() {
            if (n == 0) {
                return 0;
            }
            java.util.Arrays.sort(open, 0, n);
            double seconds = n % 2 == 1 ? open[n / 2] : (open[n / 2 - 1] + open[n / 2]) / 2.0;
            return Duration.ofSeconds((long) seconds).toMinutes() / (24.0 * 60);
        }
    }
}
