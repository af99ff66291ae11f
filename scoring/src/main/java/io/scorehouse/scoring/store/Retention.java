package io.scorehouse.scoring.store;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.policy.Decision;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.config.CatalogMetadata;
import io.scorehouse.lakehouse.config.StoreSettings;
import io.scorehouse.lakehouse.controlplane.DeletionSteps;
import io.scorehouse.lakehouse.run.CrashPoints;
import io.scorehouse.lakehouse.run.RunLedger;
import io.scorehouse.lakehouse.spark.CatalogLabels;
import io.scorehouse.lakehouse.spark.OpsRecords;
import io.scorehouse.lakehouse.spark.TableMaintenance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code store retention} (Z6-2.6 §2.5, §2.7): applies {@code conf/catalog.yaml} and the configured
 * retention to every table's properties, lets {@code scored.retention} decide per table by its
 * classification, deletes the rows past retention (each deletion recorded before and logged after,
 * see {@link Deletions}), rewrites the files the delete touched so the rows are physically gone,
 * expires snapshots older than the history window and removes orphan files older than a run's
 * lease. Pending deletions of a crashed retention run are finished first.
 */
public final class Retention {
    static final String REASON = "retention";
    private static final String OPERATION = "retention/";
    private static final String STAGING_BRANCHES = "wap_";

    private final TableMaintenance tables;
    private final Deletions deletions;
    private final PolicyBundle policies;
    private final CatalogLabels labels;
    private final StoreSettings settings;
    private final RunLedger runs;
    private final Duration orphanAge;
    private final Clock clock;

    public Retention(
            TableMaintenance tables,
            OpsRecords ops,
            DeletionSteps steps,
            PolicyBundle policies,
            CatalogLabels labels,
            StoreSettings settings,
            RunLedger runs,
            Duration orphanAge,
            Clock clock,
            String actor) {
        this.tables = requireNonNull(tables, "tables is null");
        this.deletions = new Deletions(tables, ops, steps, policies.digest(), clock, actor);
        this.policies = policies;
        this.labels = requireNonNull(labels, "labels is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.orphanAge = requireNonNull(orphanAge, "orphanAge is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Runs retention (or, with {@code dryRun}, only says what would go); one line per table. */
    public List<String> run(boolean dryRun) {
        List<String> lines = new ArrayList<>();
        if (!dryRun) {
            labels.apply();
            for (DeletionSteps.Step pending : deletions.pending(OPERATION)) {
                Removal resumed =
                        deletions.delete(pending.operation(), pending.table(), pending.predicate(), REASON, null);
                lines.add("resumed  " + pending.table() + ": " + resumed.rows()
                        + " rows of an interrupted retention run");
            }
        }
        Instant now = clock.instant();
        String operation = OPERATION + now;
        Map<String, Decided> decided = new LinkedHashMap<>();
        for (String table : tables.tables()) {
            decided.put(table, decide(table, now));
        }
        boolean runsInFlight = !runs.inFlight().isEmpty();
        for (Map.Entry<String, Decided> entry : decided.entrySet()) {
            String table = entry.getKey();
            Decided d = entry.getValue();
            if (!d.decision().allowed()) {
                lines.add("kept     " + table + " (" + d.classification() + "): "
                        + d.decision().reasons());
                continue;
            }
            String what = table + " (" + d.classification() + ", " + d.retentionDays() + " days): " + d.predicate();
            if (dryRun) {
                lines.add("would delete "
                        + deletions.plan(operation, table, d.predicate()).rowsMatched() + " rows from " + what);
                continue;
            }
            Removal removal = deletions.delete(operation, table, d.predicate(), REASON, null);
            CrashPoints.reached("retention-after-delete");
            long rewritten = removal.rows() > 0 ? tables.purgeDeletedRows(table, d.predicate()) : 0;
            if (!runsInFlight) {
                tables.dropBranches(table, STAGING_BRANCHES);
            }
            long expired =
                    tables.expireSnapshots(table, clock.instant().minus(Duration.ofDays(settings.historyDays())));
            long orphans = tables.removeOrphanFiles(table, clock.instant().minus(orphanAge));
            lines.add("deleted  " + removal.rows() + " rows from " + what + "; " + rewritten + " files rewritten, "
                    + expired + " snapshots expired, " + orphans + " orphan files removed");
        }
        Progress.step("store retention: {} tables{}", decided.size(), dryRun ? " (dry run)" : "");
        return lines;
    }

    private Decided decide(String table, Instant now) {
        Map<String, String> wanted = labels.of(table);
        String classification = wanted.getOrDefault(CatalogMetadata.CLASSIFICATION, "");
        int days = Integer.parseInt(wanted.getOrDefault(CatalogLabels.RETENTION_DAYS, "0"));
        Decision decision = policies.decide(
                DecisionPoint.SCORED_RETENTION, Map.of("classification", classification, "retention_days", days));
        String column = wanted.get(CatalogMetadata.RETENTION_COLUMN);
        String predicate = decision.allowed()
                ? column + " < " + tables.literalFor(table, column, now.minus(Duration.ofDays(days)))
                : "";
        return new Decided(classification.isEmpty() ? "unclassified" : classification, days, decision, predicate);
    }

    private record Decided(String classification, int retentionDays, Decision decision, String predicate) {}
}
