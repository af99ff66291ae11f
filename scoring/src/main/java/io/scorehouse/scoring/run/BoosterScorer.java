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
import java.util.stream.IntStream;
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
 * adds, to the rows its {@link ExplainPolicy} explains, the top feature contributions and their
 * reason codes. Contributions are computed for those rows only: with {@code adverse}, a batch's
 * approved rows cost no SHAP at all. Missing values go in as NaN, exactly as XGBoost treats them in
 * training.
 */
public final class BoosterScorer implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String SCORE = "score";
    public static final String EXPLANATIONS = "explanations";
    public static final String REASON_CODES = "reason_codes";
    static final StructType EXPLANATION = new StructType()
            .add("feature", DataTypes.StringType, false)
            .add("contribution", DataTypes.DoubleType, false);
    private static final int BATCH_ROWS = 16_384;
    /** Batch size when latency is measured: "latency per batch" means per 1,000 rows. */
    public static final int TIMED_BATCH_ROWS = 1_000;

    private final Broadcast<byte[]> model;
    private final List<String> features;
    private final ExplainPolicy explaining;
    private final int batchRows;
    private final CollectionAccumulator<Double> latencies;

    public BoosterScorer(SparkSession spark, byte[] modelBytes, List<String> features, ExplainPolicy explaining) {
        this(spark, modelBytes, features, explaining, BATCH_ROWS, null);
    }

    private BoosterScorer(
            SparkSession spark,
            byte[] modelBytes,
            List<String> features,
            ExplainPolicy explaining,
            int batchRows,
            CollectionAccumulator<Double> latencies) {
        this.model = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
                .broadcast(requireNonNull(modelBytes, "modelBytes is null"));
        this.features = List.copyOf(features);
        this.explaining = requireNonNull(explaining, "explaining is null");
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
            ExplainPolicy explaining,
            CollectionAccumulator<Double> latencies) {
        return new BoosterScorer(
                spark,
                modelBytes,
                features,
                explaining,
                TIMED_BATCH_ROWS,
                requireNonNull(latencies, "latencies is null"));
    }

    /**
     * {@code input} plus {@code score} (P(class 1)), {@code explanations} and {@code reason_codes} (both null on a
     * row the policy does not explain); feature columns must be numeric.
     */
    public Dataset<Row> score(Dataset<Row> input) {
        StructType schema = input.schema()
                .add(SCORE, DataTypes.DoubleType, false)
                .add(EXPLANATIONS, DataTypes.createArrayType(EXPLANATION, false), true)
                .add(REASON_CODES, DataTypes.createArrayType(DataTypes.StringType, false), true);
        int[] featureIndexes = features.stream()
                .mapToInt(name -> input.schema().fieldIndex(name))
                .toArray();
        List<String> names = features;
        Broadcast<byte[]> bytes = model;
        ExplainPolicy policy = explaining;
        int size = batchRows;
        CollectionAccumulator<Double> timings = latencies;
        MapPartitionsFunction<Row, Row> scorePartition =
                rows -> new BatchIterator(rows, bytes.value(), featureIndexes, names, policy, size, timings);
        return input.mapPartitions(scorePartition, Encoders.row(schema));
    }

    /** Pulls rows in batches, predicts each batch natively, and emits the scored rows. */
    private static final class BatchIterator implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final Booster booster;
        private final int[] featureIndexes;
        private final List<String> names;
        private final ExplainPolicy explaining;
        private final int batchRows;
        private final CollectionAccumulator<Double> latencies;
        private Iterator<Row> current = java.util.Collections.emptyIterator();

        BatchIterator(
                Iterator<Row> rows,
                byte[] model,
                int[] featureIndexes,
                List<String> names,
                ExplainPolicy explaining,
                int batchRows,
                CollectionAccumulator<Double> latencies)
                throws XGBoostError, IOException {
            this.rows = rows;
            this.booster = XGBoost.loadModel(model);
            // Spark already runs one task per core.
            this.booster.setParam("nthread", 1);
            this.featureIndexes = featureIndexes;
            this.names = names;
            this.explaining = explaining;
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
                float[][] contributions = explained(matrix, batch.size(), scores, data);
                List<Row> out = new ArrayList<>(batch.size());
                for (int r = 0; r < batch.size(); r++) {
                    Row row = batch.get(r);
                    Object[] values = new Object[row.size() + 3];
                    for (int i = 0; i < row.size(); i++) {
                        values[i] = row.get(i);
                    }
                    values[row.size()] = (double) scores[r][0];
                    if (contributions[r] != null) {
                        explain(contributions[r], values, row.size() + 1);
                    }
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

        /**
         * The contributions of the rows the policy explains, by row (null for the others): computed over a matrix of
         * those rows only, unless every row is explained.
         */
        private float[][] explained(float[] matrix, int rows, float[][] scores, DMatrix all) throws XGBoostError {
            float[][] byRow = new float[rows][];
            if (!explaining.explainsAny()) {
                return byRow;
            }
            int[] chosen = IntStream.range(0, rows)
                    .filter(r -> explaining.explains(scores[r][0]))
                    .toArray();
            if (chosen.length == 0) {
                return byRow;
            }
            int width = featureIndexes.length;
            if (chosen.length == rows) {
                float[][] contributions = Contributions.of(booster, all, explaining.method());
                System.arraycopy(contributions, 0, byRow, 0, rows);
                return byRow;
            }
            float[] subset = new float[chosen.length * width];
            for (int i = 0; i < chosen.length; i++) {
                System.arraycopy(matrix, chosen[i] * width, subset, i * width, width);
            }
            DMatrix some = new DMatrix(subset, chosen.length, width, Float.NaN);
            try {
                float[][] contributions = Contributions.of(booster, some, explaining.method());
                for (int i = 0; i < chosen.length; i++) {
                    byRow[chosen[i]] = contributions[i];
                }
                return byRow;
            } finally {
                some.dispose();
            }
        }

        /** Puts the top contributions (largest |value| first; the bias, last, skipped) and their reason codes. */
        private void explain(float[] contributions, Object[] values, int at) {
            Integer[] order = new Integer[names.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -Math.abs(contributions[i])));
            int top = Math.min(explaining.topK(), order.length);
            List<Row> explanation = new ArrayList<>(top);
            List<String> features = new ArrayList<>(top);
            List<Double> pushes = new ArrayList<>(top);
            for (int k = 0; k < top; k++) {
                features.add(names.get(order[k]));
                pushes.add((double) contributions[order[k]]);
                explanation.add(RowFactory.create(names.get(order[k]), (double) contributions[order[k]]));
            }
            // as Scala Seqs: the external type the row encoder requires for an array column
            values[at] = scala.collection.JavaConverters.asScalaBuffer(explanation);
            List<String> codes = explaining.reasonCodes(features, pushes);
            values[at + 1] = codes == null ? null : scala.collection.JavaConverters.asScalaBuffer(codes);
        }
    }
}
