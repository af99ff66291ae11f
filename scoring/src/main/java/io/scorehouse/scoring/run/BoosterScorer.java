package io.scorehouse.scoring.run;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Scores with the native XGBoost booster, one booster per partition over batches of rows —
 * about ten times the throughput of XGBoost4J-Spark's transform on this stack (STACK.md) — and
 * adds the top feature contributions (SHAP values) as explanations. Missing values go in as NaN,
 * exactly as XGBoost treats them in training.
 */
public final class BoosterScorer implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String SCORE = "score";
    public static final String EXPLANATIONS = "explanations";
    static final StructType EXPLANATION = new StructType()
            .add("feature", DataTypes.StringType, false)
            .add("contribution", DataTypes.DoubleType, false);
    private static final int BATCH_ROWS = 16_384;
    /** Batch size when latency is measured: "latency per batch" means per 1,000 rows. */
    public static final int TIMED_BATCH_ROWS = 1_000;

    private final Broadcast<byte[]> model;
    private final List<String> features;
    private final int topContributions;
    private final int batchRows;
    private final CollectionAccumulator<Double> latencies;

    public BoosterScorer(SparkSession spark, byte[] modelBytes, List<String> features, int topContributions) {
        this(spark, modelBytes, features, topContributions, BATCH_ROWS, null);
    }

    private BoosterScorer(
            SparkSession spark,
            byte[] modelBytes,
            List<String> features,
            int topContributions,
            int batchRows,
            CollectionAccumulator<Double> latencies) {
        this.model = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
                .broadcast(requireNonNull(modelBytes, "modelBytes is null"));
        this.features = List.copyOf(features);
        this.topContributions = topContributions;
        this.batchRows = batchRows;
        this.latencies = latencies;
    }

    /**
     * A scorer that predicts in batches of {@link #TIMED_BATCH_ROWS} and records each batch's
     * wall-clock milliseconds (scaled to 1,000 rows) into {@code latencies}. A short batch's fixed
     * cost is scaled up with it: small samples over-state latency, never under-state it.
     */
    public static BoosterScorer timed(
            SparkSession spark,
            byte[] modelBytes,
            List<String> features,
            int topContributions,
            CollectionAccumulator<Double> latencies) {
        return new BoosterScorer(
                spark,
                modelBytes,
                features,
                topContributions,
                TIMED_BATCH_ROWS,
                requireNonNull(latencies, "latencies is null"));
    }

    /** {@code input} plus {@code score} (P(class 1)) and {@code explanations}; feature columns must be numeric. */
    public Dataset<Row> score(Dataset<Row> input) {
        StructType schema = input.schema()
                .add(SCORE, DataTypes.DoubleType, false)
                .add(EXPLANATIONS, DataTypes.createArrayType(EXPLANATION, false), false);
        int[] featureIndexes = features.stream()
                .mapToInt(name -> input.schema().fieldIndex(name))
                .toArray();
        List<String> names = features;
        Broadcast<byte[]> bytes = model;
        int top = topContributions;
        int size = batchRows;
        CollectionAccumulator<Double> timings = latencies;
        MapPartitionsFunction<Row, Row> scorePartition =
                rows -> new BatchIterator(rows, bytes.value(), featureIndexes, names, top, size, timings);
        return input.mapPartitions(scorePartition, Encoders.row(schema));
    }

    /** Pulls rows in batches, predicts each batch natively, and emits the scored rows. */
    private static final class BatchIterator implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final Booster booster;
        private final int[] featureIndexes;
        private final List<String> names;
        private final int top;
        private final int batchRows;
        private final CollectionAccumulator<Double> latencies;
        private Iterator<Row> current = java.util.Collections.emptyIterator();

        BatchIterator(
                Iterator<Row> rows,
                byte[] model,
                int[] featureIndexes,
                List<String> names,
                int top,
                int batchRows,
                CollectionAccumulator<Double> latencies)
                throws XGBoostError, IOException {
            this.rows = rows;
            this.booster = XGBoost.loadModel(model);
            // Spark already runs one task per core.
            this.booster.setParam("nthread", 1);
            this.featureIndexes = featureIndexes;
            this.names = names;
            this.top = top;
            this.batchRows = batchRows;
            this.latencies = latencies;
        }

        @Override
        public boolean hasNext() {
            if (!current.hasNext() && rows.hasNext()) {
                current = scoreBatch().iterator();
            }
            if (!current.hasNext()) {
                booster.dispose();
                return false;
            }
            return true;
        }

        @Override
        public Row next() {
            return current.next();
        }

        private List<Row> scoreBatch() {
            List<Row> batch = new ArrayList<>(batchRows);
            while (rows.hasNext() && batch.size() < batchRows) {
                batch.add(rows.next());
            }
            int width = featureIndexes.length;
            float[] matrix = new float[batch.size() * width];
            for (int r = 0; r < batch.size(); r++) {
                Row row = batch.get(r);
                for (int f = 0; f < width; f++) {
                    matrix[r * width + f] = row.isNullAt(featureIndexes[f])
                            ? Float.NaN
                            : ((Number) row.get(featureIndexes[f])).floatValue();
                }
            }
            DMatrix data = null;
            long started = System.nanoTime();
            try {
                data = new DMatrix(matrix, batch.size(), width, Float.NaN);
                float[][] scores = booster.predict(data);
                float[][] contributions = top > 0 ? booster.predictContrib(data, 0) : null;
                List<Row> out = new ArrayList<>(batch.size());
                for (int r = 0; r < batch.size(); r++) {
                    Row row = batch.get(r);
                    Object[] values = new Object[row.size() + 2];
                    for (int i = 0; i < row.size(); i++) {
                        values[i] = row.get(i);
                    }
                    values[row.size()] = (double) scores[r][0];
                    values[row.size() + 1] = contributions == null
                            ? scala.collection.JavaConverters.asScalaBuffer(new ArrayList<Row>())
                            : topContributions(contributions[r]);
                    out.add(RowFactory.create(values));
                }
                if (latencies != null && !batch.isEmpty()) {
                    latencies.add((System.nanoTime() - started) / 1e6 * TIMED_BATCH_ROWS / batch.size());
                }
                return out;
            } catch (XGBoostError e) {
                throw new ScorehouseException(
                        ExitCode.UNEXPECTED, "score", "native XGBoost prediction failed: " + e.getMessage(), e);
            } finally {
                if (data != null) {
                    data.dispose();
                }
            }
        }

        /** The {@code top} largest |SHAP| contributions (the last column is the bias and is skipped). */
        /** As a Scala Seq: the external type the row encoder requires for an array column. */
        private scala.collection.Seq<Row> topContributions(float[] contributions) {
            Integer[] order = new Integer[names.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -Math.abs(contributions[i])));
            List<Row> explanation = new ArrayList<>(top);
            for (int k = 0; k < Math.min(top, order.length); k++) {
                explanation.add(RowFactory.create(names.get(order[k]), (double) contributions[order[k]]));
            }
            return scala.collection.JavaConverters.asScalaBuffer(explanation);
        }
    }
}
