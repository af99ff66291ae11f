package io.scorehouse.jobs.cli;

import static java.util.Objects.requireNonNull;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
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
 * A scoring run's OpenLineage run events: START as it begins, then COMPLETE — its input dataset at
 * the pinned Delta version, its output table at the published snapshot, and a {@code scorehouse}
 * run facet (run key, model and policy digests, quality verdict) — or FAIL with the exit code.
 * Every figure of COMPLETE comes from the signed manifest. Events are appended as JSON lines to
 * {@code lineage/openlineage.jsonl} (OpenLineage's file transport). Lineage is operations data: an
 * event that cannot be written is a warning, never an exit code.
 */
final class RunLineage {
    static final String NAMESPACE = "scorehouse";
    private static final URI PRODUCER = URI.create("https://github.com/scorehouse/scorehouse");
    private static final Logger LOG = LogManager.getLogger(RunLineage.class);
    // one client per events file and process: each client registers its meters in Micrometer's global registry
    private static final Map<Path, OpenLineageClient> CLIENTS = new ConcurrentHashMap<>();

    private final OpenLineage openLineage = new OpenLineage(PRODUCER);
    private final Path events;
    private final Clock clock;

    RunLineage(Path events, Clock clock) {
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The job's name in lineage: {@code score.<pipeline>}. */
    static String jobName(String pipeline) {
        return "score." + pipeline;
    }

    UUID start(String pipeline) {
        UUID run = UUID.randomUUID();
        emit(event(OpenLineage.RunEvent.EventType.START, run, pipeline, Map.of())
                .build());
        return run;
    }

    /** COMPLETE; without the manifest (it could not be read back), an event naming no dataset. */
    void complete(UUID run, String pipeline, Optional<RunManifest> published) {
        if (published.isEmpty()) {
            emit(event(OpenLineage.RunEvent.EventType.COMPLETE, run, pipeline, Map.of())
                    .build());
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
        emit(event(OpenLineage.RunEvent.EventType.COMPLETE, run, pipeline, facet)
                .inputs(List.of(openLineage
                        .newInputDatasetBuilder()
                        .namespace(NAMESPACE)
                        .name(manifest.inputs().dataset())
                        .facets(atVersion(manifest.inputs().deltaVersion()))
                        .build()))
                .outputs(List.of(openLineage
                        .newOutputDatasetBuilder()
                        .namespace(NAMESPACE)
                        .name(manifest.output().table())
                        .facets(atVersion(manifest.output().snapshotId()))
                        .build()))
                .build());
    }

    /** COMPLETE of a run that found its key already published: nothing read, nothing written. */
    void completeWithoutOutput(UUID run, String pipeline, String runKey) {
        emit(event(
                        OpenLineage.RunEvent.EventType.COMPLETE,
                        run,
                        pipeline,
                        Map.of("runKey", runKey, "alreadyCommitted", true))
                .build());
    }

    void fail(UUID run, String pipeline, int exitCode) {
        emit(event(OpenLineage.RunEvent.EventType.FAIL, run, pipeline, Map.of("exitCode", exitCode))
                .build());
    }

    /** A dataset's facets naming its version: a Delta table version, an Iceberg snapshot id. */
    private OpenLineage.DatasetFacets atVersion(long version) {
        return openLineage
                .newDatasetFacetsBuilder()
                .version(openLineage.newDatasetVersionDatasetFacet(Long.toString(version)))
                .build();
    }

    /** @param scorehouse the {@code scorehouse} run facet's fields; none: no such facet */
    private OpenLineage.RunEventBuilder event(
            OpenLineage.RunEvent.EventType type, UUID run, String pipeline, Map<String, Object> scorehouse) {
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
                        NAMESPACE,
                        jobName(pipeline),
                        openLineage.newJobFacetsBuilder().build()));
    }

    private void emit(OpenLineage.RunEvent event) {
        try {
            Files.createDirectories(events.getParent());
            CLIENTS.computeIfAbsent(
                            events, file -> new OpenLineageClient(new FileTransport(new FileConfig(file.toString()))))
                    .emit(event);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the run's {} lineage event to {}: {}", event.getEventType(), events, e.toString());
        }
    }
}
