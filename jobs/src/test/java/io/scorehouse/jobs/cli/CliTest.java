package io.scorehouse.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.jobs.demo.DemoData;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
    /** Help and argument errors must never need the configuration, let alone Spark. */
    private static final Supplier<ScorehouseConfig> NO_CONFIG = () -> {
        throw new AssertionError("configuration must not be loaded for this command line");
    };

    @Test
    void helpOfEveryCommandExitsZero() {
        Run top = run(NO_CONFIG, "--help");
        assertThat(top.code).isZero();
        assertThat(top.out).contains("Usage: scorehouse", "demo-data", "sql", "Exit codes");

        CommandLine commandLine = ScorehouseCommand.commandLine(
                NO_CONFIG, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<String> commands = commandLine.getSubcommands().keySet().stream()
                .filter(name -> !name.equals("help"))
                .toList();
        assertThat(commands)
                .contains(
                        "demo",
                        "demo-data",
                        "sql",
                        "train",
                        "registry",
                        "score",
                        "verify",
                        "replay",
                        "sync-revocations",
                        "canary",
                        "promote",
                        "deprecate",
                        "revoke",
                        "rollback",
                        "release",
                        "store");
        for (String command : commands) {
            Run help = run(NO_CONFIG, command, "--help");
            assertThat(help.code).as(command).isZero();
            assertThat(help.out).as(command).contains("Usage: scorehouse " + command);
        }
    }

    @Test
    void versionExitsZero() {
        Run version = run(NO_CONFIG, "--version");
        assertThat(version.code).isZero();
        assertThat(version.out).startsWith("scorehouse ");
    }

    @Test
    void unknownCommandIsAUsageErrorOnOneLine() {
        Run run = run(NO_CONFIG, "scroe", "--nonsense");
        assertThat(run.code).isEqualTo(2);
        assertThat(run.errLines())
                .containsExactly(
                        "scorehouse: scroe — unknown command (commands: demo, demo-data, sql, train, "
                                + "registry, score, recon, verify, replay, staging-report, shadow, canary, promote, deprecate, revoke, "
                                + "sync-revocations, rollback, release, store, trino-rules, notebooks, help; see 'scorehouse --help')");
    }

    @Test
    void badOptionsAreUsageErrorsOnOneLine() {
        assertUsageError(run(NO_CONFIG, "--bogus"), "scorehouse: scorehouse — Unknown option: '--bogus'");
        assertUsageError(run(NO_CONFIG, "score", "--nonsense"), "scorehouse: score — Missing required options");
        assertUsageError(
                run(NO_CONFIG, "score", "--pipeline", "churn_daily", "--date", "2026-11-01", "--nonsense"),
                "scorehouse: score — Unknown option: '--nonsense'");
        assertUsageError(
                run(NO_CONFIG, "verify"),
                "scorehouse: verify — Missing required argument (specify one of these): "
                        + "(--run=JOB_ID [--run=JOB_ID]... | --report=PATH [--report=PATH]... | --evidence=DIR [--evidence=DIR]...)");
        assertUsageError(
                run(NO_CONFIG, "recon"),
                "scorehouse: recon — Missing required argument (specify one of these): (--date");
        assertUsageError(
                run(NO_CONFIG, "recon", "--date", "2026-11-01", "--from", "2026-11-01", "--to", "2026-11-02"),
                "scorehouse: recon — --date=YYYY-MM-DD and [--from=YYYY-MM-DD --to=YYYY-MM-DD] are mutually exclusive");
        assertUsageError(run(NO_CONFIG, "recon", "--from", "2026-11-01"), "scorehouse: recon — ");
        assertUsageError(
                run(NO_CONFIG, "demo-data", "decisions"),
                "scorehouse: decisions — Missing required option: '--date=YYYY-MM-DD'");
        assertUsageError(
                run(NO_CONFIG, "demo-data"), "scorehouse: demo-data — Missing required option: '--date=YYYY-MM-DD'");
        assertUsageError(run(NO_CONFIG, "sql", "--bogus", "SELECT 1"), "scorehouse: sql — Unknown option: '--bogus'");
        assertUsageError(run(NO_CONFIG, "sql"), "scorehouse: sql — Missing required parameter: 'STATEMENT'");
        assertUsageError(
                run(NO_CONFIG, "sql", "--format", "xml", "SELECT 1"),
                "scorehouse: sql — Invalid value for option '--format'");
        assertUsageError(
                run(NO_CONFIG, "demo-data"), "scorehouse: demo-data — Missing required option: '--date=YYYY-MM-DD'");
        assertUsageError(
                run(NO_CONFIG, "demo-data", "--date", "2026-11-01", "--rows", "many"),
                "scorehouse: demo-data — Invalid value for option '--rows'");
    }

    @Test
    void badDatesAreUsageErrorsOnOneLine() {
        assertUsageError(
                run(NO_CONFIG, "demo-data", "--date", "2026-13-01"),
                "scorehouse: demo-data — Invalid value for option '--date': '2026-13-01' is not a date (YYYY-MM-DD)");
        assertUsageError(
                run(NO_CONFIG, "demo", "--date", "yesterday"),
                "scorehouse: demo — Invalid value for option '--date': 'yesterday' is not a date (YYYY-MM-DD)");
    }

    @Test
    void badValuesCheckedBeforeSparkStarts() {
        assertUsageError(
                run(NO_CONFIG, "demo-data", "--date", "2026-11-01", "--rows", "0"),
                "scorehouse: demo-data — --rows must be between 1 and");
        assertUsageError(
                run(NO_CONFIG, "demo-data", "--date", "2026-11-01", "--tenants", "Acme,b"),
                "scorehouse: demo-data — --tenants: 'Acme' is not a tenant id");
        assertUsageError(
                run(NO_CONFIG, "demo-data", "--date", "2026-11-01", "--tenants", "a,a"),
                "scorehouse: demo-data — --tenants lists a tenant twice");
    }

    @Test
    void sqlPrintsTablesCsvAndJson() {
        new DemoData(TestLakehouse.spark(), TestLakehouse.config().warehouse())
                .write(LocalDate.of(2026, 11, 20), 500, List.of("acme", "globex"), 42);
        String query = "SELECT tenant_id, count(*) AS n FROM curated.customer_features GROUP BY 1 ORDER BY 1";

        Run table = run(TestLakehouse::config, "sql", query);
        assertThat(table.code).as(table.err).isZero();
        List<String> lines = table.out.lines().toList();
        assertThat(lines.get(0)).matches("tenant_id \\| +n");
        assertThat(lines.get(2)).matches("acme +\\| +\\d+");
        assertThat(lines.get(3)).matches("globex +\\| +\\d+");
        assertThat(lines.get(4)).isEqualTo("(2 rows)");

        Run csv = run(TestLakehouse::config, "sql", "--format", "csv", query);
        assertThat(csv.out.lines().toList()).hasSize(3).first().isEqualTo("tenant_id,n");
        assertThat(csv.out.lines().toList().get(1)).matches("acme,\\d+");

        Run json = run(TestLakehouse::config, "sql", "--format", "json", query);
        assertThat(json.out.lines().toList())
                .hasSize(2)
                .first()
                .asString()
                .matches("\\{\"tenant_id\":\"acme\",\"n\":\\d+}");
    }

    @Test
    void sqlQuotesCsvAndRendersNullsAndNestedValues() {
        Run csv = run(
                TestLakehouse::config,
                "sql",
                "--format",
                "csv",
                "SELECT 'a,b' AS x, CAST(NULL AS STRING) AS y, array(1, 2) AS z");
        assertThat(csv.out.lines().toList()).containsExactly("x,y,z", "\"a,b\",,\"[1, 2]\"");
        Run table = run(TestLakehouse::config, "sql", "SELECT CAST(NULL AS INT) AS y");
        assertThat(table.out).contains("NULL");
    }

    @Test
    void sqlTruncatesAtTheLimitAndSaysSo() {
        Run run = run(TestLakehouse::config, "sql", "--limit", "3", "SELECT id FROM range(10)");
        assertThat(run.out.lines().toList()).contains("(3 rows)");
        assertThat(run.err).contains("showing the first 3 rows");
    }

    @Test
    void badSqlIsAUsageErrorOnOneLine() {
        assertUsageError(run(TestLakehouse::config, "sql", "SELEC 1"), "scorehouse: sql — [PARSE_SYNTAX_ERROR]");
        assertUsageError(
                run(TestLakehouse::config, "sql", "SELECT * FROM lake.nowhere.nothing"),
                "scorehouse: sql — [TABLE_OR_VIEW_NOT_FOUND]");
    }

    @Test
    void curatedInputsAreMaintainedHereAndTheGovernedStoreIsNot() {
        TestLakehouse.spark()
                .sql("CREATE TABLE IF NOT EXISTS curated.cli_dml USING delta LOCATION '"
                        + TestLakehouse.config().warehouse()
                        + "/curated/cli_dml' AS SELECT id, 'a' AS tag FROM range(4)");
        Run update = run(TestLakehouse::config, "sql", "UPDATE curated.cli_dml SET tag = 'b' WHERE id < 2");
        assertThat(update.code).as(update.err).isZero();
        Run delete = run(TestLakehouse::config, "sql", "DELETE FROM curated.cli_dml WHERE id = 3");
        assertThat(delete.code).as(delete.err).isZero();
        Run merge = run(
                TestLakehouse::config,
                "sql",
                "MERGE INTO curated.cli_dml t USING (SELECT 0 AS id, 'c' AS tag) s ON t.id = s.id "
                        + "WHEN MATCHED THEN UPDATE SET t.tag = s.tag");
        assertThat(merge.code).as(merge.err).isZero();
        Run tags =
                run(TestLakehouse::config, "sql", "--format", "csv", "SELECT id, tag FROM curated.cli_dml ORDER BY id");
        assertThat(tags.out).isEqualTo("id,tag\n0,c\n1,b\n2,a\n");

        for (String write : List.of(
                "CREATE NAMESPACE IF NOT EXISTS lake.cli_test",
                "DELETE FROM lake.scored.predictions WHERE true",
                "UPDATE lake.scored.predictions SET score = 0",
                "INSERT INTO lake.ops.audit SELECT * FROM lake.ops.audit",
                "DROP TABLE lake.scored.predictions",
                "ALTER TABLE lake.scored.predictions SET TBLPROPERTIES ('x' = 'y')",
                "CALL lake.system.rollback_to_snapshot('scored.predictions', 1)")) {
            Run refused = run(TestLakehouse::config, "sql", write);
            assertThat(refused.code).as(write + ": " + refused.err).isEqualTo(3);
            assertThat(refused.errLines())
                    .singleElement()
                    .asString()
                    .startsWith("scorehouse: sql — writes to lake.* are refused");
        }
        Run read = run(TestLakehouse::config, "sql", "SHOW NAMESPACES IN lake");
        assertThat(read.code).as(read.err).isZero();
    }

    private static void assertUsageError(Run run, String expectedPrefix) {
        assertThat(run.code).as(run.err).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith(expectedPrefix);
        assertThat(run.out).isEmpty();
    }

    private static Run run(Supplier<ScorehouseConfig> config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScorehouseCommand.commandLine(config, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }
}
