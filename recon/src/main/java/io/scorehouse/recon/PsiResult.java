package io.scorehouse.recon;

import java.util.List;

/**
 * PSI of one segment (a value of segment, region or channel) for one model version, after the
 * guardrail policy: {@code psi} is NaN when the sample is too small to say anything
 * ({@value #INSUFFICIENT}) or the version has no baseline.
 */
public record PsiResult(
        String modelName,
        int modelVersion,
        String dimension,
        String segment,
        long sampleSize,
        double psi,
        String status,
        boolean conservativeMode,
        List<Long> actualBins) {
    public static final String OK = "ok";
    public static final String DRIFT = "drift";
    public static final String INSUFFICIENT = "insufficient_sample";
    public static final String NO_BASELINE = "no_baseline";

    public PsiResult {
        actualBins = List.copyOf(actualBins);
    }
}
