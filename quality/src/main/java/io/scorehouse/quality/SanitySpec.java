package io.scorehouse.quality;

import java.util.List;
import java.util.Map;

/**
 * What "sane input" means for one run.
 *
 * @param keyColumns      together unique per row (one score per tenant and entity); never null
 * @param keyOrdinalColumn numbers the rows sharing a key value (1 for the first), when the reader computed it:
 *                        uniqueness is then the share of rows numbered 1, read in the shared scan; null — a
 *                        grouping pass over {@code keyColumns} (Deequ's {@code Uniqueness})
 * @param nonNullColumns  never null either (the dataset contract says so)
 * @param criticalColumns completeness at least {@code 1 - maxNullRate}
 * @param ranges          inclusive [min, max] per column; a null bound is open
 * @param tenantColumn    its distinct count at most {@code maxTenants}
 */
public record SanitySpec(
        List<String> keyColumns,
        String keyOrdinalColumn,
        List<String> nonNullColumns,
        List<String> criticalColumns,
        double maxNullRate,
        Map<String, double[]> ranges,
        long minRows,
        String tenantColumn,
        long maxTenants) {
    public SanitySpec {
        keyColumns = List.copyOf(keyColumns);
        nonNullColumns = List.copyOf(nonNullColumns);
        criticalColumns = List.copyOf(criticalColumns);
        ranges = Map.copyOf(ranges);
    }

    /** The key columns, then the other non-null ones: each must be complete. */
    List<String> completeColumns() {
        return java.util.stream.Stream.concat(keyColumns.stream(), nonNullColumns.stream())
                .distinct()
                .toList();
    }
}
