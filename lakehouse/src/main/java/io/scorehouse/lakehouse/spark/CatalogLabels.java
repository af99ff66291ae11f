package io.scorehouse.lakehouse.spark;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.config.CatalogMetadata;
import io.scorehouse.lakehouse.config.StoreSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Puts the catalog metadata of {@code conf/catalog.yaml} (owner, classification, sensitivity,
 * purpose, contract, retention column) and the configured retention days on the tables as
 * properties, so {@code SHOW TBLPROPERTIES} — in Spark and in Trino — says what a table is and
 * how long its rows live. Jobs label the tables when they start, so a table carries its labels
 * from its first run, and a changed catalog file reaches the tables at the next job.
 */
public final class CatalogLabels {
    public static final String RETENTION_DAYS = "retention_days";

    private final SparkSession spark;
    private final TableMaintenance tables;
    private final CatalogMetadata catalog;
    private final StoreSettings settings;

    public CatalogLabels(SparkSession spark, String catalogName, CatalogMetadata catalog, StoreSettings settings) {
        this.spark = requireNonNull(spark, "spark is null");
        this.tables = new TableMaintenance(spark, catalogName);
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** The properties {@code table} should carry (empty when the catalog does not describe it). */
    public Map<String, String> of(String table) {
        Map<String, String> wanted = new LinkedHashMap<>(catalog.of(table));
        int days = settings.retentionDays().getOrDefault(wanted.getOrDefault(CatalogMetadata.CLASSIFICATION, ""), 0);
        if (days > 0) {
            wanted.put(RETENTION_DAYS, String.valueOf(days));
        }
        return wanted;
    }

    /** Labels every described table that exists; returns the tables whose properties changed. */
    public List<String> apply() {
        List<String> changed = new ArrayList<>();
        for (String table : catalog.tables().keySet()) {
            if (spark.catalog().tableExists(tables.qualified(table))
                    && !tables.setProperties(table, of(table)).isEmpty()) {
                changed.add(table);
            }
        }
        return changed;
    }
}
