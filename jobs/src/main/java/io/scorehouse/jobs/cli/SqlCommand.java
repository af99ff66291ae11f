package io.scorehouse.jobs.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one Spark SQL statement on the lakehouse and prints the result.",
            "",
            "Both catalogs are there: Iceberg tables and views in lake (lake.scored.v_last, ...) and",
            "Delta tables in spark_catalog (curated.customer_features, ...).",
            "",
            "Curated inputs may be maintained here (UPDATE, DELETE, MERGE on curated.*); the governed",
            "store is written only by the jobs: a write to lake.* is refused (exit 3)."
        })
final class SqlCommand implements Callable<Integer> {
    @ParentCommand
    ScorehouseCommand top;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STATEMENT", description = "The SQL statement (quote it).")
    String statement;

    @Option(
            names = "--format",
            defaultValue = "table",
            paramLabel = "table|csv|json",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--limit", defaultValue = "1000", description = "Most rows printed. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    public Integer call() {
        if (statement.isBlank()) {
            throw new ParameterException(spec.commandLine(), "STATEMENT is empty");
        }
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean truncated =
                new SqlQuery(top.spark("sql"), top.config().catalog().name()).print(statement, format, limit, out);
        out.flush();
        if (truncated) {
            spec.commandLine().getErr().println("(showing the first " + limit + " rows; raise --limit for more)");
        }
        return 0;
    }
}
