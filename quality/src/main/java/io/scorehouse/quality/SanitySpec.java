package io.scorehouse.quality;

import java.util.List;
import java.util.Map;

/**
 * What "sane input" means for one run.
 *
 * @param keyColumns      together unique per row (one score per tenant and entity)
 * @param criticalColumns completeness at least {@code 1 - maxNullRate}
 * @param ranges          inclusive [min, max] per column; a null bound is open
 * @param tenantColumn    its distinct count at most {@code maxTenants}
 */
public record SanitySpec(
        List<String> keyColumns,
        List<String> criticalColumns,
        double maxNullRate,
        Map<String, double[]> ranges,
        long minRows,
        String tenantColumn,
        long maxTenants) {
    public SanitySpec {
        keyColumns = List.copyOf(keyColumns);
        criticalColumns = List.copyOf(criticalColumns);
        ranges = Map.copyOf(ranges);
    }
}
