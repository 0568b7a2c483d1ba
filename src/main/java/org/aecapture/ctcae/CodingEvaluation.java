package org.aecapture.ctcae;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * How well the term search codes a set of investigator-style verbatims ({@code verbatim,ctcae_term} CSV, the
 * project's own set being {@code src/test/resources/coding/verbatim-evaluation.csv}): top-1 and top-5 rates and
 * the misses. Used by the quality test and by {@code bench}.
 */
public final class CodingEvaluation {

    public record Pair(String verbatim, String expected) { }

    public record Miss(Pair pair, List<String> suggested, int rank) { }

    public record Result(int total, int top1, int top5, List<Miss> misses) {
        public double top1Rate() {
            return top1 / (double) total;
        }

        public double top5Rate() {
            return top5 / (double) total;
        }
    }

    private CodingEvaluation() {
    }

    public static List<Pair> read(Reader csv) throws IOException {
        List<Pair> pairs = new ArrayList<>();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build();
        for (CSVRecord r : format.parse(csv)) {
            pairs.add(new Pair(r.get("verbatim"), r.get("ctcae_term")));
        }
        return pairs;
    }

    /**
     * The set's pairs for a catalog of CTCAE v6.0: each expected v5.0 term becomes the term NCI's map files it under
     * (Platelet count decreased: Thrombocytopenia); a pair whose term the map sends nowhere in the catalog is left out.
     */
    public static List<Pair> inVersion(List<Pair> v5Pairs, CtcaeCatalog catalog, CtcaeMap map) {
        if (CtcaeCatalog.V5.equals(catalog.version())) {
            return v5Pairs;
        }
        List<Pair> pairs = new ArrayList<>();
        for (Pair p : v5Pairs) {
            map.successor(p.expected()).flatMap(e -> catalog.byMeddraCode(e.v6Code()))
                    .ifPresent(t -> pairs.add(new Pair(p.verbatim(), t.term())));
        }
        return pairs;
    }

    public static Result evaluate(CtcaeCatalog catalog, List<Pair> pairs) {
        int top1 = 0;
        int top5 = 0;
        List<Miss> misses = new ArrayList<>();
        for (Pair p : pairs) {
            List<String> got = catalog.search(p.verbatim(), 5).stream().map(CtcaeTerm::term).toList();
            int rank = got.indexOf(p.expected());
            top1 += rank == 0 ? 1 : 0;
            top5 += rank >= 0 ? 1 : 0;
            if (rank != 0) {
                misses.add(new Miss(p, got, rank));
            }
        }
        return new Result(pairs.size(), top1, top5, misses);
    }
}
