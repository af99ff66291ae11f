package io.scorehouse.quality;

import static java.util.Objects.requireNonNull;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.anomalydetection.AnomalyDetector;
import com.amazon.deequ.anomalydetection.BatchNormalStrategy;
import com.amazon.deequ.anomalydetection.DataPoint;
import com.amazon.deequ.anomalydetection.DetectionResult;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.ResultKey;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Where a pipeline's check metrics are kept across runs, and the anomaly flags against that
 * history: one Deequ result key per (pipeline, business date), so re-running a date replaces its
 * metrics and a backfill compares with the dates before it only. Flags never block a run — the
 * baseline drift check does that; these say "unlike the recent past" for people to look at.
 *
 * @param minRuns       earlier runs needed before a metric can be flagged
 * @param maxDeviations Deequ {@link BatchNormalStrategy} bound, in standard deviations of the earlier runs
 */
public record RunHistory(
        MetricsRepository repository, String pipeline, LocalDate date, int minRuns, double maxDeviations) {
    public static final String FAMILY = "history";

    public RunHistory {
        requireNonNull(repository, "repository is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(date, "date is null");
    }

    public ResultKey resultKey() {
        return new ResultKey(time(date), tags());
    }

    /**
     * One result per tracked metric: passed = not anomalous (or too little history to say).
     *
     * @param tracked name → analyzer whose metric is compared with its history
     * @param today   name → today's value of that metric
     */
    CheckReport anomalies(Map<String, Analyzer<?, Metric<?>>> tracked, Map<String, Double> today) {
        List<AnalysisResult> earlier = JavaConverters.seqAsJavaList(
                repository.load().withTagValues(tags()).before(time(date) - 1).get());
        AnomalyDetector detector = new AnomalyDetector(
                new BatchNormalStrategy(Option.apply(maxDeviations), Option.apply(maxDeviations), false));
        List<CheckResult> results = new ArrayList<>();
        tracked.forEach((name, analyzer) -> {
            Double value = today.get(name);
            if (value == null) {
                return;
            }
            List<DataPoint<Object>> history = new ArrayList<>();
            for (AnalysisResult result : earlier) {
                Option<Metric<?>> metric = result.analyzerContext().metric(analyzer);
                if (metric.isDefined()
                        && metric.get().value().isSuccess()
                        && metric.get().value().get() instanceof Number number) {
                    history.add(new DataPoint<>(result.resultKey().dataSetDate(), Option.apply(number.doubleValue())));
                }
            }
            if (history.size() < minRuns) {
                results.add(new CheckResult(
                        "anomaly",
                        name,
                        true,
                        value,
                        "history of " + history.size() + " runs (flags need " + minRuns + ")"));
                return;
            }
            history.sort(Comparator.comparingLong(DataPoint::time));
            DetectionResult detection = detector.isNewPointAnomalous(
                    JavaConverters.asScalaBuffer(history), new DataPoint<>(time(date), Option.apply(value)));
            boolean anomalous = detection.anomalies().nonEmpty();
            results.add(new CheckResult(
                    "anomaly",
                    name,
                    !anomalous,
                    value,
                    "within " + maxDeviations + " std of " + history.size() + " earlier runs"));
        });
        return new CheckReport(FAMILY, results);
    }

    private scala.collection.immutable.Map<String, String> tags() {
        return scala.collection.immutable.Map$.MODULE$
                .<String, String>empty()
                .$plus(new scala.Tuple2<>("pipeline", pipeline));
    }

    private static long time(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
