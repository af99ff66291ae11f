package io.scorehouse.gates.canary;

import io.scorehouse.gates.registry.ModelBaseline;
import java.util.List;

/**
 * Population stability index of one score sample against another over the ten score bins of a
 * model baseline ([0, 0.1), …, [0.9, 1.0]): sum of (a − e)·ln(a / e) over bin shares, each share
 * estimated with {@link #PRIOR_COUNT} added to every bin's count (Jeffreys' prior).
 *
 * <p>Why not floor the shares as recon's SQL does: a canary's first step observes a few dozen
 * entities, where a floored empty bin facing one or two scores adds ~0.1–0.2 each. Resampling 63
 * scores of two equally good models read PSI ≥ 1 (the critical threshold) in 2.6 % of draws with the
 * floor and never with the prior; from a few hundred scores up the two estimates agree to the second
 * decimal, so shadow and output drift read the same values as before.
 */
public final class ScorePsi {
    public static final int BINS = ModelBaseline.SCORE_BINS;
    public static final double PRIOR_COUNT = 0.5;
    /** Share floor of recon's SQL PSI: its segments are judged only from recon.guardrails' min_sample. */
    public static final double EPSILON = 1e-4;

    private ScorePsi() {}

    public static long[] histogram(double[] scores) {
        long[] counts = new long[BINS];
        for (double score : scores) {
            counts[ModelBaseline.scoreBin(score)]++;
        }
        return counts;
    }

    /** PSI of {@code actual} counts against {@code expected} counts; NaN when either sample is empty. */
    public static double of(long[] expected, long[] actual) {
        if (expected.length != BINS || actual.length != BINS) {
            throw new IllegalArgumentException("PSI needs " + BINS + " bins");
        }
        long e = java.util.Arrays.stream(expected).sum();
        long a = java.util.Arrays.stream(actual).sum();
        if (e == 0 || a == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int bin = 0; bin < BINS; bin++) {
            double expectedShare = (expected[bin] + PRIOR_COUNT) / (e + BINS * PRIOR_COUNT);
            double actualShare = (actual[bin] + PRIOR_COUNT) / (a + BINS * PRIOR_COUNT);
            psi += (actualShare - expectedShare) * Math.log(actualShare / expectedShare);
        }
        return psi;
    }

    public static long[] counts(List<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).toArray();
    }
}
