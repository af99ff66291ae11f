package io.scorehouse.lakehouse.spark;

import io.scorehouse.lakehouse.config.ConfigException;
import io.scorehouse.lakehouse.config.IcebergCatalogProperties;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one way scorehouse starts Spark: catalog {@code lake} (Iceberg, JDBC catalog in the
 * control-plane database) and Delta in {@code spark_catalog}, both over the configured warehouse.
 * Opening a session first migrates the control plane, then registers the curated Delta tables.
 *
 * <p>Works the same under spark-submit (which sets {@code spark.master}) and in a plain JVM
 * (tests, embedded runs), where the profile's {@code spark.master} is used.
 */
public final class LakehouseSession {
    private LakehouseSession() {}

    public static SparkSession open(ScorehouseConfig config, String appName) {
        ControlPlane controlPlane = new ControlPlane(config.catalog());
        controlPlane.migrate();

        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        if (!new SparkConf().contains("spark.master")) {
            if (config.spark().master().isBlank()) {
                throw new ConfigException("no Spark master: run through spark-submit or set spark.master in profile '"
                        + config.profile() + "'");
            }
            builder.master(config.spark().master());
        }
        sparkConf(config, controlPlane.password()).forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        CuratedTables.registerAll(spark, config.warehouse());
        return spark;
    }

    /** Every Spark setting scorehouse needs, profile extras last so they can override. */
    static Map<String, String> sparkConf(ScorehouseConfig config, String catalogPassword) {
        String catalog = "spark.sql.catalog." + config.catalog().name();
        Map<String, String> conf = new LinkedHashMap<>();
        // Delta's rules first: they turn UPDATE/MERGE on a Delta table into Delta commands before
        // Iceberg's row-lineage rules see a non-Iceberg table (they fail on it with a MatchError).
        conf.put(
                "spark.sql.extensions",
                "io.delta.sql.DeltaSparkSessionExtension,"
                        + "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
        conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        conf.put("spark.sql.warehouse.dir", config.warehouse());
        conf.put(catalog, "org.apache.iceberg.spark.SparkCatalog");
        conf.put(catalog + ".catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
        IcebergCatalogProperties.of(config, catalogPassword)
                .forEach((key, value) -> conf.put(catalog + "." + key, value));
        // Trino 476 reads Iceberg format v2; every table scorehouse creates stays on it.
        conf.put(catalog + ".table-default.format-version", "2");
        conf.put("spark.sql.session.timeZone", "UTC");
        conf.put("spark.sql.catalogImplementation", "in-memory");
        // A job's cached frames (a run's input and governed rows) live for that job only: compressing them cost
        // more than it saved — per-value statistics took 14 % of the executors' time in a 1M run (BENCHMARKS.md,
        // session 29). A memory-tight cluster turns it back on in its profile.
        conf.put("spark.sql.inMemoryColumnarStorage.compressed", "false");
        if (config.spark().shufflePartitions() != null) {
            String partitions = String.valueOf(config.spark().shufflePartitions());
            conf.put("spark.sql.shuffle.partitions", partitions);
            // Delta rebuilds a table's state (every time-travel read, every command) with this many tasks;
            // its default of 50 is sized for big logs and costs seconds per command on a small cluster.
            conf.put("spark.databricks.delta.snapshotPartitions", partitions);
        }
        conf.putAll(config.spark().conf());
        return conf;
    }
}
