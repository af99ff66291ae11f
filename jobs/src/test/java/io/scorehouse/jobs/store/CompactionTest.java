package io.scorehouse.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.jobs.cli.CliRunner;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.lakehouse.spark.TableMaintenance;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compaction on a real Iceberg table: fewer files, files sorted by entity_key, the same rows bit for bit, audited. */
class CompactionTest {
    private static SparkSession spark;
    private static ScorehouseConfig config;

    @BeforeAll
    static void manySmallCommits() {
        spark = TestLakehouse.spark();
        config = TestLakehouse.config();
        new ScoredStore(spark, "lake").ensure();
        for (int commit = 0; commit < 6; commit++) {
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                rows.add("('cmp-" + commit + "-" + i + "', 'cmp', sha2('cmp" + commit + "-" + i
                        + "', 256), 'churn', 1, "
                        + "'sha256:" + "a".repeat(64) + "', " + (i / 25.0) + ", 'low', TIMESTAMP'2026-11-10 10:00:00', "
                        + "TIMESTAMP'2026-11-10 11:00:00', 'fs', array(), CAST(NULL AS ARRAY<STRING>), map(), 'sha256:"
                        + "b".repeat(64)
                        + "', 'cmp_job', "
                        + "'idem-cmp-" + commit + "-" + i + "', DATE'2026-11-10')");
            }
            spark.sql("INSERT INTO lake.scored.shadow_predictions VALUES " + String.join(", ", rows));
        }
    }

    @Test
    void rewritesSmallFilesSortedAndChangesNoRow() {
        TableMaintenance tables = new TableMaintenance(spark, "lake");
        String before = tables.checksum("scored.shadow_predictions");
        long filesBefore = partitionFiles();
        assertThat(filesBefore).isGreaterThanOrEqualTo(6);

        CliRunner.Result run =
                CliRunner.run(() -> config, spark, "store", "compact", "--table", "scored.shadow_predictions");
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out())
                .startsWith("compacted scored.shadow_predictions (sorted by entity_key)")
                .contains("(unchanged)");
        assertThat(partitionFiles()).isEqualTo(1);
        assertThat(tables.checksum("scored.shadow_predictions")).isEqualTo(before);
        List<String> keys = spark
                .sql("SELECT entity_key FROM lake.scored.shadow_predictions WHERE tenant_id = 'cmp'")
                .collectAsList()
                .stream()
                .map(row -> row.getString(0))
                .toList();
        assertThat(keys).hasSize(150).isSorted();
        assertThat(spark.sql("SELECT count(*) FROM lake.ops.audit WHERE action = 'store.compact' AND subject = "
                                + "'scored.shadow_predictions' AND details['checksum'] = '" + before + "'")
                        .head()
                        .getLong(0))
                .isPositive();

        assertThat(CliRunner.run(() -> config, spark, "store", "compact", "--table", "nope")
                        .code())
                .isEqualTo(2);
        assertThat(CliRunner.run(() -> config, spark, "store", "compact", "--table", "scored.nope")
                        .code())
                .isEqualTo(2);
    }

    private static long partitionFiles() {
        return spark.sql("SELECT count(*) FROM lake.scored.shadow_predictions.files WHERE content = 0 AND "
                        + "partition.tenant_id = 'cmp'")
                .head()
                .getLong(0);
    }
}
