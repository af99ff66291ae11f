package io.scorehouse.scoring.store;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.controlplane.DeletionSteps;
import io.scorehouse.lakehouse.spark.OpsRecords;
import io.scorehouse.lakehouse.spark.TableMaintenance;
import java.time.Clock;
import java.util.Map;

/**
 * Deletes from one table the way every deletion must go (Z6-2.6 §2.8): what the predicate matches
 * is recorded in the control plane first ({@link DeletionSteps}), then deleted, then logged in
 * {@code ops.deletion_log}, then the step is completed. Re-running a step — after a crash anywhere
 * in it — deletes nothing twice and logs it exactly once.
 */
final class Deletions {
    private final TableMaintenance tables;
    private final OpsRecords ops;
    private final DeletionSteps steps;
    private final String policyDigest;
    private final Clock clock;
    private final String actor;

    Deletions(
            TableMaintenance tables,
            OpsRecords ops,
            DeletionSteps steps,
            String policyDigest,
            Clock clock,
            String actor) {
        this.tables = requireNonNull(tables, "tables is null");
        this.ops = requireNonNull(ops, "ops is null");
        this.steps = requireNonNull(steps, "steps is null");
        this.policyDigest = requireNonNull(policyDigest, "policyDigest is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.actor = requireNonNull(actor, "actor is null");
    }

    /** What {@code predicate} matches in {@code table} now: rows, per job, and the snapshot it was counted on. */
    DeletionSteps.Step plan(String operation, String table, String predicate) {
        return DeletionSteps.Step.of(
                operation,
                table,
                predicate,
                tables.count(table, predicate),
                tables.hasColumn(table, "job_id") ? tables.countsBy(table, predicate, "job_id") : Map.of(),
                tables.currentSnapshot(table));
    }

    /** Deletes {@code predicate} from {@code table} as part of {@code operation} (resuming a step begun earlier). */
    Removal delete(String operation, String table, String predicate, String reason, String requestId) {
        return delete(
                operation,
                table,
                () -> plan(operation, table, predicate),
                reason,
                requestId,
                step -> tables.delete(table, step.predicate()));
    }

    /**
     * Runs one step of {@code operation} on {@code table}: begins it from {@code plan} unless it was
     * begun earlier, deletes with {@code deleter} (which returns the snapshot after) when it matched
     * anything, logs it and completes it. A completed step returns as recorded.
     */
    Removal delete(
            String operation,
            String table,
            java.util.function.Supplier<DeletionSteps.Step> plan,
            String reason,
            String requestId,
            java.util.function.ToLongFunction<DeletionSteps.Step> deleter) {
        DeletionSteps.Step step = steps.find(operation, table).orElseGet(() -> steps.begin(plan.get()));
        if (step.completed()) {
            return new Removal(step.table(), step.rowsMatched(), step.snapshotBefore(), step.snapshotAfter());
        }
        long after = step.rowsMatched() == 0 ? step.snapshotBefore() : deleter.applyAsLong(step);
        if (step.rowsMatched() > 0) {
            ops.deletion(
                    step.operation() + "|" + step.table(),
                    new OpsRecords.Deletion(
                            clock.instant(),
                            step.table(),
                            step.predicate(),
                            step.rowsMatched(),
                            step.rowsByJob(),
                            step.snapshotBefore(),
                            after,
                            actor,
                            reason,
                            requestId,
                            policyDigest));
        }
        steps.complete(step.operation(), step.table(), after);
        return new Removal(step.table(), step.rowsMatched(), step.snapshotBefore(), after);
    }

    /** Steps of operations starting with {@code prefix} that a crash left unfinished. */
    java.util.List<DeletionSteps.Step> pending(String prefix) {
        return steps.pending(prefix);
    }
}
