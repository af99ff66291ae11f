package io.scorehouse.lakehouse.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties of the Iceberg JDBC catalog every scorehouse process opens — Spark's session
 * (under {@code spark.sql.catalog.<name>.}), the Access API's history reader and the view-dialect
 * writer — so that they cannot drift apart.
 */
public final class IcebergCatalogProperties {
    /**
     * SQL states after which a pooled catalog connection is reopened and the call retried once, on
     * top of Iceberg's own (08000, 08003, 08006, 08007, 40001): PostgreSQL's {@code admin_shutdown},
     * {@code crash_shutdown} and {@code cannot_connect_now}, what a connection opened before a
     * server restart reports on its next use.
     */
    static final String RETRYABLE_SQL_STATES = "57P01,57P02,57P03";

    private IcebergCatalogProperties() {}

    /** The catalog's properties; {@code password} (nullable) comes from the configured password file. */
    public static Map<String, String> of(ScorehouseConfig config, String password) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("uri", config.catalog().uri());
        properties.put("warehouse", config.warehouse());
        properties.put("jdbc.schema-version", "V1");
        properties.put("retryable_status_codes", RETRYABLE_SQL_STATES);
        if (!config.catalog().user().isEmpty()) {
            properties.put("jdbc.user", config.catalog().user());
        }
        if (password != null) {
            properties.put("jdbc.password", password);
        }
        return properties;
    }
}
