package io.scorehouse.quality;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Compliance;
import com.amazon.deequ.analyzers.CountDistinct;
import com.amazon.deequ.analyzers.Mean;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.StandardDeviation;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.analyzers.runners.AnalysisRunBuilder;
import com.amazon.deequ.analyzers.runners.AnalysisRunner;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The checks that run before scoring (spec Z6-2.5 §2.5): data contract, sanity, and drift
 * against the model's training baseline. Deequ computes the metrics (see {@link #sanityAndDrift}) and
 * stores them in a metrics repository for run history ({@link RunHistory}); the thresholds are
 * applied here, so each check reads like its requirement and its outcome is data.
 */
public final class InputChecks {
    private final RunHistory history;

    /** @param history where this run's metrics are kept and compared across runs; null keeps none */
    public InputChecks(RunHistory history) {
        this.history = history;
    }

    /**
     * The dataset's schema against its contract, both column name → Spark SQL type: every
     * contracted column present with its type ({@code column_present}, {@code column_type}), and no
     * column the contract does not list ({@code column_contracted}).
     */
    public static CheckReport contract(Map<String, String> datasetSchema, Map<String, String> contractSchema) {
        List<CheckResult> results = new ArrayList<>();
        contractSchema.forEach((column, type) -> {
            String actual = datasetSchema.get(column);
            results.add(new CheckResult(
                    "column_present", column, actual != null, actual != null ? 1 : 0, "present in the dataset"));
            if (actual != null) {
                boolean sameType = actual.equals(type);
                results.add(new CheckResult(
                        "column_type",
                        column,
                        sameType,
                        sameType ? 1 : 0,
                        type + (sameType ? "" : " (is " + actual + ")")));
            }
        });
        datasetSchema.keySet().stream()
                .filter(column -> !contractSchema.containsKey(column))
                .forEach(column ->
                        results.add(new CheckResult("column_contracted", column, false, 0, "listed in the contract")));
        return new CheckReport("contract", results);
    }

    public CheckReport sanity(Dataset<Row> rows, SanitySpec spec) {
        return sanity(run(rows, sanityAnalyzers(spec)), spec);
    }

    /**
     * Drift: standardized mean shift per feature, |mean − baseline mean| / baseline std. A feature
     * whose baseline std is 0 drifts as soon as its mean moves.
     *
     * @param baseline feature → {mean, std} of the training population
     */
    public CheckReport drift(Dataset<Row> rows, Map<String, double[]> baseline, double maxMeanShift) {
        return drift(run(rows, driftAnalyzers(baseline)), baseline, maxMeanShift);
    }

    /**
     * Sanity and drift from one scan of the input (Deequ shares it between all metrics) and a grouping pass for
     * the tenant count (and for key uniqueness, unless the spec names the reader's key ordinal);
     * with a run history, a third report flags the row count and feature means that are unlike
     * earlier runs (informational: it never fails a run).
     */
    public InputReports sanityAndDrift(
            Dataset<Row> rows, SanitySpec spec, Map<String, double[]> baseline, double maxMeanShift) {
        Map<String, Analyzer<?, Metric<?>>> analyzers = new LinkedHashMap<>(sanityAnalyzers(spec));
        analyzers.putAll(driftAnalyzers(baseline));
        Map<String, Double> metrics = run(rows, analyzers);
        long checked = Math.round(metrics.getOrDefault("size", 0.0));
        if (history == null) {
            return new InputReports(
                    sanity(metrics, spec),
                    drift(metrics, baseline, maxMeanShift),
                    new CheckReport(RunHistory.FAMILY, List.of()),
                    checked);
        }
        Map<String, Analyzer<?, Metric<?>>> tracked = new LinkedHashMap<>();
        analyzers.forEach((name, analyzer) -> {
            if (name.equals("size") || name.startsWith("mean:")) {
                tracked.put(name, analyzer);
            }
        });
        return new InputReports(
                sanity(metrics, spec),
                drift(metrics, baseline, maxMeanShift),
                history.anomalies(tracked, metrics),
                checked);
    }

    private static Map<String, Analyzer<?, Metric<?>>> sanityAnalyzers(SanitySpec spec) {
        Map<String, Analyzer<?, Metric<?>>> analyzers = new LinkedHashMap<>();
        analyzers.put("size", cast(new Size(Option.empty())));
        // The reader's ordinal makes key uniqueness a share in the shared scan: a grouping pass over 1M keys of
        // 64 characters was 2-3 s of a run's checks.
        analyzers.put(
                "uniqueness",
                spec.keyOrdinalColumn() != null
                        ? cast(holding(spec.keyOrdinalColumn(), "= 1"))
                        : cast(new Uniqueness(seq(spec.keyColumns()), Option.empty(), Option.empty())));
        // Exact, in a grouping pass of its own (a few rows a partition to shuffle; 0.4 s at 1M rows): Deequ's
        // HyperLogLog is an imperative aggregate, which tripled the shared scan's time (1.0 s against 0.35 s).
        analyzers.put("tenants", cast(new CountDistinct(seq(List.of(spec.tenantColumn())))));
        for (String column : spec.completeColumns()) {
            analyzers.put("completeness:" + column, cast(new Completeness(column, Option.empty(), Option.empty())));
        }
        for (String column : spec.criticalColumns()) {
            analyzers.put("completeness:" + column, cast(new Completeness(column, Option.empty(), Option.empty())));
        }
        // A bound is checked as the share of rows holding it (nulls are the null-rate check's): Deequ's Minimum and
        // Maximum round-trip every value through a string (for row-level results we do not use) — 1M rows, eight
        // ranged columns: 12 s, against 0.5 s for the whole scan with these.
        spec.ranges().forEach((column, range) -> {
            if (range[0] != Double.NEGATIVE_INFINITY) {
                analyzers.put("min:" + column, cast(holding(column, ">= " + range[0] + "D")));
            }
            if (range[1] != Double.POSITIVE_INFINITY) {
                analyzers.put("max:" + column, cast(holding(column, "<= " + range[1] + "D")));
            }
        });
        return analyzers;
    }

