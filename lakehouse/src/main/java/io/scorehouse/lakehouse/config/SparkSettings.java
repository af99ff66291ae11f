package io.scorehouse.lakehouse.config;

import java.util.Map;

/**
 * How scorehouse starts Spark.
 *
 * @param master            used only when spark-submit did not set one; empty to require it
 * @param shufflePartitions {@code spark.sql.shuffle.partitions}
 * @param conf              further Spark settings, passed through verbatim (e.g. {@code spark.hadoop.fs.s3a.*})
 */
public record SparkSettings(String master, Integer shufflePartitions, Map<String, String> conf) {
    public SparkSettings {
        master = master == null ? "" : master;
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }
}
