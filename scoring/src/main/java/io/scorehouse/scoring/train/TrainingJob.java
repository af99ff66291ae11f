package io.scorehouse.scoring.train;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scorehouse.gates.registry.ModelBaseline;
import io.scorehouse.gates.registry.ModelCard;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.registry.Registration;
import io.scorehouse.gates.registry.Sbom;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.SqlFiles;
import io.scorehouse.lakehouse.config.ModelDefinition;
import io.scorehouse.lakehouse.spark.CachedFrames;
import io.scorehouse.lakehouse.spark.PointInTimeRead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a binary classifier with XGBoost4J-Spark from the tables its model definition
 * ({@code conf/models/<name>.yaml}) names and registers it: point-in-time training set from Delta
 * tables pinned to their current versions, an
 * entity-level holdout (20 %, by hash of the raw id, so no customer is in both), holdout AUC and
 * logloss, the baseline, a CycloneDX SBOM, then a signed Staging version in the registry.
 * Raw ids and PII never leave Spark: nothing but aggregates and the booster is written.
 *
 * <p>Over 300 lines: one training run end to end, from pinned reads to the registered version.
 */
public final class TrainingJob {
    private static final Logger LOG = LogManager.getLogger(TrainingJob.class);
    private static final int HOLDOUT_BUCKETS = 5;
    private static final String FEATURES_VECTOR = "features";
    /** The training set's entity column (the raw id, used for the holdout split and dropped before fitting). */
    private static final String ENTITY = "entity_id";

