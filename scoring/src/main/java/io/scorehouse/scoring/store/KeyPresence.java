package io.scorehouse.scoring.store;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.spark.DeltaMaintenance;
import io.scorehouse.lakehouse.spark.TableMaintenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an entity's key is still physically present: every data file that any snapshot of any
 * Iceberg table with an {@code entity_key} column can still reach, and every data file under any
 * Delta table with one (the decisions ledger), read as plain Parquet; the statistics a Delta log
 * keeps; and the hot store. An erasure is proven by this coming back empty.
 */
final class KeyPresence {
    static final String ENTITY_KEY = "entity_key";
    static final String HOT_STORE = "controlplane.last_scores";

    private final TableMaintenance tables;
    private final DeltaMaintenance ledgers;
    private final LastScores hotStore;

    KeyPresence(TableMaintenance tables, DeltaMaintenance ledgers, LastScores hotStore) {
        this.tables = requireNonNull(tables, "tables is null");
        this.ledgers = requireNonNull(ledgers, "ledgers is null");
        this.hotStore = requireNonNull(hotStore, "hotStore is null");
    }

    /** The Iceberg tables searched: every table of the catalog holding entity keys. */
    List<String> keyedTables() {
        return tables.tablesWithColumn(ENTITY_KEY);
    }

    /** The Delta tables searched: every curated table holding entity keys (the decisions ledger). */
    List<String> keyedLedgers() {
        return ledgers.tablesWithColumn(ENTITY_KEY);
    }

    /** Per table searched, how many files were read and how many rows still hold the key. */
    Search search(KeyPredicate key) {
        Map<String, Found> found = new LinkedHashMap<>();
        long files = 0;
        for (String table : keyedTables()) {
            List<String> reachable = tables.reachableDataFiles(table);
            files += reachable.size();
            found.put(table, new Found(reachable.size(), tables.rowsInFiles(reachable, key.sql()), 0));
        }
        for (String ledger : keyedLedgers()) {
            List<String> present = ledgers.dataFiles(ledger);
            files += present.size();
            found.put(
                    ledger,
                    new Found(
                            present.size(),
                            tables.rowsInFiles(present, key.sql()),
                            ledgers.loggedStatistics(ledger, ENTITY_KEY)));
        }
        long hot =
                hotStore.entityKeys(key.tenant()).stream().filter(key::matches).count();
        found.put(HOT_STORE, new Found(0, hot, 0));
        return new Search(found, files);
    }

    /**
     * @param loggedKeys add actions whose statistics keep entity keys: a Delta log that does cannot
     *     be proven free of this one, so it counts against the erasure
     */
    record Found(long filesRead, long rows, long loggedKeys) {}

    record Search(Map<String, Found> byTable, long filesRead) {
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            byTable.forEach((table, found) -> {
                if (found.rows() > 0) {
                    problems.add(table + ": " + found.rows() + " row(s) still hold the key");
                }
                if (found.loggedKeys() > 0) {
                    problems.add(
                            table + ": its Delta log keeps entity_key statistics in " + found.loggedKeys()
                                    + " file entries (exclude the column with delta.dataSkippingStatsColumns and rewrite the table)");
                }
            });
            return problems;
        }
    }
}
