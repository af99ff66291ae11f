package io.scorehouse.lakehouse.spark;

import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import org.apache.spark.sql.SparkSession;

/** Test helper run in a separate JVM: opens the lakehouse from the environment and prints one value per query. */
public final class CatalogProbe {
    private CatalogProbe() {}

    public static void main(String[] queries) {
        ScorehouseConfig config = ConfigLoader.loadFromEnvironment();
        SparkSession spark = LakehouseSession.open(config, "catalog-probe");
        for (String query : queries) {
            System.out.println(spark.sql(query).head().get(0));
        }
        spark.stop();
    }
}
