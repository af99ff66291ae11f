package io.scorehouse.scoring.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.ReasonCodes;
import io.scorehouse.lakehouse.controlplane.LastScores;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Turns scored rows into the governed schema of {@code scored.predictions}. Every value is a
 * function of what the run pinned (run key, model digest, as_of_out, input version), never of
 * the attempt, so a retry produces byte-identical rows and idempotency keys:
 * {@code request_id = sha256(run_key|entity_key)[0..32]},
 * {@code idempo_key = sha256(request_id|model_digest|entity_key|as_of_out)} (spec Z6-2.6 §2.3).
 */
final class GovernedRows {
    static final List<String> COLUMNS = List.of(
            "request_id",
            "tenant_id",
            "entity_key",
            "model_name",
            "model_version",
            "model_digest",
            "score",
            "decision",
            "as_of_in",
            "as_of_out",
            "featureset_id",
            "explanations",
            "reason_codes",
            "runtime_meta",
            "policy_digest",
            "job_id",
            "idempo_key",
            "dt");

    /** The arm a computed row was scored in, by index (0: the champion). */
    private static final String ARM = "_arm";

    private GovernedRows() {}

    /** What a run pinned and decided, the inputs of every governed column; built by {@link #of}. */
    record Pins(
            String runKey,
            String jobId,
            String pipeline,
            String modelName,
            int modelVersion,
            String modelDigest,
            String policyDigest,
            Instant asOfOut,
            LocalDate date,
            String featuresetId,
            long inputVersion,
            String quality,
            List<PipelineDefinition.DecisionBand> bands,
            ExplainPolicy explaining) {

        /**
         * The pins of one arm (the model version {@code arm} with {@code armDigest} and its
         * {@code features}) of a run or candidate scoring keyed {@code runKey}.
         */
        static Pins of(
                String runKey,
                String jobId,
                PipelineDefinition pipeline,
                ModelRef arm,
                String armDigest,
                List<String> features,
                String policyDigest,
                Instant asOfOut,
                LocalDate date,
                long inputVersion,
                String quality,
                ReasonCodes reasons) {
            return new Pins(
                    runKey,
                    jobId,
                    pipeline.name(),
                    arm.name(),
                    arm.version(),
                    armDigest,
                    policyDigest,
                    asOfOut,
                    date,
                    featuresetId(pipeline, features, inputVersion),
                    inputVersion,
                    quality,
                    pipeline.decisionBands(),
                    ExplainPolicy.of(pipeline, reasons));
        }

        /** Which features of which dataset version produced a score. */
        private static String featuresetId(PipelineDefinition pipeline, List<String> features, long inputVersion) {
            return "fs-"
                    + Digests.sha256Hex(pipeline.dataset() + "@" + inputVersion + "|" + String.join(",", features))
                            .substring(0, 16);
        }
    }

    /**
     * One aggregate over the output, by name.
     *
     * @param explained rows that carry explanations (the pipeline's explanations policy chose them)
     */
    record OutputStats(long rows, long invalidScores, double minScore, double maxScore, long explained) {}

    /** {@code scored} in the governed schema, every row stamped with {@code pins}. */
    static Dataset<Row> from(Dataset<Row> scored, Pins pins) {
        return stamped(computed(scored, pins, 0), List.of(pins));
    }

    /**
     * The governed columns that differ from row to row, and the row's arm ({@code arm}, the index of its pins in
     * what {@link #stamped} is given): what a run caches between scoring and publishing. The columns every row of an
     * arm shares (model, digests, job, date: a third of a row's bytes) are left to {@link #stamped}, after the cache.
     */
    static Dataset<Row> computed(Dataset<Row> scored, Pins pins, int arm) {
        Column requestId = substring(sha2(concat_ws("|", lit(pins.runKey()), col("entity_key")), 256), 1, 32);
        Column idempoKey = sha2(
                concat_ws(
                        "|",
                        requestId,
                        lit(pins.modelDigest()),
                        col("entity_key"),
                        lit(pins.asOfOut().toString())),
                256);
        return scored.select(
                requestId.as("request_id"),
                col("tenant_id"),
                col("entity_key"),
                col(BoosterScorer.SCORE).as("score"),
                DecisionBands.of(pins.bands()).as("decision"),
                col("as_of_in"),
                col(BoosterScorer.EXPLANATIONS).as("explanations"),
                col(BoosterScorer.REASON_CODES).as("reason_codes"),
                idempoKey.as("idempo_key"),
                lit(arm).as(ARM));
    }

