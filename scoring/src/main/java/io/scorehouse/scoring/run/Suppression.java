package io.scorehouse.scoring.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Erased entities a run must not score again while the upstream still holds them: the control
 * plane's suppression list, as {@code tenant|sha256(entity_key)}. A run and its replay skip the
 * same keys, so a replay after an erasure still matches what the store holds.
 */
final class Suppression {
    private Suppression() {}

    /** {@code rows} without the suppressed keys, and how many rows that skipped. */
    static Filtered apply(Dataset<Row> rows, Set<String> suppressed) {
        if (suppressed.isEmpty()) {
            return new Filtered(rows, 0);
        }
        Column listed =
                concat(col("tenant_id"), lit("|"), sha2(col("entity_key"), 256)).isin(suppressed.toArray());
        long skipped = rows.where(listed).count();
        return new Filtered(skipped == 0 ? rows : rows.where(listed.unary_$bang()), skipped);
    }

    record Filtered(Dataset<Row> rows, long skipped) {}
}
