package io.scorehouse.gates.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScorePsiTest {
    /** canary.proceed's critical_psi: a shift this large rolls a challenger back at once. */
    private static final double CRITICAL = 1.0;

    @Test
    void twoSmallSamplesOfOneDistributionStayFarBelowTheCriticalThreshold() {
        // 63 entities of a canary's 1 % step, sparse upper bins: a model and its retrained twin.
        long[] champion = {21, 6, 7, 5, 6, 4, 1, 0, 0, 13};
        long[] challenger = {17, 10, 6, 6, 6, 4, 0, 2, 3, 9};

        assertThat(ScorePsi.of(champion, challenger)).isLessThan(CRITICAL / 2);
    }

    @Test
    void aGrossShiftOfASmallSampleStaysCritical() {
        long[] champion = {17, 10, 6, 6, 6, 4, 1, 1, 1, 3};
        long[] degraded = {0, 3, 22, 16, 12, 2, 0, 0, 0, 0};

        assertThat(ScorePsi.of(champion, degraded)).isGreaterThan(CRITICAL);
    }

    @Test
    void largeSamplesReadTheTextbookValue() {
        long[] expected = {1599, 917, 759, 626, 433, 354, 374, 358, 351, 199};
        long[] actual = {1200, 1100, 800, 700, 500, 400, 350, 300, 250, 100};

        assertThat(ScorePsi.of(expected, actual)).isCloseTo(unsmoothed(expected, actual), within(1e-3));
    }

    @Test
    void anEmptyBinOfALargeSampleWeighsAsMuchAsBefore() {
        // output drift: a 100k-score training baseline without a score in the top bin, a 1M-row run with 3 % there
        long[] baseline = {30_000, 20_000, 15_000, 10_000, 8_000, 7_000, 5_000, 3_000, 2_000, 0};
        long[] run = {290_000, 200_000, 150_000, 100_000, 80_000, 70_000, 50_000, 20_000, 10_000, 30_000};

        assertThat(ScorePsi.of(baseline, run)).isCloseTo(flooredAt(1e-4, baseline, run), within(1e-3));
    }

    @Test
    void identicalSamplesHaveNoShiftAndAnEmptySampleHasNoPsi() {
        long[] sample = {3, 0, 0, 5, 1, 0, 0, 0, 2, 0};

        assertThat(ScorePsi.of(sample, sample)).isZero();
        assertThat(ScorePsi.of(sample, new long[ScorePsi.BINS])).isNaN();
    }

    /** The estimate before the prior: shares floored at {@code floor}. */
    private static double flooredAt(double floor, long[] expected, long[] actual) {
        double e = java.util.Arrays.stream(expected).sum();
        double a = java.util.Arrays.stream(actual).sum();
        double psi = 0;
        for (int bin = 0; bin < ScorePsi.BINS; bin++) {
            double es = Math.max(expected[bin] / e, floor);
            double as = Math.max(actual[bin] / a, floor);
            psi += (as - es) * Math.log(as / es);
        }
        return psi;
    }

    private static double unsmoothed(long[] expected, long[] actual) {
        double e = java.util.Arrays.stream(expected).sum();
        double a = java.util.Arrays.stream(actual).sum();
        double psi = 0;
        for (int bin = 0; bin < ScorePsi.BINS; bin++) {
            psi += (actual[bin] / a - expected[bin] / e) * Math.log((actual[bin] / a) / (expected[bin] / e));
        }
        return psi;
    }
}
