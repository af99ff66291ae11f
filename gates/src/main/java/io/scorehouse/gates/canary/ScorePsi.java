package io.scorehouse.gates.canary;

import io.scorehouse.gates.registry.ModelBaseline;
import java.util.List;

/**
 * Population stability index of one score sample against another over the ten score bins of a
 * model baseline ([0, 0.1), …, [0.9, 1.0]): sum of (a − e)·ln(a / e) over bin shares, shares
 * floored at {@link #EPSILON} so an empty bin counts instead of vanishing — the same formula as
 * recon's SQL PSI, for samples small enough to bin on the driver.
 */
public final class ScorePsi {
    public static final int BINS = ModelBaseline.SCORE_BINS;
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
            double expectedShare = Math.max((double) expected[bin] / e, EPSILON);
            double actualShare = Math.max((double) actual[bin] / a, EPSILON);
            psi += (actualShare - expectedShare) * Math.log(actualShare / expectedShare);
        }
        return psi;
    }

    public static long[] counts(List<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).toArray();
    }
}
