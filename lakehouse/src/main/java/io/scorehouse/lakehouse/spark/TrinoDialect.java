package io.scorehouse.lakehouse.spark;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.SqlFiles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.view.ReplaceViewVersion;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.View;
import org.apache.iceberg.view.ViewVersion;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;

/**
 * The governed views' Trino dialect (DESIGN §3: analysts query the views through Trino, which reads only a
 * view's {@code trino} SQL). Spark writes a view version holding its own SQL alone — {@code CREATE OR REPLACE}
 * drops any other — so after the views are (re)created each one gets a version holding both: Spark's SQL as
 * Spark wrote it and {@code sql/store/trino/<view>.sql}, whose casts give Trino exactly the types the view's
 * schema records. In Trino a view runs as {@link #OWNER} ({@code trino.run-as-owner}): analysts are granted a
 * view, never the tables under it.
 */
final class TrinoDialect {
    static final String DIALECT = "trino";
    static final String RUN_AS_OWNER = "trino.run-as-owner";
    static final String OWNER = ScoredStore.TRINO_VIEW_OWNER;

    private static final int COMMIT_ATTEMPTS = 3;

    private final SparkSession spark;
    private final String catalog;

    TrinoDialect(SparkSession spark, String catalog) {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /** Adds the dialect and the owner to each view that lacks them (or holds another Trino SQL); else a no-op. */
    void ensure(List<String> views) {
        try (JdbcCatalog iceberg = open()) {
            for (String view : views) {
                ensure(iceberg, view, 1);
            }
        }
    }

    private void ensure(JdbcCatalog iceberg, String name, int attempt) {
        String[] parts = name.split("\\.", 2);
        TableIdentifier id = TableIdentifier.of(parts[0], parts[1]);
        String trino = SqlFiles.render("sql/store/trino/" + parts[1] + ".sql", Map.of("catalog", catalog))
                .strip();
        View view = iceberg.loadView(id);
        try {
            SQLViewRepresentation current = view.sqlFor(DIALECT);
            if (current == null || !DIALECT.equalsIgnoreCase(current.dialect()) || !trino.equals(current.sql())) {
                ViewVersion version = view.currentVersion();
                SQLViewRepresentation sparkSql = view.sqlFor("spark");
                ReplaceViewVersion replace = view.replaceVersion()
                        .withSchema(view.schema())
                        .withDefaultNamespace(version.defaultNamespace())
                        .withQuery(sparkSql.dialect(), sparkSql.sql())
                        .withQuery(DIALECT, trino);
                if (version.defaultCatalog() != null) {
                    replace = replace.withDefaultCatalog(version.defaultCatalog());
                }
                replace.commit();
            }
            if (!OWNER.equals(view.properties().get(RUN_AS_OWNER))) {
                iceberg.loadView(id).updateProperties().set(RUN_AS_OWNER, OWNER).commit();
            }
        } catch (CommitFailedException raced) {
            // Another run ensured the same view at the same time: look again at what it left.
            if (attempt >= COMMIT_ATTEMPTS) {
                throw raced;
            }
            ensure(iceberg, name, attempt + 1);
        }
    }

    /** What the catalog holds for a view: its current version's id, SQL by dialect and properties. */
    record Described(int versionId, Map<String, String> sqlByDialect, Map<String, String> properties) {}

    Described describe(String name) {
        String[] parts = name.split("\\.", 2);
        try (JdbcCatalog iceberg = open()) {
            View view = iceberg.loadView(TableIdentifier.of(parts[0], parts[1]));
            Map<String, String> sql = new HashMap<>();
            view.currentVersion().representations().stream()
                    .filter(SQLViewRepresentation.class::isInstance)
                    .map(SQLViewRepresentation.class::cast)
                    .forEach(r -> sql.put(r.dialect(), r.sql()));
            return new Described(view.currentVersion().versionId(), sql, view.properties());
        }
    }

    /** A view-capable catalog over the session's Iceberg catalog (Spark's wraps it in a cache that is not one). */
    private JdbcCatalog open() {
        String prefix = "spark.sql.catalog." + catalog + ".";
        Map<String, String> properties = new HashMap<>();
        JavaConverters.mapAsJavaMap(spark.conf().getAll()).forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                properties.put(key.substring(prefix.length()), value);
            }
        });
        properties.remove(CatalogUtil.ICEBERG_CATALOG_TYPE);
        properties.remove("catalog-impl");
        return (JdbcCatalog) CatalogUtil.loadCatalog(
                JdbcCatalog.class.getName(),
                catalog,
                properties,
                spark.sparkContext().hadoopConfiguration());
    }
}