    /** {@link #computed} rows in the governed schema: each row stamped with the pins of its arm ({@code arms}, by index). */
    static Dataset<Row> stamped(Dataset<Row> computed, List<Pins> arms) {
        return computed.select(
                col("request_id"),
                col("tenant_id"),
                col("entity_key"),
                pinned(arms, pins -> lit(pins.modelName())).as("model_name"),
                pinned(arms, pins -> lit(pins.modelVersion())).as("model_version"),
                pinned(arms, pins -> lit(pins.modelDigest())).as("model_digest"),
                col("score"),
                col("decision"),
                col("as_of_in"),
                pinned(arms, pins -> lit(Timestamp.from(pins.asOfOut()))).as("as_of_out"),
                pinned(arms, pins -> lit(pins.featuresetId())).as("featureset_id"),
                col("explanations"),
                col("reason_codes"),
                pinned(
                                arms,
                                pins -> map(
                                        lit("quality"),
                                        lit(pins.quality()),
                                        lit("pipeline"),
                                        lit(pins.pipeline()),
                                        lit("input_version"),
                                        lit(String.valueOf(pins.inputVersion())),
                                        lit("scorer"),
                                        lit("xgboost-native")))
                        .as("runtime_meta"),
                pinned(arms, pins -> lit(pins.policyDigest())).as("policy_digest"),
                pinned(arms, pins -> lit(pins.jobId())).as("job_id"),
                col("idempo_key"),
                pinned(arms, pins -> lit(Date.valueOf(pins.date()))).as("dt"));
    }

    /** A pinned value: the one arm's, or the value of the row's arm. */
    private static Column pinned(List<Pins> arms, Function<Pins, Column> value) {
        if (arms.size() == 1) {
            return value.apply(arms.get(0));
        }
        Column chosen = when(col(ARM).equalTo(1), value.apply(arms.get(1)));
        for (int arm = 2; arm < arms.size(); arm++) {
            chosen = chosen.when(col(ARM).equalTo(arm), value.apply(arms.get(arm)));
        }
        return chosen.otherwise(value.apply(arms.get(0)));
    }

    /**
     * One aggregate over the output: row count, rows whose score is not a probability (NaN,
     * infinite, outside [0, 1]), and the minimum and maximum score.
     */
    static OutputStats validate(Dataset<Row> governed) {
        Row stats = governed.selectExpr(
                        "count(*) AS rows",
                        "count_if(score IS NULL OR isnan(score) OR score < 0 OR score > 1) AS invalid",
                        "min(score) AS min_score",
                        "max(score) AS max_score",
                        "count(explanations) AS explained")
                .head();
        long rows = stats.getAs("rows");
        return new OutputStats(
                rows,
                stats.<Long>getAs("invalid"),
                rows == 0 ? Double.NaN : stats.<Double>getAs("min_score"),
                rows == 0 ? Double.NaN : stats.<Double>getAs("max_score"),
                stats.<Long>getAs("explained"));
    }

    /**
     * The hot-store view of governed rows (published or a revocation's fallbacks), streamed to the driver one
     * range of keys (one shuffle partition) at a time, in the hot store's key order: each upsert batch then writes
     * neighbouring pages of its key-clustered table, not one page per row (a 10M first fill 600 s in the executors'
     * order, 96 s in key order, session 26; updates of a store filled in either order 6–8 s a million rows, session
     * 27: BENCHMARKS.md).
     */
    static Iterator<LastScores.LastScore> lastScores(Dataset<Row> governed) {
        Iterator<Row> rows = governed.select(
                        col("tenant_id"),
                        col("entity_key"),
                        col("model_name"),
                        col("model_version"),
                        col("score"),
                        col("decision"),
                        expr("unix_micros(as_of_out)"),
                        col("job_id"),
                        col("idempo_key"),
                        col("request_id"))
                .orderBy("tenant_id", "entity_key", "model_name")
                .toLocalIterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public LastScores.LastScore next() {
                return lastScore(rows.next());
            }
        };
    }

    private static LastScores.LastScore lastScore(Row r) {
        return new LastScores.LastScore(
                r.getString(0),
                r.getString(1),
                r.getString(2),
                r.getInt(3),
                r.getDouble(4),
                r.getString(5),
                r.getLong(6),
                r.getString(7),
                r.getString(8),
                r.getString(9));
    }
}
