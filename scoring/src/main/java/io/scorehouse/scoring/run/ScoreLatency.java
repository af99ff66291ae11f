package io.scorehouse.scoring.run;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Scoring latency per batch of 1,000 rows (milliseconds, nearest-rank percentiles), from the
 * batches a {@link BoosterScorer#timed timed scorer} recorded.
 */
public record ScoreLatency(int batches, double p50Ms, double p95Ms, double p99Ms) {
    public static CollectionAccumulator<Double> accumulator(SparkSession spark, String name) {
        return spark.sparkContext().collectionAccumulator(name);
    }

    public static ScoreLatency of(CollectionAccumulator<Double> recorded) {
        return of(List.copyOf(recorded.value()));
    }

    /** NaN percentiles when nothing was recorded: a policy comparing them fails, never passes by default. */
    public static ScoreLatency of(List<Double> batchMillis) {
        double[] sorted =
                batchMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new ScoreLatency(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99));
    }

    private static double rank(double[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** As evidence files record it: milliseconds rounded to the microsecond; NaN (nothing recorded) is written as "NaN". */
    public Evidence toEvidence() {
        return new Evidence(
                "ms per batch of " + BoosterScorer.TIMED_BATCH_ROWS + " rows",
                batches,
                round(p50Ms),
                round(p95Ms),
                round(p99Ms));
    }

    public record Evidence(String unit, int batches, double p50Ms, double p95Ms, double p99Ms) {}

    private static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : value;
    }

    @Override
    public String toString() {
        return "p50 %.1f / p95 %.1f / p99 %.1f ms per 1k rows (%d batches)".formatted(p50Ms, p95Ms, p99Ms, batches);
    }
}
