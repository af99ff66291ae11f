package io.scorehouse.api.history;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.scorehouse.lakehouse.config.IcebergCatalogProperties;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;

/**
 * The score history behind {@code /search}, read with the Iceberg Java API (no Spark): the one
 * Spark-free place outside {@code lakehouse} that names the raw scored table. It projects exactly
 * the columns of the governed view {@code scored.v_history} (read from the view's own schema in
 * the catalog), prunes by partition (tenant, model, dt) and by the {@code entity_key} bloom
 * filter, reads one pinned snapshot, and drops revoked versions as {@code v_last} does.
 *
 * <p>A new search starts from the table's current snapshot, loaded fresh; the pages after it reuse
 * that metadata (reloaded only when it does not know their snapshot). The view's columns and the
 * revoked set are reloaded at most every {@link #REFRESH}: a revocation reaches searches within it.
 * Whether a page token's snapshot still exists is always asked of freshly loaded metadata.
 */
public final class ScoreHistory implements AutoCloseable {
    static final Duration REFRESH = Duration.ofSeconds(1);

    public static final TableIdentifier PREDICTIONS = TableIdentifier.of("scored", "predictions");
    public static final TableIdentifier HISTORY_VIEW = TableIdentifier.of("scored", "v_history");
    public static final TableIdentifier REVOKED = TableIdentifier.of("ops", "revoked_versions");

    private final JdbcCatalog catalog;
    private final LoadingCache<TableIdentifier, Table> tables;
    private final LoadingCache<TableIdentifier, List<String>> viewColumns;
    private final LoadingCache<TableIdentifier, Set<String>> revoked;

    public ScoreHistory(JdbcCatalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.tables = Caffeine.newBuilder().expireAfterWrite(REFRESH).build(catalog::loadTable);
        this.viewColumns = Caffeine.newBuilder().expireAfterWrite(REFRESH).build(this::loadViewColumns);
        this.revoked = Caffeine.newBuilder().expireAfterWrite(REFRESH).build(this::loadRevoked);
    }

    public static ScoreHistory of(ScorehouseConfig config, ControlPlane controlPlane) {
        return new ScoreHistory(catalog(config, controlPlane));
    }

    /** The Iceberg JDBC catalog of this configuration, as Spark's session configures it (LakehouseSession). */
    public static JdbcCatalog catalog(ScorehouseConfig config, ControlPlane controlPlane) {
        Map<String, String> properties =
                new LinkedHashMap<>(IcebergCatalogProperties.of(config, controlPlane.password()));
        properties.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.hadoop.HadoopFileIO");
        JdbcCatalog catalog = new JdbcCatalog();
        catalog.setConf(new Configuration());
        catalog.initialize(config.catalog().name(), properties);
        return catalog;
    }

    /** One search: whose scores, of which model, between which days, optionally of one decision. */
    public record Query(String tenant, String entityKey, String model, LocalDate from, LocalDate to, String decision) {}

    /** One row, in the view's columns; {@code asOfOutMicros} and {@code requestId} order the pages. */
    public record Row(Map<String, Object> columns, long asOfOutMicros, String requestId) {}

    /** The current snapshot of the scored table, if it has one. */
    public Optional<Long> currentSnapshot() {
        Table fresh;
        try {
            fresh = catalog.loadTable(PREDICTIONS);
        } catch (NoSuchTableException e) {
            return Optional.empty(); // nothing published yet: an empty history, not an error
        }
        tables.put(PREDICTIONS, fresh);
        return Optional.ofNullable(fresh.currentSnapshot()).map(Snapshot::snapshotId);
    }

    /** Whether a snapshot is still in the table's metadata (not expired). */
    public boolean hasSnapshot(long snapshotId) {
        return catalog.loadTable(PREDICTIONS).snapshot(snapshotId) != null;
    }

