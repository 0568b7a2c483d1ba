package org.aecapture.ctcae;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** The evaluation set of investigator-style verbatims and how well the term search codes them. */
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

    public static List<Pair> pairs() {
        try (InputStream in = CodingEvaluation.class.getResourceAsStream("/coding/verbatim-evaluation.csv")) {
            List<Pair> pairs = new ArrayList<>();
            CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build();
            for (CSVRecord r : format.parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                pairs.add(new Pair(r.get("verbatim"), r.get("ctcae_term")));
            }
            return pairs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result evaluate(CtcaeCatalog catalog) {
        List<Pair> pairs = pairs();
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
