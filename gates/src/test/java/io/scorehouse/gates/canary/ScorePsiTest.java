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
    void identicalSamplesHaveNoShiftAndAnEmptySampleHasNoPsi() {
        long[] sample = {3, 0, 0, 5, 1, 0, 0, 0, 2, 0};

        assertThat(ScorePsi.of(sample, sample)).isZero();
        assertThat(ScorePsi.of(sample, new long[ScorePsi.BINS])).isNaN();
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
