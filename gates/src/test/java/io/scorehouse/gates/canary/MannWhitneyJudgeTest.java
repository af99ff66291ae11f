package io.scorehouse.gates.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/** The judge against a reference computation written out here: pairwise U, tie-free variance, erfc. */
class MannWhitneyJudgeTest {
    private static final MannWhitneyJudge JUDGE = new MannWhitneyJudge(50, 0.01, 0.05);

    @Test
    void uAndPMatchTheReferenceOnAFixedSample() {
        Random random = new Random(7);
        double[] champion = new double[300];
        double[] challenger = new double[240];
        for (int i = 0; i < champion.length; i++) {
            champion[i] = Math.round(random.nextDouble() * 100) / 100.0; // rounded: ties on purpose
        }
        for (int i = 0; i < challenger.length; i++) {
            challenger[i] = Math.round((random.nextDouble() * 0.9 + 0.06) * 100) / 100.0;
        }
        MannWhitneyJudge.Verdict verdict = JUDGE.judge(champion, challenger);
        assertThat(verdict.u()).isCloseTo(referenceU(champion, challenger), within(1e-6));
        assertThat(verdict.p()).isCloseTo(referenceP(champion, challenger), within(1e-6));
        assertThat(verdict.effect()).isCloseTo(referenceU(champion, challenger) / (300.0 * 240) - 0.5, within(1e-12));
    }

    @Test
    void samplesBelowTheMinimumHold() {
        MannWhitneyJudge.Verdict verdict = JUDGE.judge(new double[49], new double[500]);
        assertThat(verdict.outcome()).isEqualTo(MannWhitneyJudge.Outcome.HOLD);
        assertThat(verdict.reason()).contains("sample too small", "minimum 50");
    }

    @Test
    void sameDistributionProceedsAShiftedOneRollsBackASmallSignificantShiftHolds() {
        Random random = new Random(11);
        double[] champion = draw(random, 4000, 0.0);
        assertThat(JUDGE.judge(champion, draw(random, 4000, 0.0)).outcome())
                .isEqualTo(MannWhitneyJudge.Outcome.PROCEED);
        assertThat(JUDGE.judge(champion, draw(random, 4000, 0.25)).outcome())
                .isEqualTo(MannWhitneyJudge.Outcome.ROLLBACK);
        MannWhitneyJudge.Verdict small =
                new MannWhitneyJudge(50, 0.01, 0.05).judge(draw(random, 200_000, 0.0), draw(random, 200_000, 0.01));
        assertThat(small.p()).isLessThan(0.01);
        assertThat(small.outcome()).isEqualTo(MannWhitneyJudge.Outcome.HOLD);
        assertThat(small.reason()).startsWith("inconclusive");
    }

    private static double[] draw(Random random, int n, double shift) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.min(1, Math.max(0, 0.3 + 0.15 * random.nextGaussian() + shift));
        }
        return values;
    }

    private static double referenceU(double[] champion, double[] challenger) {
        double u = 0;
        for (double c : challenger) {
            for (double x : champion) {
                u += c > x ? 1 : c == x ? 0.5 : 0;
            }
        }
        return u;
    }

    /** Two-sided, normal approximation without tie or continuity correction: 2 * Phi(-|z|) = erfc(|z| / sqrt 2). */
    private static double referenceP(double[] champion, double[] challenger) {
        double n1 = challenger.length;
        double n2 = champion.length;
        double z = (referenceU(champion, challenger) - n1 * n2 / 2) / Math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12);
        return Erf.erfc(Math.abs(z) / Math.sqrt(2));
    }
}
