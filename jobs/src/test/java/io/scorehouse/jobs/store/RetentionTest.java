package io.scorehouse.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.jobs.cli.CliRunner;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.config.StoreSettings;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.lakehouse.spark.TableMaintenance;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retention on real Iceberg tables: exactly the rows past their classification's retention go,
 * physically (their data files leave the disk, time travel cannot reach them), every deletion is
 * logged, audit tables are kept, the catalog metadata lands in the table properties, and
 * {@code --dry-run} changes nothing.
 */
class RetentionTest {
    private static final String TENANT = "ret";
    private static SparkSession spark;
    private static ScorehouseConfig config;

    @BeforeAll
    static void scoresOlderAndYoungerThanRetention() {
        spark = TestLakehouse.spark();
        ScorehouseConfig base = TestLakehouse.config();
        config = base.withStore(new StoreSettings(base.store().retentionDays(), 0, null));
        new ScoredStore(spark, "lake").ensure();
        Instant now = Instant.now();
        insert("old", now.minus(400, ChronoUnit.DAYS), 30);
        insert("new", now.minus(10, ChronoUnit.DAYS), 20);
    }

    private static void insert(String label, Instant asOfOut, int entities) {
        List<String> rows = new ArrayList<>();
        String at = asOfOut.truncatedTo(ChronoUnit.SECONDS)
                .toString()
                .replace('T', ' ')
                .replace("Z", "");
        String day = at.substring(0, 10);
        for (int i = 0; i < entities; i++) {
            rows.add(
                    "('" + label + "-" + i + "', '" + TENANT + "', sha2('" + label + i + "', 256), 'churn', 1, 'sha256:"
                            + "a".repeat(64) + "', 0.5, 'low', TIMESTAMP'" + at + "', TIMESTAMP'" + at
                            + "', 'fs', array(), CAST(NULL AS ARRAY<STRING>), map(), "
                            + "'sha256:" + "b".repeat(64) + "', 'ret_" + label + "', 'idem-" + label + "-" + i
                            + "', DATE'" + day + "')");
        }
        spark.sql("INSERT INTO lake.scored.predictions VALUES " + String.join(", ", rows));
    }

    @Test
    void deletesExactlyTheExpiredRowsPhysicallyAndLogsIt() {
        List<String> oldFiles = filesOf("ret_old");
        assertThat(oldFiles)
                .isNotEmpty()
                .allSatisfy(file -> assertThat(Path.of(file)).exists());
        long before = new TableMaintenance(spark, "lake").currentSnapshot("scored.predictions");
        String kept = checksum("ret_new");

        CliRunner.Result dry = cli("store", "retention", "--dry-run");
        assertThat(dry.code()).as(dry.toString()).isZero();
        assertThat(dry.out())
                .containsPattern("would delete [1-9][0-9]* rows from scored.predictions \\(operational, 365 days\\)");
        assertThat(dry.out()).contains("kept     ops.deletion_log (audit)", "not_audit");
        assertThat(rows("ret_old")).isEqualTo(30);

        CliRunner.Result run = cli("store", "retention");
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("deleted  ").contains("kept     ops.audit (audit)");
        assertThat(rows("ret_old")).isZero();
        assertThat(checksum("ret_new")).isEqualTo(kept);
        assertThat(oldFiles).allSatisfy(file -> assertThat(Path.of(file)).doesNotExist());
        assertThatThrownBy(() -> spark.sql("SELECT count(*) FROM lake.scored.predictions VERSION AS OF " + before)
                        .collect())
                .hasMessageContaining(String.valueOf(before));

        Map<String, String> properties =
                spark.sql("SHOW TBLPROPERTIES lake.scored.predictions").collectAsList().stream()
                        .collect(Collectors.toMap(row -> row.getString(0), row -> row.getString(1)));
        assertThat(properties)
                .containsEntry("classification", "operational")
                .containsEntry("retention_days", "365")
                .containsEntry("sensitivity", "confidential")
                .containsEntry("data_owner", "risk-ml")
                .containsEntry("contract", "conf/contracts/score-output.schema.json")
                .containsKey("purpose");

        List<String> log = spark
                .sql("SELECT rows_by_job['ret_old'], reason, actor, policy_digest, request_id FROM "
                        + "lake.ops.deletion_log WHERE reason = 'retention' AND table_name = 'scored.predictions' "
                        + "AND rows_by_job['ret_old'] IS NOT NULL")
                .collectAsList()
                .stream()
                .map(row -> row.mkString("|"))
                .toList();
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).startsWith("30|retention|").contains("|sha256:").endsWith("|null");

        CliRunner.Result again = cli("store", "retention");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("deleted  0 rows from scored.predictions");
        assertThat(spark.sql("SELECT count(*) FROM lake.ops.deletion_log WHERE rows_by_job['ret_old'] IS NOT NULL")
                        .head()
                        .getLong(0))
                .isEqualTo(1);
    }

    private static List<String> filesOf(String job) {
        return spark
                .sql("SELECT DISTINCT input_file_name() FROM lake.scored.predictions WHERE job_id = '" + job + "'")
                .collectAsList()
                .stream()
                .map(row -> row.getString(0).replace("file:", ""))
                .toList();
    }

    private static long rows(String job) {
        return spark.sql("SELECT count(*) FROM lake.scored.predictions WHERE job_id = '" + job + "'")
                .head()
                .getLong(0);
    }

    private static String checksum(String job) {
        return spark.sql("SELECT count(*), sum(hash(request_id, entity_key, score, idempo_key, as_of_out)) FROM "
                        + "lake.scored.predictions WHERE job_id = '" + job + "'")
                .head()
                .mkString("|");
    }

    private static CliRunner.Result cli(String... args) {
        return CliRunner.run(() -> config, spark, args);
    }
}
