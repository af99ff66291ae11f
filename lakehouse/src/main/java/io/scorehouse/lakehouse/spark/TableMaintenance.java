package io.scorehouse.lakehouse.spark;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.SqlFiles;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Physical operations on one Iceberg table of the lakehouse: delete rows, rewrite the data files a
 * merge-on-read delete left behind, expire snapshots, drop staging branches, remove orphan files,
 * and read every file any snapshot can still reach. No policy here: callers decide what goes.
 * Predicates are SQL text the caller built from literals ({@link SqlFiles#literal}).
 */
public final class TableMaintenance {
    private final SparkSession spark;
    private final String catalog;

    public TableMaintenance(SparkSession spark, String catalog) {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /** {@code table} qualified in this catalog, e.g. {@code lake.scored.predictions}. */
    public String qualified(String table) {
        return catalog + "." + table;
    }

    public boolean exists(String table) {
        return spark.catalog().tableExists(qualified(table));
    }

    /** Whether {@code table} has a column named {@code column}. */
    public boolean hasColumn(String table, String column) {
        return List.of(spark.table(qualified(table)).columns()).contains(column);
    }

    /** Every table of the catalog (any namespace), sorted: {@code namespace.table}. */
    public List<String> tables() {
        return spark.sql("SHOW NAMESPACES IN " + catalog).collectAsList().stream()
                .map(row -> row.getString(0))
                .flatMap(namespace -> tablesIn(namespace).stream())
                .sorted()
                .toList();
    }

    /** Every table of the catalog with a column named {@code column}, sorted. */
    public List<String> tablesWithColumn(String column) {
        return tables().stream().filter(table -> hasColumn(table, column)).toList();
    }

    /** A SQL literal of {@code instant} typed for {@code column}: a DATE (the instant's UTC day) or a TIMESTAMP. */
    public String literalFor(String table, String column, Instant instant) {
        org.apache.spark.sql.types.DataType type =
                spark.table(qualified(table)).schema().apply(column).dataType();
        return type instanceof org.apache.spark.sql.types.DateType
                ? "DATE'" + instant.atZone(java.time.ZoneOffset.UTC).toLocalDate() + "'"
                : "TIMESTAMP'" + SqlFiles.timestamp(instant) + "'";
    }

    /** Every table of {@code namespace}. */
    public List<String> tablesIn(String namespace) {
        if (!spark.catalog().databaseExists(qualified(namespace))) {
            return List.of();
        }
        return spark.sql("SHOW TABLES IN " + qualified(namespace)).collectAsList().stream()
                .map(row -> namespace + "." + row.getString(1))
                .filter(this::isTable)
                .toList();
    }

    private boolean isTable(String name) {
        return spark.sql("SHOW VIEWS IN " + qualified(name.substring(0, name.indexOf('.')))).collectAsList().stream()
                .noneMatch(row -> (name.substring(name.indexOf('.') + 1)).equals(row.getString(1)));
    }

    public long count(String table, String predicate) {
        return spark.sql("SELECT count(*) FROM " + qualified(table) + " WHERE " + predicate)
                .head()
                .getLong(0);
    }

    /** Rows matching {@code predicate}, counted per value of {@code column}. */
    public java.util.Map<String, Long> countsBy(String table, String predicate, String column) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (Row row : spark.sql("SELECT " + column + ", count(*) FROM " + qualified(table) + " WHERE " + predicate
                        + " GROUP BY " + column)
                .collectAsList()) {
            counts.put(String.valueOf(row.get(0)), row.getLong(1));
        }
        return counts;
    }

    /** The snapshot {@code main} points at; 0 for a table never written. */
    public long currentSnapshot(String table) {
        List<Row> refs = spark.sql("SELECT snapshot_id FROM " + qualified(table) + ".refs WHERE name = 'main'")
                .collectAsList();
        return refs.isEmpty() ? 0 : refs.get(0).getLong(0);
    }

    /** Deletes the rows matching {@code predicate} (no commit when none match); returns the snapshot after. */
    public long delete(String table, String predicate) {
        spark.sql("DELETE FROM " + qualified(table) + " WHERE " + predicate);
        return currentSnapshot(table);
    }

    /**
     * Rewrites every data file under {@code filter} that has at least one delete file, dropping the
     * deleted rows for good (a merge-on-read delete only adds delete files), and drops delete files
     * that no longer apply. Returns the number of data files rewritten.
     */
    public long purgeDeletedRows(String table, String filter) {
        Row result = spark.sql("CALL " + catalog + ".system.rewrite_data_files(table => "
                        + SqlFiles.literal(table) + ", where => " + SqlFiles.literal(filter)
                        + ", options => map('delete-file-threshold', '1', 'remove-dangling-deletes', 'true'))")
                .head();
        return row(result, "rewritten_data_files_count");
    }

    /**
     * Rewrites small files toward the table's target size — sorted by its write order when
     * {@code sorted}, else bin-packed — then its manifests. Returns the data files rewritten.
     */
    public long compact(String table, boolean sorted) {
        Row result = spark.sql("CALL " + catalog + ".system.rewrite_data_files(table => " + SqlFiles.literal(table)
                        + ", strategy => '" + (sorted ? "sort" : "binpack")
                        + "', options => map('min-input-files', '2'))")
                .head();
        spark.sql("CALL " + catalog + ".system.rewrite_manifests(" + SqlFiles.literal(table) + ")");
        return row(result, "rewritten_data_files_count");
    }

    /** Row count and an order-independent hash of every row's content: equal before and after a rewrite that changes no row. */
    public String checksum(String table) {
        // Maps cannot be hashed directly; their JSON keeps the stored entry order, which a rewrite preserves.
        Row row = spark.sql(
                        "SELECT count(*), coalesce(sum(CAST(xxhash64(to_json(struct(*))) AS DECIMAL(38, 0))), 0) FROM "
                                + qualified(table))
                .head();
        return row.getLong(0) + " rows, content hash " + row.getDecimal(1).toPlainString();
    }

    /** Data files of the current snapshot. */
    public long dataFiles(String table) {
        return spark.sql("SELECT count(*) FROM " + qualified(table) + ".files WHERE content = 0")
                .head()
                .getLong(0);
    }

    /** Branches other than {@code main} whose head snapshot was committed before {@code instant}. */
    public List<String> branchesOlderThan(String table, Instant instant) {
        return spark
                .sql("SELECT r.name FROM " + qualified(table) + ".refs r JOIN " + qualified(table)
                        + ".snapshots s ON r.snapshot_id = s.snapshot_id WHERE r.type = 'BRANCH' AND r.name <> 'main' "
                        + "AND s.committed_at < TIMESTAMP'" + SqlFiles.timestamp(instant) + "' ORDER BY r.name")
                .collectAsList()
                .stream()
                .map(row -> row.getString(0))
                .toList();
    }

    /** Drops every branch but {@code main} whose name starts with {@code prefix}; returns their names. */
    public List<String> dropBranches(String table, String prefix) {
        List<String> branches = spark
                .sql("SELECT name FROM " + qualified(table) + ".refs WHERE type = 'BRANCH' AND name <> 'main'")
                .collectAsList()
                .stream()
                .map(row -> row.getString(0))
                .filter(name -> name.startsWith(prefix))
                .toList();
        for (String branch : branches) {
            spark.sql("ALTER TABLE " + qualified(table) + " DROP BRANCH IF EXISTS `" + branch + "`");
        }
        return branches;
    }

    /**
     * Expires every snapshot older than {@code olderThan} except the current one, deleting the files
     * only they reached; returns how many snapshots were expired.
     */
    public long expireSnapshots(String table, Instant olderThan) {
        long before = snapshots(table);
        spark.sql("CALL " + catalog + ".system.expire_snapshots(table => " + SqlFiles.literal(table)
                + ", older_than => TIMESTAMP'" + SqlFiles.timestamp(olderThan) + "', retain_last => 1)");
        return before - snapshots(table);
    }

    private long snapshots(String table) {
        return spark.sql("SELECT count(*) FROM " + qualified(table) + ".snapshots")
                .head()
                .getLong(0);
    }

    /**
     * Deletes files under the table's location that no snapshot references and that are older than
     * {@code olderThan} (files of a write in flight are younger than the run lease). Returns how many.
     */
    public long removeOrphanFiles(String table, Instant olderThan) {
        Table iceberg = load(table);
        DeleteOrphanFiles.Result result = SparkActions.get(spark)
                .deleteOrphanFiles(iceberg)
                .olderThan(olderThan.toEpochMilli())
                .execute();
        long removed = 0;
        for (String ignored : result.orphanFileLocations()) {
            removed++;
        }
        return removed;
    }

    /** Every data file any snapshot of the table (any branch or tag) can still read. */
    public List<String> reachableDataFiles(String table) {
        return spark
                .sql("SELECT DISTINCT file_path FROM " + qualified(table) + ".all_data_files")
                .collectAsList()
                .stream()
                .map(row -> row.getString(0))
                .toList();
    }

    /**
     * Rows matching {@code predicate} in {@code files}, read as plain Parquet (not through the
     * table, so delete files hide nothing): what is physically still there.
     */
    public long rowsInFiles(List<String> files, String predicate) {
        if (files.isEmpty()) {
            return 0;
        }
        return spark.read()
                .parquet(files.toArray(String[]::new))
                .where(predicate)
                .count();
    }

    /** Sets the table properties among {@code properties} whose value differs (no commit when none does); returns them. */
    public java.util.Map<String, String> setProperties(String table, java.util.Map<String, String> wanted) {
        java.util.Map<String, String> current = properties(table);
        java.util.Map<String, String> properties = new java.util.TreeMap<>();
        wanted.forEach((key, value) -> {
            if (!value.equals(current.get(key))) {
                properties.put(key, value);
            }
        });
        if (properties.isEmpty()) {
            return properties;
        }
        StringBuilder sql = new StringBuilder("ALTER TABLE " + qualified(table) + " SET TBLPROPERTIES (");
        String separator = "";
        for (var entry : new java.util.TreeMap<>(properties).entrySet()) {
            sql.append(separator)
                    .append(SqlFiles.literal(entry.getKey()))
                    .append(" = ")
                    .append(SqlFiles.literal(entry.getValue()));
            separator = ", ";
        }
        spark.sql(sql.append(")").toString());
        return properties;
    }

    /** The table's properties (what {@code SHOW TBLPROPERTIES} shows). */
    public java.util.Map<String, String> properties(String table) {
        return load(table).properties();
    }

    private Table load(String table) {
        try {
            return Spark3Util.loadIcebergTable(spark, qualified(table));
        } catch (org.apache.spark.sql.catalyst.parser.ParseException
                | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalArgumentException("not an Iceberg table: " + qualified(table), e);
        }
    }

    private static long row(Row row, String field) {
        Object value = row.get(row.fieldIndex(field));
        return value == null ? 0 : ((Number) value).longValue();
    }
}