    /** Every row of the query at {@code snapshotId}, revoked versions dropped, ordered by (as_of_out, request_id). */
    public List<Row> read(Query query, long snapshotId) {
        Table table = predictions();
        if (table.snapshot(snapshotId) == null) {
            table = catalog.loadTable(PREDICTIONS);
            tables.put(PREDICTIONS, table);
        }
        List<String> columns = viewColumns.get(HISTORY_VIEW);
        Expression filter = Expressions.and(
                Expressions.equal("tenant_id", query.tenant()),
                Expressions.equal("model_name", query.model()),
                Expressions.equal("entity_key", query.entityKey()),
                Expressions.greaterThanOrEqual("dt", query.from().toString()),
                Expressions.lessThanOrEqual("dt", query.to().toString()));
        if (query.decision() != null) {
            filter = Expressions.and(filter, Expressions.equal("decision", query.decision()));
        }
        Set<String> revoked = this.revoked.get(REVOKED);
        List<Row> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table)
                .useSnapshot(snapshotId)
                .where(filter)
                .select(columns)
                .build()) {
            for (Record record : records) {
                // the scan's filter prunes files and row groups; rows are checked again here
                if (!query.entityKey().equals(record.getField("entity_key"))
                        || !query.tenant().equals(record.getField("tenant_id"))
                        || !query.model().equals(record.getField("model_name"))
                        || (query.decision() != null && !query.decision().equals(record.getField("decision")))) {
                    continue;
                }
                LocalDate dt = (LocalDate) record.getField("dt");
                if (dt.isBefore(query.from()) || dt.isAfter(query.to())) {
                    continue;
                }
                if (revoked.contains(record.getField("model_name") + "@" + record.getField("model_version"))) {
                    continue;
                }
                rows.add(row(record, columns));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the score history", e);
        }
        rows.sort(Comparator.comparingLong(Row::asOfOutMicros).thenComparing(Row::requestId));
        return rows;
    }

    private static Row row(Record record, List<String> columns) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String column : columns) {
            values.put(column, json(record.getField(column)));
        }
        return new Row(values, micros(record.getField("as_of_out")), String.valueOf(record.getField("request_id")));
    }

    /** Spark writes TIMESTAMP as Iceberg timestamptz (OffsetDateTime); a timestamp without zone is UTC here. */
    private static long micros(Object timestamp) {
        java.time.Instant instant = timestamp instanceof OffsetDateTime time
                ? time.toInstant()
                : ((LocalDateTime) timestamp).toInstant(ZoneOffset.UTC);
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** Iceberg's Java values as JSON-friendly ones: timestamps as UTC instants, structs as maps. */
    private static Object json(Object value) {
        if (value instanceof LocalDateTime time) {
            return time.atOffset(ZoneOffset.UTC).toInstant().toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof Record struct) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Types.NestedField field : struct.struct().fields()) {
                fields.put(field.name(), json(struct.getField(field.name())));
            }
            return fields;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ScoreHistory::json).toList();
        }
        return value;
    }

    /** The governed view's columns, from its schema in the catalog: the view decides what consumers see. */
    private List<String> loadViewColumns(TableIdentifier view) {
        return catalog.loadView(view).schema().columns().stream()
                .map(Types.NestedField::name)
                .toList();
    }

    private Set<String> loadRevoked(TableIdentifier table) {
        Set<String> revoked = new HashSet<>();
        if (!catalog.tableExists(table)) {
            return revoked;
        }
        try (CloseableIterable<Record> records = IcebergGenerics.read(catalog.loadTable(table))
                .select("model_name", "model_version")
                .build()) {
            records.forEach(r -> revoked.add(r.getField("model_name") + "@" + r.getField("model_version")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the revoked versions", e);
        }
        return Set.copyOf(revoked);
    }

    private Table predictions() {
        return tables.get(PREDICTIONS);
    }

    @Override
    public void close() throws IOException {
        catalog.close();
    }
}
