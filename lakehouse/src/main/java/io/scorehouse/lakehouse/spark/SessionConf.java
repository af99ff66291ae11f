package io.scorehouse.lakehouse.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Spark SQL settings that hold for one piece of work and are then put back as they were — unset again when they
 * were unset, whether the work returned or threw. Spark plans a query when it runs, so the work must run its
 * queries (collect, write), not only define them.
 */
public final class SessionConf {
    private SessionConf() {}

    public static <T> T during(SparkSession spark, Map<String, String> values, Supplier<T> work) {
        Map<String, String> before = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            before.put(key, spark.conf().get(key, null));
            spark.conf().set(key, value);
        });
        try {
            return work.get();
        } finally {
            before.forEach((key, value) -> {
                if (value == null) {
                    spark.conf().unset(key);
                } else {
                    spark.conf().set(key, value);
                }
            });
        }
    }
}
