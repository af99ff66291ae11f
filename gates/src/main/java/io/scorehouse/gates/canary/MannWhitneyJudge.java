package io.scorehouse.gates.canary;

import java.util.Arrays;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The statistical half of a canary gate (DESIGN §5): do the challenger's scores come from the
 * champion's distribution? Mann-Whitney U (ranks with averaged ties, two-sided normal
 * approximation) says whether there is evidence of a difference; the effect size
 * {@code P(challenger > champion) − 0.5} says whether it matters. Large samples make tiny shifts
 * "significant", so significance alone never rolls back:
 * <ul>
 *   <li>either arm under {@code minSample}: HOLD (too little to judge);</li>
 *   <li>p ≥ alpha: PROCEED (no evidence of a difference);</li>
 *   <li>p &lt; alpha and |effect| ≥ maxEffect: ROLLBACK;</li>
 *   <li>p &lt; alpha and |effect| &lt; maxEffect: HOLD (inconclusive: real but small; observe the next window).</li>
 * </ul>
 */
public final class MannWhitneyJudge {
    private final int minSample;
    private final double alpha;
    private final double maxEffect;

    public MannWhitneyJudge(int minSample, double alpha, double maxEffect) {
        if (minSample < 1 || !(alpha > 0 && alpha < 1) || !(maxEffect > 0 && maxEffect <= 0.5)) {
            throw new IllegalArgumentException("need minSample >= 1, 0 < alpha < 1, 0 < maxEffect <= 0.5");
        }
        this.minSample = minSample;
        this.alpha = alpha;
        this.maxEffect = maxEffect;
    }

    public Verdict judge(double[] champion, double[] challenger) {
        if (champion.length < minSample || challenger.length < minSample) {
            return new Verdict(
                    Outcome.HOLD,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    champion.length,
                    challenger.length,
                    "sample too small: " + challenger.length + " challenger and " + champion.length
                            + " champion scores (minimum " + minSample + " each)");
        }
        double u = challengerU(champion, challenger);
        double p =
                new MannWhitneyUTest(NaNStrategy.FAILED, TiesStrategy.AVERAGE).mannWhitneyUTest(challenger, champion);
        double effect = u / ((double) challenger.length * champion.length) - 0.5;
        if (p >= alpha) {
            return new Verdict(
                    Outcome.PROCEED,
                    u,
                    p,
                    effect,
                    champion.length,
                    challenger.length,
                    String.format("no evidence of a different score distribution (p = %.4g >= %s)", p, alpha));
        }
        if (Math.abs(effect) >= maxEffect) {
            return new Verdict(
                    Outcome.ROLLBACK,
                    u,
                    p,
                    effect,
                    champion.length,
                    challenger.length,
                    String.format(
                            "challenger scores differ: P(challenger > champion) - 0.5 = %+.3f (limit %s), p = %.3g",
                            effect, maxEffect, p));
        }
        return new Verdict(
                Outcome.HOLD,
                u,
                p,
                effect,
                champion.length,
                challenger.length,
                String.format(
                        "inconclusive: significant (p = %.3g) but small (effect %+.3f < %s)", p, effect, maxEffect));
    }

    /** U of the challenger: how many (challenger, champion) pairs the challenger wins, ties counting half. */
    static double challengerU(double[] champion, double[] challenger) {
        double[] all = Arrays.copyOf(challenger, challenger.length + champion.length);
        System.arraycopy(champion, 0, all, challenger.length, champion.length);
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(all);
        double rankSum = 0;
        for (int i = 0; i < challenger.length; i++) {
            rankSum += ranks[i];
        }
        return rankSum - (double) challenger.length * (challenger.length + 1) / 2;
    }

    public enum Outcome {
        PROCEED,
        HOLD,
        ROLLBACK
    }

    /**
     * @param u      the challenger's U statistic
     * @param p      two-sided p-value (normal approximation)
     * @param effect P(challenger > champion) + ½P(tie) − ½
     */
    public record Verdict(
            Outcome outcome, double u, double p, double effect, int championSize, int challengerSize, String reason) {}
}