    /**
     * The share of rows whose {@code column} is null or satisfies {@code bound} (e.g. {@code >= 0.0D}). The column is
     * named to Deequ so that, were it missing, only this metric fails, not the whole scan it shares.
     */
    private static Compliance holding(String column, String bound) {
        String quoted = "`" + column.replace("`", "``") + "`";
        return new Compliance(
                column + " " + bound,
                quoted + " IS NULL OR " + quoted + " " + bound,
                Option.empty(),
                seq(List.of(column)).toList(),
                Option.empty());
    }

    private static CheckReport sanity(Map<String, Double> metrics, SanitySpec spec) {
        List<CheckResult> results = new ArrayList<>();
        double size = metrics.getOrDefault("size", 0.0);
        results.add(new CheckResult("min_rows", "input", size >= spec.minRows(), size, ">= " + spec.minRows()));
        if (size > 0) {
            double uniqueness = metrics.getOrDefault("uniqueness", 0.0);
            results.add(new CheckResult(
                    "unique",
                    String.join("+", spec.keyColumns()),
                    uniqueness >= 1.0,
                    uniqueness,
                    "1 (one row per key at the as-of time)"));
            double tenants = metrics.getOrDefault("tenants", 0.0);
            results.add(new CheckResult(
                    "max_cardinality",
                    spec.tenantColumn(),
                    tenants <= spec.maxTenants(),
                    tenants,
                    "<= " + spec.maxTenants()));
            for (String column : spec.completeColumns()) {
                double completeness = metrics.getOrDefault("completeness:" + column, 0.0);
                results.add(new CheckResult("complete", column, completeness >= 1.0, completeness, "1 (no nulls)"));
            }
            for (String column : spec.criticalColumns()) {
                double nullRate = 1 - metrics.getOrDefault("completeness:" + column, 0.0);
                results.add(new CheckResult(
                        "null_rate", column, nullRate <= spec.maxNullRate(), nullRate, "<= " + spec.maxNullRate()));
            }
            // reported as rows past the bound: a share would print 1.000 for one bad row in 20,000
            spec.ranges().forEach((column, range) -> {
                Double holdingMin = metrics.get("min:" + column);
                Double holdingMax = metrics.get("max:" + column);
                if (holdingMin != null) {
                    long below = Math.round((1 - holdingMin) * size);
                    results.add(new CheckResult("min_value", column, below == 0, below, "0 rows below " + range[0]));
                }
                if (holdingMax != null) {
                    long above = Math.round((1 - holdingMax) * size);
                    results.add(new CheckResult("max_value", column, above == 0, above, "0 rows above " + range[1]));
                }
            });
        }
        return new CheckReport("sanity", results);
    }

    private static Map<String, Analyzer<?, Metric<?>>> driftAnalyzers(Map<String, double[]> baseline) {
        Map<String, Analyzer<?, Metric<?>>> analyzers = new LinkedHashMap<>();
        baseline.keySet().forEach(feature -> {
            analyzers.put("mean:" + feature, cast(new Mean(feature, Option.empty())));
            analyzers.put("std:" + feature, cast(new StandardDeviation(feature, Option.empty())));
        });
        return analyzers;
    }

    private static CheckReport drift(Map<String, Double> metrics, Map<String, double[]> baseline, double maxMeanShift) {
        List<CheckResult> results = new ArrayList<>();
        baseline.forEach((feature, stats) -> {
            Double mean = metrics.get("mean:" + feature);
            if (mean == null) {
                results.add(
                        new CheckResult("mean_shift", feature, false, Double.NaN, "a mean (feature has no values)"));
                return;
            }
            double shift = stats[1] > 0
                    ? Math.abs(mean - stats[0]) / stats[1]
                    : (mean == stats[0] ? 0 : Double.POSITIVE_INFINITY);
            results.add(new CheckResult(
                    "mean_shift", feature, shift <= maxMeanShift, shift, "<= " + maxMeanShift + " baseline std"));
        });
        return new CheckReport("drift", results);
    }

    private Map<String, Double> run(Dataset<Row> rows, Map<String, Analyzer<?, Metric<?>>> analyzers) {
        AnalysisRunBuilder builder = AnalysisRunner.onData(rows);
        analyzers.values().forEach(builder::addAnalyzer);
        AnalyzerContext context = history != null
                ? builder.useRepository(history.repository())
                        .saveOrAppendResult(history.resultKey())
                        .run()
                : builder.run();
        Map<String, Double> values = new LinkedHashMap<>();
        analyzers.forEach((name, analyzer) -> {
            Option<Metric<?>> metric = context.metric(analyzer);
            if (metric.isDefined()
                    && metric.get().value().isSuccess()
                    && metric.get().value().get() instanceof Number number) {
                values.put(name, number.doubleValue());
            }
        });
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Analyzer<?, Metric<?>> cast(Analyzer<?, ?> analyzer) {
        return (Analyzer<?, Metric<?>>) analyzer;
    }

    private static scala.collection.Seq<String> seq(List<String> values) {
        return JavaConverters.asScalaBuffer(values);
    }
}
