package io.scorehouse.scoring.run;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.SqlFiles;
import io.scorehouse.lakehouse.run.CrashPoints;
import io.scorehouse.lakehouse.run.RunKey;
import io.scorehouse.lakehouse.run.RunLease;
import io.scorehouse.lakehouse.spark.ScoredStore;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Steps 6–7 of a run: stage the governed rows on a branch, audit the branch, publish it with one
 * atomic fast-forward (the store's write-audit-publish protocol), then record the snapshot in the
 * run's lease. A crash before the fast-forward leaves nothing visible.
 */
final class RunPublication {
    private RunPublication() {}

    /** Publishes {@code governed} ({@code rows} rows) under {@code run}'s key; returns the published snapshot. */
    static long publish(
            SparkSession spark, ScoredStore store, PinnedRun run, RunLease lease, Dataset<Row> governed, long rows) {
        CrashPoints.reached("before-staging");
        long snapshot = store.publication()
                .publish(
                        governed,
                        run.key().toString(),
                        Map.of(
                                "scorehouse.job-id", run.key().jobId(),
                                "scorehouse.model-digest", run.modelDigest().value(),
                                "scorehouse.policy-digest", run.policyDigest().value(),
                                "scorehouse.pipeline", run.pipeline().name()),
                        branch -> {
                            // Again at publish: two first runs under different keys may both have
                            // found no key pinned; only the one matching the pinned id publishes.
                            store.requireEntityKeyId(run.configuration().entityKeyId());
                            audit(spark, branch, run.key(), rows);
                        });
        CrashPoints.reached("published");
        lease.published(snapshot, rows);
        return snapshot;
    }

    /** The staged branch must hold exactly this run's rows, each with a key and a probability (exit 5 otherwise). */
    private static void audit(SparkSession spark, String branch, RunKey key, long expectedRows) {
        Row audit = spark.sql("SELECT count(*) AS total, "
                        + "count_if(score IS NULL OR isnan(score) OR score < 0 OR score > 1) AS bad_scores, "
                        + "count_if(entity_key IS NULL OR idempo_key IS NULL) AS missing_keys, "
                        + "count(DISTINCT idempo_key) AS distinct_keys FROM " + branch
                        + " WHERE job_id = " + SqlFiles.literal(key.jobId()) + " AND dt = DATE'" + key.date() + "'")
                .head();
        long total = audit.getAs("total");
        long badScores = audit.getAs("bad_scores");
        long missingKeys = audit.getAs("missing_keys");
        long distinctKeys = audit.getAs("distinct_keys");
        if (total != expectedRows || badScores != 0 || missingKeys != 0 || distinctKeys != expectedRows) {
            throw new ScorehouseException(
                    ExitCode.INTEGRITY,
                    "publish " + key,
                    "audit of the staged branch failed: " + total + " rows (expected " + expectedRows + "), "
                            + badScores + " bad scores, " + missingKeys + " missing keys, " + distinctKeys
                            + " distinct idempotency keys");
        }
    }
}
