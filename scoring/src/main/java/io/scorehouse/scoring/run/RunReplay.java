package io.scorehouse.scoring.run;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.VerifiedModel;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.PipelineDefinitions;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.run.RunLedger;
import io.scorehouse.lakehouse.run.RunRecord;
import io.scorehouse.lakehouse.spark.PointInTimeRead;
import io.scorehouse.lakehouse.spark.ScoredStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How an auditor proves which model scored whom on which data: a finalized run re-scored from its
 * pins (input version, model and challenger digests, policy digest, as_of_out, canary allocation)
 * into a scratch location, then compared with the published rows entity by entity. Nothing is
 * published; any difference is an integrity failure (exit 5).
 */
public final class RunReplay {
    /**
     * What must be equal, row by row: every governed column but the join key, the quality flag in
     * {@code runtime_meta} (from the checks, not the scoring) and the job and partition (the join).
     */
    private static final List<String> COMPARED = GovernedRows.COLUMNS.stream()
            .filter(c -> !List.of("request_id", "runtime_meta", "job_id", "dt").contains(c))
            .toList();

    private final SparkSession spark;
    private final ScorehouseConfig config;
    private final RunLedger ledger;
    private final ModelRegistry registry;
    private final EntityTokenizer tokenizer;
    private final ArtifactStore artifacts;
    private final java.util.function.Supplier<java.util.Set<String>> suppressedKeys;

    public RunReplay(
            SparkSession spark,
            ScorehouseConfig config,
            RunLedger ledger,
            ModelRegistry registry,
            EntityTokenizer tokenizer,
            ArtifactStore artifacts,
            java.util.function.Supplier<java.util.Set<String>> suppressedKeys) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.suppressedKeys = requireNonNull(suppressedKeys, "suppressedKeys is null");
    }

    /** Replays {@code jobId}; returns the one-line verdict when identical, throws (exit 5) naming the differences. */
    public String replay(String jobId) {
        String what = "replay " + jobId;
        RunRecord record = ledger.requireFinalized(jobId, "replay");
        PinnedRun run = pinned(record, what);
        Suppression.Filtered input = input(run);
        Dataset<Row> replayed = rescore(run, input.rows(), what);
        Path scratch = artifacts.replay(jobId);
        replayed.write().mode("overwrite").parquet(scratch.toString());
        Dataset<Row> published = new ScoredStore(spark, config.catalog().name())
                .publishedByJob(run.key().date(), jobId);
        Differences differences = compare(spark.read().parquet(scratch.toString()), published);
        if (!differences.none()) {
            throw new IntegrityException(what, differences.describe() + " (replayed rows: " + scratch + ")");
        }
        return "identical: " + differences.rows() + " rows of " + jobId + " re-scored from its pins (input version "
                + run.inputVersion() + ", " + run.model() + " "
                + run.modelDigest().value() + ") match the published rows"
                + (input.skipped() > 0
                        ? "; " + input.skipped() + " erased entities skipped (erased, not compared)"
                        : "");
    }

    /** The run's pins under the configuration it ran with (a changed configuration cannot reproduce it). */
    private PinnedRun pinned(RunRecord record, String what) {
        PipelineDefinition pipeline = new PipelineDefinitions(config.confDir()).load(record.pipeline());
        RunConfiguration configuration = RunConfiguration.of(config, pipeline, tokenizer);
        configuration.requireSameAs(
                record, what, "since the run; a replay needs the configuration it was pinned under");
        return PinnedRun.of(pipeline, record, configuration);
    }

    /** The run's pinned input, without the keys erased since (their published rows were erased too). */
    private Suppression.Filtered input(PinnedRun run) {
        VerifiedModel champion = registry.verify(run.model());
        Set<String> features = new LinkedHashSet<>(champion.version().features());
        run.canary()
                .ifPresent(pin ->
                        features.addAll(registry.verify(new ModelRef(run.model().name(), pin.challengerVersion()))
                                .version()
                                .features()));
        return Suppression.apply(
                new PointInTimeRead(spark, config.warehouse())
                        .read(run.pipeline(), run.inputVersion(), run.asOf(), List.copyOf(features), tokenizer),
                suppressedKeys.get());
    }

    private Dataset<Row> rescore(PinnedRun run, Dataset<Row> input, String what) {
        VerifiedModel champion = verified(run.model(), run.modelDigest().value(), what);
        Optional<RunArms.Arm> challenger = run.canary().map(pin -> {
            VerifiedModel model =
                    verified(new ModelRef(run.model().name(), pin.challengerVersion()), pin.challengerDigest(), what);
            return new RunArms.Arm(
                    model, run.challengerRows(model.version().features(), InputVerdict.OK), pin.percent());
        });
        return RunArms.score(
                spark,
                input,
                champion,
                run.championRows(champion.version().features(), InputVerdict.OK),
                challenger,
                UnaryOperator.identity());
    }

    private VerifiedModel verified(ModelRef ref, String pinnedDigest, String what) {
        VerifiedModel model = registry.verify(ref);
        if (!model.version().modelDigest().equals(pinnedDigest)) {
            throw new IntegrityException(what, ref + " digest differs from the one the run pinned");
        }
        return model;
    }

    /** Row-by-row differences by request id, counted per column. */
    record Differences(long rows, long missing, long unexpected, Map<String, Long> byColumn) {
        boolean none() {
            return missing == 0 && unexpected == 0 && byColumn.values().stream().allMatch(n -> n == 0);
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            byColumn.forEach((column, n) -> {
                if (n > 0) {
                    parts.add(column + ": " + n + " rows");
                }
            });
            return "replayed rows differ from the published ones — " + missing + " published rows missing from the "
                    + "replay, " + unexpected + " replayed rows not published"
                    + (parts.isEmpty() ? "" : ", differing " + String.join(", ", parts));
        }
    }

    private static Differences compare(Dataset<Row> replayed, Dataset<Row> published) {
        Dataset<Row> joined = replayed.as("r")
                .join(published.as("p"), col("r.request_id").equalTo(col("p.request_id")), "full_outer");
        List<Column> counts = new ArrayList<>();
        counts.add(expr("count_if(r.request_id IS NOT NULL AND p.request_id IS NOT NULL)")
                .as("rows"));
        counts.add(expr("count_if(r.request_id IS NULL)").as("missing"));
        counts.add(expr("count_if(p.request_id IS NULL)").as("unexpected"));
        for (String column : COMPARED) {
            counts.add(expr("count_if(r.request_id IS NOT NULL AND p.request_id IS NOT NULL AND NOT (r." + column
                            + " <=> p." + column + "))")
                    .as(column));
        }
        Row row = joined.select(counts.toArray(Column[]::new)).head();
        Map<String, Long> byColumn = new LinkedHashMap<>();
        for (int i = 0; i < COMPARED.size(); i++) {
            byColumn.put(COMPARED.get(i), row.getLong(3 + i));
        }
        return new Differences(row.getLong(0), row.getLong(1), row.getLong(2), byColumn);
    }
}
