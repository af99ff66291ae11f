package io.scorehouse.lakehouse.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PublishProtocolTest {
    private static SparkSession spark;
    private static PublishProtocol protocol;

    @BeforeAll
    static void store() {
        spark = TestLakehouse.spark();
        new ScoredStore(spark, "lake").ensure();
        protocol = new PublishProtocol(spark, "lake", ScoredStore.PREDICTIONS);
    }

    @Test
    void publishesOnceCarryingTheRunKeyAndSkipsARepeat() {
        Dataset<Row> rows = rows("job_a", "2026-11-01", 50).cache();
        long snapshot =
                protocol.publish(rows, "job_a/dt=2026-11-01", Map.of("scorehouse.job-id", "job_a"), branch -> {});

        assertThat(count("job_a")).isEqualTo(50);
        assertThat(protocol.publishedSnapshot("job_a/dt=2026-11-01")).contains(snapshot);
        Row summary = spark.sql("SELECT summary FROM lake.scored.predictions.snapshots WHERE snapshot_id = " + snapshot)
                .head();
        assertThat(summary.<String, String>getJavaMap(0))
                .containsEntry("scorehouse.run-key", "job_a/dt=2026-11-01")
                .containsEntry("scorehouse.job-id", "job_a");

        long snapshots = spark.sql("SELECT count(*) FROM lake.scored.predictions.snapshots")
                .head()
                .getLong(0);
        assertThat(protocol.publish(rows, "job_a/dt=2026-11-01", Map.of(), branch -> {}))
                .isEqualTo(snapshot);
        assertThat(spark.sql("SELECT count(*) FROM lake.scored.predictions.snapshots")
                        .head()
                        .getLong(0))
                .isEqualTo(snapshots);
        assertThat(count("job_a")).isEqualTo(50);
        assertThat(branches()).noneMatch(name -> name.startsWith("wap_"));
    }

    @Test
    void rowsOfTheRunAlreadyOnMainWithoutItsSnapshotAreMergedNotAppendedAgain() throws Exception {
        Dataset<Row> rows = rows("job_b", "2026-11-02", 30).cache();
        // On main, but under no snapshot carrying the run key (as after its snapshot expired):
        // the run's job and day are there, so the publication MERGEs on the idempotency key.
        rows.limit(12).writeTo("lake." + ScoredStore.PREDICTIONS).append();
        assertThat(protocol.publishedSnapshot("job_b/dt=2026-11-02")).isEmpty();

        protocol.publish(rows, "job_b/dt=2026-11-02", Map.of(), branch -> {});

        assertThat(count("job_b")).isEqualTo(30);
        assertThat(spark.sql("SELECT count(DISTINCT idempo_key) FROM lake.scored.predictions WHERE job_id = 'job_b'")
                        .head()
                        .getLong(0))
                .isEqualTo(30);
    }

    @Test
    void aFailedAuditPublishesNothingAndLeavesOnlyABranch() {
        Dataset<Row> rows = rows("job_c", "2026-11-03", 20).cache();
        assertThatThrownBy(() -> protocol.publish(rows, "job_c/dt=2026-11-03", Map.of(), branch -> {
                    assertThat(spark.sql("SELECT count(*) FROM " + branch + " WHERE job_id = 'job_c'")
                                    .head()
                                    .getLong(0))
                            .isEqualTo(20);
                    throw new IllegalStateException("audit failed");
                }))
                .hasMessage("audit failed");

        assertThat(count("job_c")).isZero();
        assertThat(protocol.publishedSnapshot("job_c/dt=2026-11-03")).isEmpty();
        assertThat(branches()).contains(PublishProtocol.branchName("job_c/dt=2026-11-03"));

        protocol.publish(rows, "job_c/dt=2026-11-03", Map.of(), branch -> {});
        assertThat(count("job_c")).isEqualTo(20);
        assertThat(branches()).doesNotContain(PublishProtocol.branchName("job_c/dt=2026-11-03"));
    }

    @Test
    void mainMovingWhileStagingIsReStagedAndKeepsTheOtherRunsRows() {
        Dataset<Row> mine = rows("job_d", "2026-11-04", 10).cache();
        Dataset<Row> theirs = rows("job_e", "2026-11-05", 15).cache();
        boolean[] interfered = {false};
        protocol.publish(mine, "job_d/dt=2026-11-04", Map.of(), branch -> {
            if (!interfered[0]) {
                interfered[0] = true;
                protocol.publish(theirs, "job_e/dt=2026-11-05", Map.of(), other -> {});
            }
        });
        assertThat(count("job_d")).isEqualTo(10);
        assertThat(count("job_e")).isEqualTo(15);
    }

    @Test
    void simultaneousPublicationsOfDifferentRunsAllLand() throws Exception {
        Map<String, String> dayOfJob = Map.of("job_p1", "2026-11-06", "job_p2", "2026-11-07", "job_p3", "2026-11-08");
        List<CompletableFuture<Long>> running = dayOfJob.entrySet().stream()
                .map(job -> CompletableFuture.supplyAsync(() -> protocol.publish(
                        rows(job.getKey(), job.getValue(), 12).cache(), runKey(job), Map.of(), branch -> {})))
                .toList();
        for (CompletableFuture<Long> run : running) {
            run.get();
        }
        for (Map.Entry<String, String> job : dayOfJob.entrySet()) {
            assertThat(count(job.getKey())).as(job.getKey()).isEqualTo(12);
            assertThat(protocol.publishedSnapshot(runKey(job))).as(job.getKey()).isPresent();
            assertThat(branches()).doesNotContain(PublishProtocol.branchName(runKey(job)));
        }
    }

    private static String runKey(Map.Entry<String, String> job) {
        return job.getKey() + "/dt=" + job.getValue();
    }

    private static long count(String jobId) {
        return spark.sql("SELECT count(*) FROM lake.scored.predictions WHERE job_id = '" + jobId + "'")
                .head()
                .getLong(0);
    }

    private static List<String> branches() {
        return spark.sql("SELECT name FROM lake.scored.predictions.refs").collectAsList().stream()
                .map(r -> r.getString(0))
                .toList();
    }

    private static Dataset<Row> rows(String jobId, String dt, int n) {
        return spark.sql(
                "SELECT concat('req-', id) AS request_id, 'acme' AS tenant_id, sha2(CAST(id AS STRING), 256) AS entity_key, "
                        + "'churn' AS model_name, 1 AS model_version, 'sha256:aa' AS model_digest, rand(7) AS score, 'approve' AS decision, "
                        + "TIMESTAMP'2026-11-01 10:00:00' AS as_of_in, TIMESTAMP'2026-11-02 01:00:00' AS as_of_out, "
                        + "CAST(NULL AS STRING) AS featureset_id, "
                        + "array(named_struct('feature', 'x', 'contribution', 0.1D)) AS explanations, "
                        + "array('C01') AS reason_codes, map('quality', 'ok') AS runtime_meta, "
                        + "'sha256:pp' AS policy_digest, '" + jobId + "' AS job_id, sha2(concat('" + dt
                        + "', id), 256) AS idempo_key, "
                        + "DATE'" + dt + "' AS dt FROM range(" + n + ")");
    }
}
