package io.scorehouse.gates.canary;

import io.scorehouse.gates.registry.ModelBaseline;
import java.util.List;

/**
 * Population stability index of one score sample against another over the ten score bins of a
 * model baseline ([0, 0.1), …, [0.9, 1.0]): sum of (a − e)·ln(a / e) over bin shares, each share
 * estimated with {@link #PRIOR_COUNT} added to every bin's count (Jeffreys' prior), then floored at
 * {@link #EPSILON} as recon's SQL floors its shares.
 *
 * <p>Why the prior: a canary's first step observes a few dozen entities, where an empty bin floored
 * at {@link #EPSILON} facing one or two scores adds ~0.1–0.2 each. Resampling 63 scores of two
 * equally good models read PSI ≥ 1 (the critical threshold) in 2.6 % of draws with the floor alone
 * and never with the prior. Why the floor still: from ~5,000 scores up the prior's share of an empty
 * bin falls below it, and large samples (shadow, output drift) keep the values they had.
 */
public final class ScorePsi {
    public static final int BINS = ModelBaseline.SCORE_BINS;
    public static final double PRIOR_COUNT = 0.5;
    /** Share floor, here and in recon's SQL PSI (whose segments are judged only from recon.guardrails' min_sample). */
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
            double expectedShare = Math.max((expected[bin] + PRIOR_COUNT) / (e + BINS * PRIOR_COUNT), EPSILON);
            double actualShare = Math.max((actual[bin] + PRIOR_COUNT) / (a + BINS * PRIOR_COUNT), EPSILON);
            psi += (actualShare - expectedShare) * Math.log(actualShare / expectedShare);
        }
        return psi;
    }

    public static long[] counts(List<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).toArray();
    }
}
