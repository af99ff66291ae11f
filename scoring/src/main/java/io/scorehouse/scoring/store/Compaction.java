package io.scorehouse.scoring.store;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.spark.OpsRecords;
import io.scorehouse.lakehouse.spark.TableMaintenance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code store compact}: rewrites each table's small files toward its target size — keyed tables
 * sorted by {@code entity_key} (their write order, what point lookups prune on), the others
 * bin-packed — and its manifests. Rows never change: each table's row count and content hash
 * are taken before and after, and a difference is an integrity failure (exit 5). Audited in
 * {@code ops.audit}.
 */
public final class Compaction {
    private final TableMaintenance tables;
    private final OpsRecords ops;
    private final Clock clock;
    private final String actor;

    public Compaction(TableMaintenance tables, OpsRecords ops, Clock clock, String actor) {
        this.tables = requireNonNull(tables, "tables is null");
        this.ops = requireNonNull(ops, "ops is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.actor = requireNonNull(actor, "actor is null");
    }

    /** Compacts {@code only} (every table of the catalog when empty); one line per table. */
    public List<String> run(List<String> only) {
        List<String> lines = new ArrayList<>();
        for (String table : only.isEmpty() ? tables.tables() : only) {
            if (!tables.exists(table)) {
                throw new IllegalArgumentException("no table " + table + " in the catalog");
            }
            boolean sorted = tables.hasColumn(table, KeyPresence.ENTITY_KEY);
            long filesBefore = tables.dataFiles(table);
            String before = tables.checksum(table);
            long rewritten = tables.compact(table, sorted);
            String after = tables.checksum(table);
            if (!after.equals(before)) {
                throw new IntegrityException(
                        "store compact " + table, "rows changed: " + before + " before, " + after + " after");
            }
            long filesAfter = tables.dataFiles(table);
            ops.audit(
                    "store.compact|" + table + "|" + clock.instant(),
                    clock.instant(),
                    actor,
                    "store.compact",
                    table,
                    Map.of(
                            "strategy", sorted ? "sort by entity_key" : "binpack",
                            "data_files_before", String.valueOf(filesBefore),
                            "data_files_after", String.valueOf(filesAfter),
                            "rewritten", String.valueOf(rewritten),
                            "checksum", after));
            lines.add("compacted " + table + " (" + (sorted ? "sorted by entity_key" : "bin-packed") + "): "
                    + filesBefore + " -> " + filesAfter + " data files, " + after + " (unchanged)");
        }
        return lines;
    }
}
