package io.scorehouse.recon;

import io.scorehouse.lakehouse.spark.CachedFrames;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The temp views one recon reads more than once, held (in memory, spilling to disk) until it ends. Spark evaluates
 * a view again at every reference, and {@code CACHE TABLE} in the SQL did not help (measured: the views reading the
 * cached one still scanned the ledger and the scores). So the view is replaced by a Dataset of its plan, and that
 * Dataset is cached: the views defined on it afterwards read the cached rows.
 */
final class CachedViews implements AutoCloseable {
    private final SparkSession spark;
    private final CachedFrames cached = new CachedFrames();

    CachedViews(SparkSession spark) {
        this.spark = spark;
    }

    /** Replaces the view by its rows, cached at their first use. */
    void cache(String view) {
        Dataset<Row> rows = spark.table(view);
        // replaced before it is cached, so the cache is keyed by the plan the view has from now on
        rows.createOrReplaceTempView(view);
        cached.cache(rows);
    }

    @Override
    public void close() {
        cached.close();
    }
}
