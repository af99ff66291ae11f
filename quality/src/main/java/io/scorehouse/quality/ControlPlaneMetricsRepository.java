package io.scorehouse.quality;

import static java.util.Objects.requireNonNull;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.AnalysisResultSerde;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.MetricsRepositoryMultipleResultsLoader;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.memory.InMemoryMetricsRepository;
import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.controlplane.ControlPlaneException;
import io.scorehouse.lakehouse.controlplane.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * A Deequ {@link MetricsRepository} in the control-plane database (table {@code quality_metrics}),
 * so run history lives next to the run records, survives on PostgreSQL in production, and takes
 * concurrent runs (Deequ's file repository rewrites one JSON file per save). The payload of a
 * row is Deequ's own {@link AnalysisResultSerde} JSON; only successful metrics are kept, as in
 * Deequ's own repositories. Saving the same result key again replaces it (re-runs of a date).
 */
public final class ControlPlaneMetricsRepository implements MetricsRepository {
    private final ControlPlane controlPlane;
    private final Clock clock;

    public ControlPlaneMetricsRepository(ControlPlane controlPlane, Clock clock) {
        this.controlPlane = requireNonNull(controlPlane, "controlPlane is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void save(ResultKey resultKey, AnalyzerContext analyzerContext) {
        String payload = AnalysisResultSerde.serialize(
                seq(List.of(new AnalysisResult(resultKey, successfulOnly(analyzerContext)))));
        String tags = tagsOf(resultKey);
        Transactions.inTransaction(controlPlane, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM quality_metrics WHERE result_time = ? AND tags_digest = ?")) {
                delete.setLong(1, resultKey.dataSetDate());
                delete.setString(2, Digests.sha256Hex(tags));
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO quality_metrics (result_time, tags_digest, tags, payload, saved_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setLong(1, resultKey.dataSetDate());
                insert.setString(2, Digests.sha256Hex(tags));
                insert.setString(3, tags);
                insert.setString(4, payload);
                insert.setString(5, Instant.now(clock).toString());
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Option<AnalyzerContext> loadByKey(ResultKey resultKey) {
        List<AnalysisResult> results = read(
                "SELECT payload FROM quality_metrics WHERE result_time = ? AND tags_digest = ?",
                resultKey.dataSetDate(),
                Digests.sha256Hex(tagsOf(resultKey)));
        return results.isEmpty() ? Option.empty() : Option.apply(results.get(0).analyzerContext());
    }

    /** Every stored result, queried with Deequ's own loader (tags, time range, analyzers). */
    @Override
    public MetricsRepositoryMultipleResultsLoader load() {
        InMemoryMetricsRepository snapshot = new InMemoryMetricsRepository();
        read("SELECT payload FROM quality_metrics")
                .forEach(result -> snapshot.save(result.resultKey(), result.analyzerContext()));
        return snapshot.load();
    }

    private List<AnalysisResult> read(String sql, Object... args) {
        try (Connection connection = controlPlane.connect();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                query.setObject(i + 1, args[i]);
            }
            List<AnalysisResult> results = new java.util.ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    results.addAll(JavaConverters.seqAsJavaList(AnalysisResultSerde.deserialize(rs.getString(1))));
                }
            }
            return results;
        } catch (SQLException e) {
            throw new ControlPlaneException("cannot read the quality metrics repository: " + e.getMessage(), e);
        }
    }

    private static AnalyzerContext successfulOnly(AnalyzerContext context) {
        scala.collection.immutable.Map<Analyzer<?, Metric<?>>, Metric<?>> kept =
                scala.collection.immutable.Map$.MODULE$.empty();
        for (Tuple2<Analyzer<?, Metric<?>>, Metric<?>> entry :
                JavaConverters.seqAsJavaList(context.metricMap().toSeq())) {
            if (entry._2().value().isSuccess()) {
                kept = kept.$plus(entry);
            }
        }
        return new AnalyzerContext(kept);
    }

    /** Tags in a canonical order, so one logical key always maps to one row. */
    private static String tagsOf(ResultKey key) {
        Map<String, String> sorted = new TreeMap<>(JavaConverters.mapAsJavaMap(key.tags()));
        return sorted.toString();
    }

    private static <T> scala.collection.Seq<T> seq(List<T> values) {
        return JavaConverters.asScalaBuffer(values);
    }
}
