package io.scorehouse.jobs.cli;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/** Runs one Spark SQL statement and prints its result in an {@link OutputFormat}. */
final class SqlQuery {
    private final SparkSession spark;
    private final String governedCatalog;

    SqlQuery(SparkSession spark, String governedCatalog) {
        this.spark = requireNonNull(spark, "spark is null");
        this.governedCatalog = requireNonNull(governedCatalog, "governedCatalog is null");
    }

    /** Prints at most {@code limit} rows; returns whether rows were left out. */
    boolean print(String statement, OutputFormat format, int limit, PrintWriter out) {
        Dataset<Row> result = execute(statement);
        if (result.schema().isEmpty()) {
            out.println("OK");
            return false;
        }
        Dataset<Row> limited = result.limit(limit + 1);
        if (format == OutputFormat.JSON) {
            List<String> lines = limited.toJSON().collectAsList();
            lines.stream().limit(limit).forEach(out::println);
            return lines.size() > limit;
        }
        List<String> columns = List.of(result.columns());
        List<List<String>> rows = asStrings(limited);
        boolean truncated = rows.size() > limit;
        List<List<String>> shown = truncated ? rows.subList(0, limit) : rows;
        if (format == OutputFormat.CSV) {
            ResultTable.csv(columns, shown, out);
        } else {
            ResultTable.table(columns, numericColumns(result), shown, out);
        }
        return truncated;
    }

    private Dataset<Row> execute(String statement) {
        SqlWrites.refuseGovernedWrites(spark, statement, governedCatalog);
        try {
            return spark.sql(statement);
        } catch (Exception e) {
            if (e instanceof AnalysisException) {
                // Includes ParseException: the statement itself is wrong, a usage error.
                throw new ScorehouseException(ExitCode.USAGE, "sql", e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Every value cast to string by Spark, which renders arrays, maps and structs readably. */
    private static List<List<String>> asStrings(Dataset<Row> rows) {
        String[] positional = new String[rows.columns().length];
        for (int i = 0; i < positional.length; i++) {
            positional[i] = "c" + i;
        }
        Column[] casts = new Column[positional.length];
        for (int i = 0; i < positional.length; i++) {
            casts[i] = functions.col(positional[i]).cast("string");
        }
        List<List<String>> result = new ArrayList<>();
        for (Row row : rows.toDF(positional).select(casts).collectAsList()) {
            List<String> values = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                values.add(row.isNullAt(i) ? null : row.getString(i));
            }
            result.add(values);
        }
        return result;
    }

    private static boolean[] numericColumns(Dataset<Row> result) {
        StructField[] fields = result.schema().fields();
        boolean[] numeric = new boolean[fields.length];
        for (int i = 0; i < fields.length; i++) {
            numeric[i] = fields[i].dataType() instanceof NumericType;
        }
        return numeric;
    }
}
