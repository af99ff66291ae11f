package io.scorehouse.lakehouse.spark;

import static io.scorehouse.lakehouse.SqlFiles.literal;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Curated inputs (zone Z3) and the decisions ledger are Delta tables at
 * {@code <warehouse>/curated/<table>}. The directory layout is the registry: every session
 * registers what it finds as {@code curated.<table>} in {@code spark_catalog}, so any process
 * sees the same tables without a Hive metastore (which would serialize concurrent runs).
 */
public final class CuratedTables {
    public static final String DATABASE = "curated";
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private CuratedTables() {}

    public static String location(String warehouse, String table) {
        return root(warehouse) + "/" + checkName(table);
    }

    /** Registers every Delta table under the curated root; idempotent. */
    public static List<String> registerAll(SparkSession spark, String warehouse) {
        spark.sql("CREATE DATABASE IF NOT EXISTS " + DATABASE + " LOCATION " + literal(root(warehouse)));
        List<String> registered = new ArrayList<>();
        Path root = new Path(root(warehouse));
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                return registered;
            }
            for (FileStatus status : fs.listStatus(root)) {
                String name = status.getPath().getName();
                if (status.isDirectory()
                        && TABLE_NAME.matcher(name).matches()
                        && fs.exists(new Path(status.getPath(), "_delta_log"))) {
                    register(spark, warehouse, name);
                    registered.add(name);
                }
            }
            return registered;
        } catch (IOException e) {
            throw new ScorehouseException(
                    ExitCode.UNEXPECTED, "curated tables", "cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** Registers one table whose Delta log exists at its location; idempotent. */
    public static void register(SparkSession spark, String warehouse, String table) {
        spark.sql("CREATE TABLE IF NOT EXISTS " + DATABASE + "." + checkName(table) + " USING delta LOCATION "
                + literal(location(warehouse, table)));
    }

    private static String root(String warehouse) {
        return warehouse.replaceAll("/+$", "") + "/" + DATABASE;
    }

    private static String checkName(String table) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("not a curated table name: " + table);
        }
        return table;
    }
}
