package io.scorehouse.gates.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scorehouse.lakehouse.IntegrityException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code baseline.json}: the training population a model was fit on — per-feature moments and
 * quantiles, and the score histogram on fixed bins. Drift checks, shadow comparison and PSI
 * all compare against it.
 *
 * @param scoreBinEdges 11 edges, 0.0 … 1.0: bin i is [edge i, edge i+1), the last one closed
 */
public record ModelBaseline(
        String model,
        long rows,
        Map<String, FeatureStats> features,
        @JsonProperty("score_bin_edges") List<Double> scoreBinEdges,
        @JsonProperty("score_bin_counts") List<Long> scoreBinCounts,
        @JsonProperty("score_mean") double scoreMean) {

    public static final List<Double> SCORE_BIN_EDGES = List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
    /** Ten equal-width bins over [0, 1]. */
    public static final int SCORE_BINS = SCORE_BIN_EDGES.size() - 1;

    private static final int LAST_SCORE_BIN = SCORE_BINS - 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public ModelBaseline {
        features = Map.copyOf(features);
        scoreBinEdges = List.copyOf(scoreBinEdges);
        scoreBinCounts = List.copyOf(scoreBinCounts);
        if (scoreBinCounts.size() != scoreBinEdges.size() - 1) {
            throw new IllegalArgumentException("score histogram needs " + (scoreBinEdges.size() - 1) + " counts");
        }
    }

    /** Share of the training population in each score bin. */
    public double[] scoreBinShares() {
        long total = scoreBinCounts.stream().mapToLong(Long::longValue).sum();
        return scoreBinCounts.stream()
                .mapToDouble(count -> total == 0 ? 0 : (double) count / total)
                .toArray();
    }

    /** Index of the fixed score bin holding {@code score} (scores of exactly 1.0 fall in the last bin). */
    public static int scoreBin(double score) {
        return Math.min(LAST_SCORE_BIN, Math.max(0, (int) Math.floor(score * SCORE_BINS)));
    }

    /**
     * The same binning as {@link #scoreBin} as a SQL expression over {@code column}, for Spark SQL
     * (and any engine with {@code floor}, {@code least}, {@code greatest}): substituted into SQL
     * files as {@code ${score_bin}} rather than registered as a Spark function, so views in other
     * engines can use the same text.
     */
    public static String scoreBinSql(String column) {
        return "CAST(least(" + LAST_SCORE_BIN + ", greatest(0, floor(" + column + " * " + SCORE_BINS + "))) AS INT)";
    }

    public void write(Path file) {
        try {
            Files.write(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static ModelBaseline read(Path file) {
        try {
            return JSON.readValue(file.toFile(), ModelBaseline.class);
        } catch (IOException e) {
            throw new IntegrityException("baseline", "cannot read " + file.getFileName() + ": " + e.getMessage());
        }
    }

    /** Moments and quantiles of one feature over the training rows. */
    public record FeatureStats(double mean, double std, double min, double max, Map<String, Double> quantiles) {
        public FeatureStats {
            quantiles = Map.copyOf(quantiles);
        }
    }
}
