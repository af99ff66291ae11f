package io.scorehouse.scoring.run;

import static org.apache.spark.sql.functions.expr;

import io.scorehouse.gates.canary.ScorePsi;
import io.scorehouse.gates.registry.ModelBaseline;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.quality.CheckReport;
import io.scorehouse.quality.CheckResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * After scoring, before staging: the champion's scores of this run against the score histogram of
 * its training population (PSI over the baseline's ten bins). Judged only with at least the
 * pipeline's minimum sample — below it PSI is noise (the rule recon's guardrail uses).
 */
final class OutputDrift {
    static final String FAMILY = "output";

    private OutputDrift() {}

    /** The {@code output} check report of {@code governed}'s rows of {@code championVersion}. */
    static CheckReport check(
            Dataset<Row> governed, int championVersion, ModelBaseline baseline, PipelineDefinition.OutputDrift rule) {
        String bin = ModelBaseline.scoreBinSql("score");
        List<Column> counts = new ArrayList<>();
        for (int i = 0; i < ScorePsi.BINS; i++) {
            counts.add(expr("count_if(model_version = " + championVersion + " AND " + bin + " = " + i + ")"));
        }
        Row row = governed.select(counts.toArray(Column[]::new)).head();
        long[] actual = new long[ScorePsi.BINS];
        long sample = 0;
        for (int i = 0; i < ScorePsi.BINS; i++) {
            actual[i] = row.getLong(i);
            sample += actual[i];
        }
        double psi = ScorePsi.of(ScorePsi.counts(baseline.scoreBinCounts()), actual);
        boolean judged = sample >= rule.minSample() && !Double.isNaN(psi);
        return new CheckReport(
                FAMILY,
                List.of(new CheckResult(
                        "score_psi",
                        "score",
                        !judged || psi <= rule.maxPsi(),
                        psi,
                        "<= " + rule.maxPsi() + " against the training scores"
                                + (judged ? "" : " (not judged: " + sample + " scores < " + rule.minSample() + ")"))));
    }
}
