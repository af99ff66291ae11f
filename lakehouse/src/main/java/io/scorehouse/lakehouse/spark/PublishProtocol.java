package io.scorehouse.lakehouse.spark;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.SqlFiles;
import io.scorehouse.lakehouse.run.CrashPoints;
import io.scorehouse.lakehouse.run.RunKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.SparkWriteOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Exactly-once publication of one run's rows into an Iceberg table (write-audit-publish).
 *
 * <p>The rows are written into a branch cut from {@code main}; the branch is audited; then
 * {@code main} is fast-forwarded to it — the one atomic, visible step. The write is an append
 * when {@code main} holds no row of the run's scope (a first attempt, nearly always), else a
 * MERGE on {@code idempo_key} (with the partition columns in the ON clause) that inserts only the
 * keys not there yet — rows of the run already on {@code main} whose snapshot left the history.
 * Why the job and day decide: an idempotency key is derived from its run key, so rows sharing one
 * share the run's job id and day; the probe reads the day's {@code job_id} column (stopping at the
 * first hit), where the MERGE joined every row of the day against the run's. The run key rides in the snapshot
 * summary, so a run already on {@code main} is never published twice, whatever happened to the
 * process after that commit. If another run moved {@code main} meanwhile, the branch is cut
 * again from the new head and re-staged (the MERGE is idempotent), a bounded number of times;
 * another run's commit is never dropped. A crash before the fast-forward leaves only a stale
 * branch, which readers of {@code main} never see and the next attempt drops.
 */
public final class PublishProtocol {
    public static final String RUN_KEY = "scorehouse.run-key";
    private static final int MAX_ATTEMPTS = 8;
    /**
     * The shuffled rows a write task takes: ~16 MB, about one 8 MB file (the store's target) once in zstd Parquet.
     * At Spark's 64 MB a 1M-row run's rows went to 3 write tasks on 2 cores, the third running alone.
     */
    private static final String WRITE_TASK_BYTES = Long.toString(16L << 20);

    private final SparkSession spark;
    private final String catalog;
    private final String table;

    /** @param table the table within {@code catalog}, e.g. {@code scored.predictions} */
    public PublishProtocol(SparkSession spark, String catalog, String table) {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.table = requireNonNull(table, "table is null");
    }

    /** The snapshot on {@code main} that published {@code runKey}, if any. */
    public Optional<Long> publishedSnapshot(String runKey) {
        List<Row> rows = spark.sql(
                        "SELECT s.snapshot_id FROM " + qualified() + ".snapshots s JOIN " + qualified() + ".history h "
                                + "ON s.snapshot_id = h.snapshot_id WHERE h.is_current_ancestor AND s.summary['"
                                + RUN_KEY + "'] = "
                                + SqlFiles.literal(runKey) + " ORDER BY s.committed_at DESC LIMIT 1")
                .collectAsList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).getLong(0));
    }

    /**
     * Publishes {@code rows} (already persisted by the caller: they may be read more than once)
     * and returns the snapshot now at the head of {@code main}. {@code audit} runs against the
     * staged branch and throws to stop the publication.
     */
    public long publish(Dataset<Row> rows, String runKey, Map<String, String> summary, Consumer<String> audit) {
        RunKey scope = RunKey.parse(runKey);
        String branch = branchName(runKey);
        String view = "staged_" + branch;
        rows.createOrReplaceTempView(view);
        Map<String, String> properties = new LinkedHashMap<>(summary);
        properties.put(RUN_KEY, runKey);
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(view, branch, runKey, scope, properties, audit);
            } catch (RuntimeException e) {
                if (!CommitConflicts.isConflict(e) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                Progress.step(
                        "publish: the table moved while this run staged (another run committed); retrying on the new head "
                                + "({}/{})",
                        attempt + 1,
                        MAX_ATTEMPTS);
                CommitConflicts.backOff(attempt);
            }
        }
    }

    /**
     * One staging attempt. Every step that commits to the table (branch create/drop, the MERGE,
     * the fast-forward) can lose a race with another run's commit; the caller retries the whole
     * attempt, which starts by asking whether an earlier attempt already reached {@code main}.
     */
    private long attempt(
            String view,
            String branch,
            String runKey,
            RunKey scope,
            Map<String, String> properties,
            Consumer<String> audit) {
        Optional<Long> already = publishedSnapshot(runKey);
        if (already.isPresent()) {
            dropBranch(branch);
            return already.get();
        }
        dropBranch(branch);
        spark.sql("ALTER TABLE " + qualified() + " CREATE BRANCH `" + branch + "`");
        String staged = qualified() + ".branch_" + branch;
        boolean fresh = holdsNoRowOf(scope);
        CommitMetadata.withCommitProperties(
                properties,
                () -> {
                    if (fresh) {
                        spark.table(view)
                                .writeTo(staged)
                                .option(SparkWriteOptions.ADVISORY_PARTITION_SIZE, WRITE_TASK_BYTES)
                                .append();
                    } else {
                        spark.sql("MERGE INTO " + staged + " t USING " + view
                                + " s ON t.idempo_key = s.idempo_key AND t.dt = s.dt AND t.model_name = s.model_name "
                                + "AND t.tenant_id = s.tenant_id WHEN NOT MATCHED THEN INSERT *");
                    }
                    return null;
                },
                RuntimeException.class);
        CrashPoints.reached("staged");
        audit.accept(qualified() + ".branch_" + branch);
        CrashPoints.reached("audited");
        // The procedure returns (branch_updated, previous_ref, updated_ref): the new head of main.
        long head = spark.sql("CALL " + catalog + ".system.fast_forward('" + table + "', 'main', '" + branch + "')")
                .head()
                .getLong(2);
        dropBranch(branch);
        return head;
    }

    private boolean holdsNoRowOf(RunKey scope) {
        return spark.sql("SELECT 1 FROM " + qualified() + " WHERE job_id = " + SqlFiles.literal(scope.jobId())
                        + " AND dt = DATE'" + scope.date() + "' LIMIT 1")
                .isEmpty();
    }

    /** Drops the branch a crashed attempt of this run may have left behind. */
    public void dropBranch(String branch) {
        spark.sql("ALTER TABLE " + qualified() + " DROP BRANCH IF EXISTS `" + branch + "`");
    }

    /** The WAP branch of a run: derived from the run key, so every attempt finds its predecessor's. */
    public static String branchName(String runKey) {
        return "wap_" + Digests.sha256Hex(runKey).substring(0, 16);
    }

    private String qualified() {
        return catalog + "." + table;
    }
}
