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
        Map<String, List<QueryRow>> bySite = new TreeMap<>();
        rows.forEach(r -> bySite.computeIfAbsent(r.site(), s -> new ArrayList<>()).add(r));
        List<QueryMetrics> out = new ArrayList<>();
        bySite.forEach((site, list) -> {
            int[] n = new int[DataQuery.State.values().length];
            List<Double> daysOpen = new ArrayList<>();
            for (QueryRow r : list) {
                n[r.query().state().ordinal()]++;
                if (r.query().state().isOutstanding()) {
                    daysOpen.add(Duration.between(r.query().raisedAt(), now).toMinutes() / (24.0 * 60));
                }
            }
            out.add(new QueryMetrics(site, n[0], n[1], n[2], n[3], median(daysOpen)));
        });
        return out;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
