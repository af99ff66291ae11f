package io.scorehouse.recon;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The temp views one recon reads more than once, held (in memory, spilling to disk) until it ends. Spark evaluates
 * a view again at every reference, and {@code CACHE TABLE} in the SQL did not help (measured: the views reading the
 * cached one still scanned the ledger and the scores). So the view is replaced by a Dataset of its plan, and that
 * Dataset is cached: the views defined on it afterwards read the cached rows.
 */
final class CachedViews implements AutoCloseable {
    private final SparkSession spark;
    private final List<Dataset<Row>> cached = new ArrayList<>();

    CachedViews(SparkSession spark) {
        this.spark = spark;
    }

    /** Replaces the view by its rows, cached at their first use. */
    void cache(String view) {
        Dataset<Row> rows = spark.table(view);
        // replaced before it is cached, so the cache is keyed by the plan the view has from now on
        rows.createOrReplaceTempView(view);
        cached.add(rows.persist(StorageLevel.MEMORY_AND_DISK()));
    }

    @Override
    public void close() {
        cached.forEach(Dataset::unpersist);
        cached.clear();
    }
}
