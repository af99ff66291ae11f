package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * Who may write through {@code sql}: maintenance of the curated Delta inputs (UPDATE, DELETE,
 * MERGE, …) is a user's job; the governed store ({@code <catalog>.*}) is written only by the
 * jobs, through their gates, audit and exactly-once protocol — a write there is refused (exit 3).
 */
final class SqlWrites {
    /** Commands that only read or show: everything else that is a command writes. */
    private static final Pattern READ_ONLY_COMMAND =
            Pattern.compile("(Show|Describe|Explain|Use|SetCatalogAndNamespace|SetCommand|ResetCommand).*");

    private static final Pattern MULTIPART_NAME = Pattern.compile("\\[([A-Za-z0-9_`]+)(?:, [A-Za-z0-9_`]+)*]");

    private SqlWrites() {}

    /** Refuses (exit 3) {@code statement} when it writes into the governed catalog {@code catalog}. */
    static void refuseGovernedWrites(SparkSession spark, String statement, String catalog) {
        LogicalPlan plan;
        try {
            plan = spark.sessionState().sqlParser().parsePlan(statement);
        } catch (org.apache.spark.sql.catalyst.parser.ParseException | RuntimeException unparsable) {
            return; // the statement's own execution reports it as a usage error
        }
        if (!writes(plan)) {
            return;
        }
        boolean governedTarget =
                spark.catalog().currentCatalog().equalsIgnoreCase(catalog) || namesCatalog(plan.treeString(), catalog);
        if (governedTarget) {
            throw new ScorehouseException(
                    ExitCode.POLICY_REFUSED,
                    "sql",
                    "writes to " + catalog + ".* are refused: only the scorehouse jobs write the governed store "
                            + "(read it here; maintain curated.* inputs with UPDATE/DELETE/MERGE)");
        }
    }

    private static boolean writes(LogicalPlan plan) {
        return plan.find(node -> node instanceof InsertIntoStatement
                        || (node instanceof Command
                                && !READ_ONLY_COMMAND
                                        .matcher(node.getClass().getSimpleName())
                                        .matches())
                        || node.getClass()
                                .getSimpleName()
                                .toLowerCase(Locale.ROOT)
                                .contains("call"))
                .isDefined();
    }

    /** Whether any multi-part name in the parsed plan starts with {@code catalog}. */
    private static boolean namesCatalog(String tree, String catalog) {
        Matcher names = MULTIPART_NAME.matcher(tree);
        while (names.find()) {
            if (names.group(1).replace("`", "").equalsIgnoreCase(catalog)) {
                return true;
            }
        }
        return false;
    }
}