    private static final List<Double> QUANTILES = List.of(0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final SparkSession spark;
    private final String warehouse;
    private final ModelRegistry registry;
    private final Signer signer;
    private final Path stagingRoot;
    private final Clock clock;

    public TrainingJob(
            SparkSession spark,
            String warehouse,
            ModelRegistry registry,
            Signer signer,
            Path stagingRoot,
            Clock clock) {
        this.spark = requireNonNull(spark, "spark is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.signer = requireNonNull(signer, "signer is null");
        this.stagingRoot = requireNonNull(stagingRoot, "stagingRoot is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Trains on labels up to {@code cutoff} (inclusive) and registers the result as Staging. */
    public TrainingResult run(ModelSpec spec, LocalDate cutoff, String actor, String policyDigest) {
        String runId = "train-" + spec.name() + "-"
                + Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString().replaceAll("[-:]", "") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        ModelDefinition definition = spec.definition();
        long featuresVersion = pinnedVersion(definition.featuresTable());
        long labelsVersion = pinnedVersion(definition.labelsTable());
        Progress.step(
                "train: {} from {}@v{} and {}@v{}, labels up to {}",
                spec.name(),
                definition.featuresTable(),
                featuresVersion,
                definition.labelsTable(),
                labelsVersion,
                cutoff);

        // released on every path: a refused training (too few rows) must not leave the training set cached
        try (CachedFrames cached = new CachedFrames()) {
            Dataset<Row> trainingSet = cached.cache(trainingSet(spec, cutoff, featuresVersion, labelsVersion));
            Dataset<Row> train = cached.cache(
                    trainingSet.where(holdout(definition) + " <> 0").drop(ENTITY));
            Dataset<Row> holdout =
                    cached.cache(trainingSet.where(holdout(definition) + " = 0").drop(ENTITY));
            long trainRows = train.count();
            long holdoutRows = holdout.count();
            if (trainRows < 100 || holdoutRows < 20) {
                throw new ScorehouseException(
                        ExitCode.DATA_QUALITY,
                        "train",
                        "too few labelled rows with history before their label date (" + trainRows + " train, "
                                + holdoutRows + " holdout): write more demo data first");
            }

            Progress.step(
                    "train: fitting XGBoost on {} rows, {} features",
                    trainRows,
                    spec.features().size());
            XGBoostClassificationModel model = fit(spec, train);
            logObjectiveHistory(model);
            Dataset<Row> scoredHoldout = withScore(model.transform(holdout));
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(
                    "auc",
                    new BinaryClassificationEvaluator()
                            .setLabelCol("label")
                            .setRawPredictionCol("probability")
                            .setMetricName("areaUnderROC")
                            .evaluate(scoredHoldout));
            metrics.put(
                    "logloss",
                    scoredHoldout
                            .selectExpr(
                                    "-avg(label * ln(greatest(score, 1e-15)) + (1 - label) * ln(greatest(1 - score, 1e-15)))")
                            .head()
                            .getDouble(0));
            metrics.put("holdout_rows", (double) holdoutRows);
            metrics.put("train_rows", (double) trainRows);
            metrics.put("label_rate", train.selectExpr("avg(label)").head().getDouble(0));
            Progress.step(
                    "train: holdout AUC {} logloss {}",
                    String.format("%.4f", metrics.get("auc")),
                    String.format("%.4f", metrics.get("logloss")));

            Path staged = stage(runId, spec, model, train, metrics, featuresVersion, labelsVersion, cutoff);
            Map<String, Long> inputVersions = new LinkedHashMap<>();
            inputVersions.put(definition.featuresTable(), featuresVersion);
            inputVersions.put(definition.labelsTable(), labelsVersion);
            int blocking = Sbom.blockingVulnerabilities(staged.resolve(ModelRegistry.SBOM_FILE));
            ModelVersion version = registry.register(
                    new Registration(
                            spec.name(),
                            staged,
                            runId,
                            definition.featuresTable(),
                            featuresVersion,
                            metrics,
                            spec.params(),
                            spec.features(),
                            blocking == 0 ? "PASS" : "FAIL",
                            tags(spec),
                            actor,
                            policyDigest,
                            definition.description(),
                            new ModelCard.Purpose(
                                    definition.card().intendedUse(),
                                    definition.card().outOfScope(),
                                    definition.card().limitations(),
                                    definition.card().owner()),
                            inputVersions),
                    signer);
            deleteRecursively(staged);
            Progress.step("train: registered {} as {}", version.ref(), version.stage());
            return new TrainingResult(version, metrics, inputVersions);
        }
    }

    private long pinnedVersion(String table) {
        if (!spark.catalog().tableExists(table)) {
            throw new ScorehouseException(
                    ExitCode.USAGE, "train", table + " does not exist: run `scorehouse demo-data --date D` first");
        }
        return new PointInTimeRead(spark, warehouse).currentVersion(table);
    }

    /** The holdout bucket of a row: by hash of the raw entity id, so no entity is on both sides. */
    private static String holdout(ModelDefinition definition) {
        return "pmod(xxhash64(" + ENTITY + "), " + HOLDOUT_BUCKETS + ")";
    }

    private Dataset<Row> trainingSet(ModelSpec spec, LocalDate cutoff, long featuresVersion, long labelsVersion) {
        ModelDefinition model = spec.definition();
        PointInTimeRead tables = new PointInTimeRead(spark, warehouse);
        tables.pinned(model.featuresTable(), featuresVersion).createOrReplaceTempView("train_features");
        tables.pinned(model.labelsTable(), labelsVersion).createOrReplaceTempView("train_labels");
        String casts = spec.features().stream()
                .map(f -> "CAST(f." + f + " AS DOUBLE) AS " + f)
                .collect(Collectors.joining(", "));
        ModelDefinition.Columns columns = model.columns();
        Dataset<Row> rows = spark.sql(SqlFiles.render(
                "sql/train/pit_training_set.sql",
                Map.of(
                        "feature_casts",
                        casts,
                        "feature_names",
                        String.join(", ", spec.features()),
                        "cutoff",
                        cutoff.toString(),
                        "entity_id",
                        columns.entityId(),
                        "tenant",
                        columns.tenant(),
                        "event_time",
                        columns.eventTime(),
                        "label",
                        columns.label(),
                        "label_date",
                        columns.labelDate())));
        // One assembled vector column: XGBoost4J-Spark 3.2 shifts its output columns when given
        // several raw feature columns (see XgboostOutputContractTest).
        return new VectorAssembler()
                .setInputCols(spec.features().toArray(String[]::new))
                .setOutputCol(FEATURES_VECTOR)
                .transform(rows);
    }

    /** XGBoost's per-round training objective (what its tracker prints unless told not to): the JSON log's, at DEBUG. */
    private static void logObjectiveHistory(XGBoostClassificationModel model) {
        if (LOG.isDebugEnabled() && model.summary().isDefined()) {
            float[] history = model.summary().get().trainObjectiveHistory();
            for (int round = 0; round < history.length; round++) {
                LOG.debug("train: round {} train-logloss {}", round, history[round]);
            }
        }
    }

    private static XGBoostClassificationModel fit(ModelSpec spec, Dataset<Row> train) {
        XGBoostClassifier classifier = new QuietXGBoostClassifier();
        classifier.setFeaturesCol(FEATURES_VECTOR);
        classifier.setVerbosity(0);
        classifier.setLabelCol("label");
        classifier.setObjective("binary:logistic");
        classifier.setNumRound(spec.training().numRound());
        classifier.setMaxDepth(spec.training().maxDepth());
        classifier.setEta(spec.training().eta());
        classifier.setSubsample(spec.training().subsample());
        classifier.setSeed(spec.training().seed());
        // One worker: training is small, and a single worker keeps the booster reproducible.
        classifier.setNumWorkers(1);
        return classifier.fit(train);
    }

    private static Dataset<Row> withScore(Dataset<Row> predictions) {
        return predictions.withColumn(
                "score", vector_to_array(col("probability"), "float64").getItem(1));
    }

    private Path stage(
            String runId,
            ModelSpec spec,
            XGBoostClassificationModel model,
            Dataset<Row> train,
            Map<String, Double> metrics,
            long featuresVersion,
            long labelsVersion,
            LocalDate cutoff) {
        try {
            Path dir = Files.createDirectories(stagingRoot.resolve(runId));
            byte[] booster = model.nativeBooster().toByteArray("ubj");
            Files.write(dir.resolve(ModelRegistry.MODEL_FILE), booster);

            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", spec.name());
            metadata.put("features", spec.features());
            metadata.put("format", "xgboost-ubj");
            metadata.put("objective", "binary:logistic");
            metadata.put("params", spec.params());
            metadata.put("metrics", metrics);
            metadata.put(
                    "training",
                    Map.of(
                            "run_id",
                            runId,
                            "features_dataset",
                            spec.definition().featuresTable(),
                            "features_delta_version",
                            featuresVersion,
                            "labels_dataset",
                            spec.definition().labelsTable(),
                            "labels_delta_version",
                            labelsVersion,
                            "label_cutoff",
                            cutoff.toString(),
                            "point_in_time",
                            "latest snapshot with "
                                    + spec.definition().columns().eventTime() + " < "
                                    + spec.definition().columns().labelDate(),
                            "holdout",
                            "pmod(xxhash64(" + spec.definition().columns().entityId() + "), " + HOLDOUT_BUCKETS
                                    + ") = 0"));
            metadata.put("runtime", Map.of("spark", spark.version(), "xgboost4j", xgboostVersion()));
            Files.write(dir.resolve(ModelRegistry.METADATA_FILE), JSON.writeValueAsBytes(metadata));

            baseline(spec, model, train).write(dir.resolve(ModelRegistry.BASELINE_FILE));
            Sbom.write(
                    Sbom.build(
                            spec.name(),
                            Digests.sha256Hex(booster),
                            System.getProperty("java.class.path"),
                            Instant.now(clock)),
                    dir.resolve(ModelRegistry.SBOM_FILE));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the model artifacts", e);
        } catch (XGBoostError e) {
            throw new ScorehouseException(
                    ExitCode.UNEXPECTED, "train", "cannot serialize the booster: " + e.getMessage(), e);
        }
    }

    /** Per-feature moments and quantiles, and the score histogram, over the training rows. */
    private static ModelBaseline baseline(ModelSpec spec, XGBoostClassificationModel model, Dataset<Row> train) {
        List<String> aggregates = new ArrayList<>();
        String quantiles = QUANTILES.stream().map(String::valueOf).collect(Collectors.joining(", "));
        for (String feature : spec.features()) {
            aggregates.add("avg(" + feature + ")");
            aggregates.add("stddev_pop(" + feature + ")");
            aggregates.add("min(" + feature + ")");
            aggregates.add("max(" + feature + ")");
            aggregates.add("percentile_approx(" + feature + ", array(" + quantiles + "), 10000)");
        }
        Row stats = train.selectExpr(aggregates.toArray(String[]::new)).head();
        Map<String, ModelBaseline.FeatureStats> features = new LinkedHashMap<>();
        for (int i = 0; i < spec.features().size(); i++) {
            int base = i * 5;
            List<Double> values = stats.getList(base + 4);
            Map<String, Double> byQuantile = new LinkedHashMap<>();
            for (int q = 0; q < QUANTILES.size(); q++) {
                byQuantile.put(String.valueOf(QUANTILES.get(q)), values.get(q));
            }
            features.put(
                    spec.features().get(i),
                    new ModelBaseline.FeatureStats(
                            stats.getDouble(base),
                            stats.getDouble(base + 1),
                            stats.getDouble(base + 2),
                            stats.getDouble(base + 3),
                            byQuantile));
        }

        Dataset<Row> scores = withScore(model.transform(train)).select(col("score"));
        List<Row> bins = scores.selectExpr(ModelBaseline.scoreBinSql("score") + " AS bin")
                .groupBy("bin")
                .count()
                .collectAsList();
        long[] counts = new long[ModelBaseline.SCORE_BINS];
        for (Row bin : bins) {
            counts[bin.getInt(0)] = bin.getLong(1);
        }
        double mean = scores.selectExpr("avg(score)").head().getDouble(0);
        List<Long> binCounts = new ArrayList<>();
        for (long count : counts) {
            binCounts.add(count);
        }
        return new ModelBaseline(spec.name(), train.count(), features, ModelBaseline.SCORE_BIN_EDGES, binCounts, mean);
    }

    private static Map<String, String> tags(ModelSpec spec) {
        Map<String, String> tags =
                new LinkedHashMap<>(new java.util.TreeMap<>(spec.definition().tags()));
        tags.put("degraded", String.valueOf(spec.degraded()));
        return tags;
    }

    private static String xgboostVersion() {
        String version = XGBoostClassifier.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir, e);
        }
    }

    /** The registered version and its holdout metrics. */
    /** @param inputVersions the Delta version of each table the training set was read from */
    public record TrainingResult(ModelVersion version, Map<String, Double> metrics, Map<String, Long> inputVersions) {
        public TrainingResult {
            inputVersions = Collections.unmodifiableMap(new LinkedHashMap<>(inputVersions));
        }
    }
}
