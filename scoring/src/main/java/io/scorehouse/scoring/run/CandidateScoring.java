package io.scorehouse.scoring.run;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.admission.DataGate;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.VerifiedModel;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.spark.CachedFrames;
import io.scorehouse.lakehouse.spark.PointInTimeRead;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Scores a business date with a candidate version outside the publication path — for a staging
 * report or a shadow evaluation. Same governance as a run (verified artifacts, {@code batch.data},
 * point-in-time read with HMAC keys, the input contract, the governed row shape) but not
 * {@code batch.model}: a candidate is by definition not Approved yet. Nothing here writes the
 * scored store; latency is measured per batch of 1,000 rows.
 */
public final class CandidateScoring {
    private final SparkSession spark;
    private final ScorehouseConfig config;
    private final ModelRegistry registry;
    private final PolicyBundle policies;
    private final EntityTokenizer tokenizer;
    private final Clock clock;

    public CandidateScoring(
            SparkSession spark,
            ScorehouseConfig config,
            ModelRegistry registry,
            PolicyBundle policies,
            EntityTokenizer tokenizer,
            Clock clock) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The identity of the HMAC key candidate rows are keyed with (a shadow table must match the store's). */
    public String entityKeyId() {
        return tokenizer.keyId();
    }

    /**
     * The governed rows of {@code date} scored by {@code ref}, cached in {@code cached} (the caller releases them,
     * on every path, by closing it); {@code purpose} names the job ({@code staging}, {@code shadow}) in
     * {@code job_id} and the run key.
     */
    public Scored score(
            ModelRef ref, PipelineDefinition pipeline, LocalDate date, String purpose, CachedFrames cached) {
        return score(
                ref,
                pipeline,
                date,
                new PointInTimeRead(spark, config.warehouse()).currentVersion(pipeline.dataset()),
                null,
                purpose,
                cached);
    }

    /**
     * As {@link #score(ModelRef, PipelineDefinition, LocalDate, String, CachedFrames)}, on input version
     * {@code inputVersion} (a run's pin) and only the entities {@code where} selects (null: all).
     */
    public Scored score(
            ModelRef ref,
            PipelineDefinition pipeline,
            LocalDate date,
            long inputVersion,
            Column where,
            String purpose,
            CachedFrames cached) {
        VerifiedModel model = registry.verify(ref);
        List<String> features = model.version().features();
        DataGate.admit(policies, pipeline, features);
        PointInTimeRead reader = new PointInTimeRead(spark, config.warehouse());
        InputContract.requireFresh(reader, pipeline, inputVersion, date);
        RunConfiguration configuration = RunConfiguration.of(config, pipeline, tokenizer);
        InputContract.require(reader, pipeline.dataset(), inputVersion, configuration);
        Dataset<Row> input = reader.read(pipeline, inputVersion, PointInTimeRead.endOf(date), features, tokenizer);
        if (where != null) {
            input = input.where(where);
        }

        CollectionAccumulator<Double> latencies = ScoreLatency.accumulator(spark, purpose + "-latency");
        long started = System.nanoTime();
        ExplainPolicy explaining = ExplainPolicy.of(pipeline, configuration.reasons());
        Dataset<Row> scored =
                cached.cache(BoosterScorer.timed(spark, model.modelBytes(), features, explaining, latencies)
                        .score(input)
                        .withColumn("decision", DecisionBands.of(pipeline.decisionBands())));
        long rows = scored.count();
        double seconds = (System.nanoTime() - started) / 1e9;

        String jobId = purpose + "_" + ref.name() + "_v" + ref.version() + "_" + date;
        Instant asOfOut = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        GovernedRows.Pins pins = GovernedRows.Pins.of(
                purpose + ":" + ref + "/dt=" + date,
                jobId,
                pipeline,
                ref,
                model.version().modelDigest(),
                features,
                policies.digest(),
                asOfOut,
                date,
                inputVersion,
                "ok",
                configuration.reasons());
        Dataset<Row> governed = GovernedRows.from(scored, pins);
        return new Scored(model, pipeline, inputVersion, scored, governed, rows, seconds, ScoreLatency.of(latencies));
    }

    /**
     * @param scored   the input columns (tenant, key, features) with {@code score}, {@code explanations}, {@code decision}; cached
     *                 until the caller's {@link CachedFrames} closes
     * @param governed the same rows in the governed schema of {@code scored.predictions}
     */
    public record Scored(
            VerifiedModel model,
            PipelineDefinition pipeline,
            long inputVersion,
            Dataset<Row> scored,
            Dataset<Row> governed,
            long rows,
            double seconds,
            ScoreLatency latency) {
        public double rowsPerSecond() {
            return seconds > 0 ? rows / seconds : 0;
        }
    }
}
