package io.scorehouse.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** OpenLineage events as the tests read them: datasets as {@code name@version}. */
public final class LineageEvents {
    private LineageEvents() {}

    /** Each dataset of an event's inputs or outputs as name@version (its OpenLineage version facet). */
    public static List<String> versioned(JsonNode datasets) {
        List<String> named = new ArrayList<>();
        datasets.forEach(dataset -> named.add(dataset.path("name").asText() + "@"
                + dataset.path("facets").path("version").path("datasetVersion").asText()));
        return named;
    }

    /** The inputs a recon's COMPLETE must name: decisions and the governed view at the versions its report's evidence records. */
    public static List<String> reconInputs(JsonNode evidence) {
        return List.of(
                evidence.path("decisions").path("table").asText() + "@"
                        + evidence.path("decisions").path("delta_version").asText(),
                evidence.path("scores").path("view").asText() + "@"
                        + evidence.path("scores").path("table_snapshot_id").asText());
    }
}
