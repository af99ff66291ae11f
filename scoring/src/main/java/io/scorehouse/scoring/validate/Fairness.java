package io.scorehouse.scoring.validate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fairness spot-check of a staging run: the approval rate of each segment (tenant, and age band
 * when the model reads age) against the overall rate. Segments under the minimum size are shown
 * but never judged — their rate is noise. Only segment labels leave Spark, never rows.
 */
record Fairness(double overallRate, List<Segment> segments, double maxGapPp, List<String> watchlist) {
    static final String AGE = "age_years";

    record Segment(String segment, long rows, double approvalRate, double gapPp, boolean judged) {}

    static Fairness of(Dataset<Row> scored, String approveDecision, long minRows, double watchGapPp) {
        Column approved = when(col("decision").equalTo(approveDecision), 1).otherwise(0);
        Row overall = scored.agg(
                        org.apache.spark.sql.functions.count(lit(1)), org.apache.spark.sql.functions.avg(approved))
                .head();
        double rate = overall.getLong(0) == 0 ? 0 : overall.getDouble(1);

        List<Column> labels = new ArrayList<>();
        labels.add(concat(lit("tenant="), col("tenant_id")));
        if (Arrays.asList(scored.columns()).contains(AGE)) {
            labels.add(concat(
                    lit("age="),
                    when(col(AGE).lt(30), "18-29")
                            .when(col(AGE).lt(45), "30-44")
                            .when(col(AGE).lt(60), "45-59")
                            .otherwise("60+")));
        }
        Dataset<Row> bySegment = null;
        for (Column label : labels) {
            Dataset<Row> one = scored.select(label.as("segment"), approved.as("approved"));
            bySegment = bySegment == null ? one : bySegment.unionAll(one);
        }
        List<Segment> segments = new ArrayList<>();
        List<String> watchlist = new ArrayList<>();
        double maxGap = 0;
        for (Row r : bySegment
                .groupBy("segment")
                .agg(
                        org.apache.spark.sql.functions.count(lit(1)).as("n"),
                        org.apache.spark.sql.functions.avg("approved").as("rate"))
                .orderBy("segment")
                .collectAsList()) {
            long n = r.getLong(1);
            double gap = Math.abs(r.getDouble(2) - rate) * 100;
            boolean judged = n >= minRows;
            segments.add(new Segment(r.getString(0), n, r.getDouble(2), gap, judged));
            if (judged) {
                maxGap = Math.max(maxGap, gap);
                if (gap > watchGapPp) {
                    watchlist.add(r.getString(0));
                }
            }
        }
        return new Fairness(rate, segments, maxGap, watchlist);
    }

    StagingReportFile.FairnessCheck toEvidence() {
        return new StagingReportFile.FairnessCheck(
                round(overallRate),
                round(maxGapPp),
                segments.stream()
                        .map(s -> new StagingReportFile.Segment(
                                s.segment(), s.rows(), round(s.approvalRate()), round(s.gapPp()), s.judged()))
                        .toList(),
                watchlist);
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
