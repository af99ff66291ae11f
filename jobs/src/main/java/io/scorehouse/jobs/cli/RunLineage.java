package io.scorehouse.jobs.cli;

import static java.util.Objects.requireNonNull;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.config.MetricsSettings;
import io.scorehouse.scoring.run.RunManifest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A job's OpenLineage run events: START as it begins, then COMPLETE — its inputs at the versions it
 * read (a Delta version, an Iceberg snapshot id), its outputs at the versions it wrote, and a
 * {@code scorehouse} run facet (run key, digests, verdict) — or FAIL with the exit code. Every figure
 * of COMPLETE comes from the job's signed evidence (manifest, report). Events are appended as JSON
 * lines to {@code lineage/openlineage.jsonl} (OpenLineage's file transport), or posted to
 * {@code metrics.openlineage-url} when one is configured (its HTTP transport). Lineage is operations
 * data: an event that cannot be sent is a warning, never an exit code.
 */
final class RunLineage {
    static final String NAMESPACE = "scorehouse";
    private static final URI PRODUCER = URI.create("https://github.com/scorehouse/scorehouse");
    private static final int HTTP_TIMEOUT_MILLIS = 5_000;
    private static final Logger LOG = LogManager.getLogger(RunLineage.class);
    // one client per destination and process: each client registers its meters in Micrometer's global registry
    private static final Map<String, OpenLineageClient> CLIENTS = new ConcurrentHashMap<>();

    /** A dataset a job read or wrote, at a version (null: the dataset has no version to name). */
    record Dataset(String name, String version) {
        Dataset {
            requireNonNull(name, "name is null");
        }

        static Dataset at(String name, long version) {
            return new Dataset(name, Long.toString(version));
        }
    }

    private final OpenLineage openLineage = new OpenLineage(PRODUCER);
    private final Path events;
    private final String httpUrl;
    private final Clock clock;

    /** @param httpUrl the OpenLineage endpoint's base URL; null: the events file */
    RunLineage(Path events, String httpUrl, Clock clock) {
        this.events = requireNonNull(events, "events is null");
        this.httpUrl = httpUrl;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The lineage of the configured home: its events file, or the configured endpoint. */
    static RunLineage of(ScorehouseCommand top) {
        MetricsSettings metrics = top.config().metrics();
        return new RunLineage(ArtifactStore.of(top.config()).lineageEvents(), metrics.openlineageUrl(), top.clock());
    }

    /** A scoring job's name in lineage: {@code score.<pipeline>}. */
    static String scoreJob(String pipeline) {
        return "score." + pipeline;
    }

    UUID start(String job) {
        UUID run = UUID.randomUUID();
        emit(event(OpenLineage.RunEvent.EventType.START, run, job, Map.of()).build());
        return run;
    }

    void complete(UUID run, String job, List<Dataset> inputs, List<Dataset> outputs, Map<String, Object> facet) {
        emit(event(OpenLineage.RunEvent.EventType.COMPLETE, run, job, facet)
                .inputs(inputs.stream()
                        .map(input -> openLineage
                                .newInputDatasetBuilder()
                                .namespace(NAMESPACE)
                                .name(input.name())
                                .facets(atVersion(input.version()))
                                .build())
                        .toList())
                .outputs(outputs.stream()
                        .map(output -> openLineage
                                .newOutputDatasetBuilder()
                                .namespace(NAMESPACE)
                                .name(output.name())
                                .facets(atVersion(output.version()))
                                .build())
                        .toList())
                .build());
    }

    /** A scoring run's COMPLETE, from its manifest; without one (unreadable), an event naming no dataset. */
    void completeScore(UUID run, String pipeline, Optional<RunManifest> published) {
        if (published.isEmpty()) {
            complete(run, scoreJob(pipeline), List.of(), List.of(), Map.of());
            return;
        }
        RunManifest manifest = published.get();
        Map<String, Object> facet = new LinkedHashMap<>();
        facet.put("runKey", manifest.runKey());
        facet.put("jobId", manifest.jobId());
        facet.put("model", manifest.model().name() + "@" + manifest.model().version());
        facet.put("modelDigest", manifest.model().digest().value());
        facet.put("policyDigest", manifest.policyDigest().value());
        facet.put("quality", manifest.quality());
        facet.put("rowsOut", manifest.rowsOut());
        complete(
                run,
                scoreJob(pipeline),
                List.of(Dataset.at(
                        manifest.inputs().dataset(), manifest.inputs().deltaVersion())),
                List.of(Dataset.at(manifest.output().table(), manifest.output().snapshotId())),
                facet);
    }

    /** COMPLETE of a run that found its key already published: nothing read, nothing written. */
    void completeWithoutOutput(UUID run, String pipeline, String runKey) {
        complete(run, scoreJob(pipeline), List.of(), List.of(), Map.of("runKey", runKey, "alreadyCommitted", true));
    }

    void fail(UUID run, String job, int exitCode) {
        emit(event(OpenLineage.RunEvent.EventType.FAIL, run, job, Map.of("exitCode", exitCode))
                .build());
    }

    /** Lineage is operations data: whatever goes wrong recording it never changes how the job ended. */
    static void observe(Runnable observation) {
        try {
            observation.run();
        } catch (RuntimeException e) {
            LOG.warn("cannot record the job's lineage: {}", e.toString());
        }
    }

    /** A dataset's facets naming its version: a Delta table version, an Iceberg snapshot id, a run id. */
    private OpenLineage.DatasetFacets atVersion(String version) {
        OpenLineage.DatasetFacetsBuilder facets = openLineage.newDatasetFacetsBuilder();
        if (version != null) {
            facets.version(openLineage.newDatasetVersionDatasetFacet(version));
        }
        return facets.build();
    }

    /** @param scorehouse the {@code scorehouse} run facet's fields; none: no such facet */
    private OpenLineage.RunEventBuilder event(
            OpenLineage.RunEvent.EventType type, UUID run, String job, Map<String, Object> scorehouse) {
        OpenLineage.RunFacetsBuilder facets = openLineage.newRunFacetsBuilder();
        if (!scorehouse.isEmpty()) {
            OpenLineage.DefaultRunFacet facet = new OpenLineage.DefaultRunFacet(PRODUCER);
            facet.getAdditionalProperties().putAll(scorehouse);
            facets.put("scorehouse", facet);
        }
        return openLineage
                .newRunEventBuilder()
                .eventType(type)
                .eventTime(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .run(openLineage.newRun(run, facets.build()))
                .job(openLineage.newJob(
                        NAMESPACE, job, openLineage.newJobFacetsBuilder().build()));
    }

    private void emit(OpenLineage.RunEvent event) {
        String destination = httpUrl != null ? httpUrl : events.toString();
        try {
            if (httpUrl == null) {
                Files.createDirectories(events.getParent());
            }
            CLIENTS.computeIfAbsent(destination, any -> new OpenLineageClient(transport()))
                    .emit(event);
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "cannot send the job's {} lineage event to {}: {}",
                    event.getEventType(),
                    destination,
                    e.toString());
        }
    }

    private Transport transport() {
        if (httpUrl == null) {
            return new FileTransport(new FileConfig(events.toString()));
        }
        HttpConfig http = new HttpConfig();
        // a base URL's trailing '/' is a path: the transport would then post to it, not to /api/v1/lineage
        http.setUrl(URI.create(httpUrl.replaceAll("/+$", "")));
        http.setTimeoutInMillis(HTTP_TIMEOUT_MILLIS);
        return new HttpTransport(http);
    }
}
