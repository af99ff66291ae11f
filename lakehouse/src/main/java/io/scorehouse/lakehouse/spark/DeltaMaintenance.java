package io.scorehouse.lakehouse.spark;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import scala.Console$;
import scala.runtime.AbstractFunction0;

/**
 * Table operations on the lakehouse's Delta tables ({@code curated.*}, the decisions ledger among
 * them) that a deletion needs: count, delete, purge what a delete left on disk, and read what is
 * physically still there — every data file under the table and the statistics its log keeps.
 * Like {@link TableMaintenance}, no policy: callers decide what to delete.
 */
public final class DeltaMaintenance {
    /** Tables are named {@code spark_catalog.<db>.<table>}, so no name is shared with the Iceberg catalog. */
    public static final String CATALOG = "spark_catalog";

    private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

    private static final String DELTA_LOG = "_delta_log";

    private final SparkSession spark;

    public DeltaMaintenance(SparkSession spark) {
        this.spark = requireNonNull(spark, "spark is null");
    }

    /** Every Delta table of the curated database with a column named {@code column}, sorted. */
    public List<String> tablesWithColumn(String column) {
        if (!spark.catalog().databaseExists(CuratedTables.DATABASE)) {
            return List.of();
        }
        return spark.sql("SHOW TABLES IN " + CATALOG + "." + CuratedTables.DATABASE).collectAsList().stream()
                .filter(row -> !row.getBoolean(2))
                .map(row -> CATALOG + "." + CuratedTables.DATABASE + "." + row.getString(1))
                .filter(table -> Arrays.asList(spark.table(table).columns()).contains(column))
                .sorted()
                .toList();
    }

    public long count(String table, String predicate) {
        return spark.table(table).where(predicate).count();
    }

    /** The table's current version. */
    public long version(String table) {
        return spark.sql("DESCRIBE HISTORY " + table + " LIMIT 1").head().getLong(0);
    }

    /** Deletes the rows matching {@code predicate}; returns the version after. */
    public long delete(String table, String predicate) {
        spark.sql("DELETE FROM " + table + " WHERE " + predicate);
        return version(table);
    }

    /**
     * Makes deleted rows physically gone: rewrites files that carry deletion vectors, then removes
     * every file the current version does not reference, whatever its age — older versions can no
     * longer be read (that is the point). Returns the data files left.
     */
    public long purge(String table) {
        if ("true".equals(property(table, "delta.enableDeletionVectors"))) {
            spark.sql("REORG TABLE " + table + " APPLY (PURGE)");
        }
        Map<String, String> vacuum = Map.of(
                "spark.databricks.delta.retentionDurationCheck.enabled",
                "false",
                // VACUUM lists directories with up to this many tasks (Spark's default: 10,000), which for a
                // table of a few directories is 10,000 empty tasks — most of an erasure's time on two cores.
                LISTING_PARALLELISM,
                spark.conf().get("spark.sql.shuffle.partitions"));
        SessionConf.during(spark, vacuum, () -> {
            quietly(() -> spark.sql("VACUUM " + table + " RETAIN 0 HOURS"));
            return null;
        });
        return dataFiles(table).size();
    }

    /** Every Parquet data file under the table's location, referenced by a version or not. */
    public List<String> dataFiles(String table) {
        Path root = new Path(location(table));
        List<String> files = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            RemoteIterator<LocatedFileStatus> all = fs.listFiles(root, true);
            while (all.hasNext()) {
                Path file = all.next().getPath();
                if (file.getName().endsWith(".parquet") && !file.toString().contains("/" + DELTA_LOG + "/")) {
                    files.add(file.toString());
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /**
     * How many add actions of the table's log (commits and checkpoints) keep min/max statistics of
     * {@code column}: values of it the log still holds after their rows are deleted.
     */
    public long loggedStatistics(String table, String column) {
        String stats = "get_json_object(%s, '$.minValues." + column
                + "') IS NOT NULL OR get_json_object(%s, '$.maxValues." + column + "') IS NOT NULL";
        String log = location(table) + "/" + DELTA_LOG;
        long found = 0;
        if (exists(log + "/*.json")) {
            found += spark.read()
                    .text(log + "/*.json")
                    .selectExpr("get_json_object(value, '$.add.stats') AS stats")
                    .where(stats.formatted("stats", "stats"))
                    .count();
        }
        if (exists(log + "/*.checkpoint*.parquet")) {
            found += spark.read()
                    .parquet(log + "/*.checkpoint*.parquet")
                    .where("add IS NOT NULL")
                    .selectExpr("add.stats AS stats")
                    .where(stats.formatted("stats", "stats"))
                    .count();
        }
        return found;
    }

    /**
     * Delta's VACUUM prints its summary on standard output (through {@code scala.Console}), which is
     * the command line's output contract; the summary goes to the progress log instead.
     */
    private static void quietly(Runnable statement) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Console$.MODULE$.withOut(printed, new AbstractFunction0<Object>() {
            @Override
            public Object apply() {
                statement.run();
                return null;
            }
        });
        String summary = printed.toString(StandardCharsets.UTF_8).strip();
        if (!summary.isEmpty()) {
            Progress.step("delta: {}", summary);
        }
    }

    private boolean exists(String glob) {
        Path pattern = new Path(glob);
        try {
            FileSystem fs = pattern.getFileSystem(spark.sparkContext().hadoopConfiguration());
            var matches = fs.globStatus(pattern);
            return matches != null && matches.length > 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + glob, e);
        }
    }

    private String location(String table) {
        return spark.sql("DESCRIBE DETAIL " + table).head().getAs("location");
    }

    private String property(String table, String key) {
        return spark.sql("SHOW TBLPROPERTIES " + table).collectAsList().stream()
                .filter(row -> key.equals(row.getString(0)))
                .map(row -> row.getString(1))
                .findFirst()
                .orElse(null);
    }
}
