package io.scorehouse.scoring.store;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.spark.TableMaintenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an entity's key is still physically present: every data file that any snapshot of any
 * lakehouse table with an {@code entity_key} column can still reach, read as plain Parquet, and
 * the hot store. An erasure is proven by this coming back empty.
 */
final class KeyPresence {
    static final String ENTITY_KEY = "entity_key";
    static final String HOT_STORE = "controlplane.last_scores";

    private final TableMaintenance tables;
    private final LastScores hotStore;

    KeyPresence(TableMaintenance tables, LastScores hotStore) {
        this.tables = requireNonNull(tables, "tables is null");
        this.hotStore = requireNonNull(hotStore, "hotStore is null");
    }

    /** The tables searched: every table of the catalog holding entity keys. */
    List<String> keyedTables() {
        return tables.tablesWithColumn(ENTITY_KEY);
    }

    /** Per table searched, how many files were read and how many rows still hold the key. */
    Search search(KeyPredicate key) {
        Map<String, Found> found = new LinkedHashMap<>();
        long files = 0;
        for (String table : keyedTables()) {
            List<String> reachable = tables.reachableDataFiles(table);
            files += reachable.size();
            found.put(table, new Found(reachable.size(), tables.rowsInFiles(reachable, key.sql())));
        }
        long hot =
                hotStore.entityKeys(key.tenant()).stream().filter(key::matches).count();
        found.put(HOT_STORE, new Found(0, hot));
        return new Search(found, files);
    }

    record Found(long filesRead, long rows) {}

    record Search(Map<String, Found> byTable, long filesRead) {
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            byTable.forEach((table, found) -> {
                if (found.rows() > 0) {
                    problems.add(table + ": " + found.rows() + " row(s) still hold the key");
                }
            });
            return problems;
        }
    }
}
