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
import java.util.List;
import java.util.UUID;
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
        emit(event(
                        OpenLineage.RunEvent.EventType.START,
                        run,
                        pipeline,
                        openLineage.newRunFacetsBuilder().build())
                .build());
        return run;
    }

    void complete(UUID run, String pipeline, RunManifest manifest) {
        OpenLineage.DefaultRunFacet facet = new OpenLineage.DefaultRunFacet(PRODUCER);
        facet.getAdditionalProperties().put("runKey", manifest.runKey());
        facet.getAdditionalProperties().put("jobId", manifest.jobId());
        facet.getAdditionalProperties()
                .put("model", manifest.model().name() + "@" + manifest.model().version());
        facet.getAdditionalProperties()
                .put("modelDigest", manifest.model().digest().value());
        facet.getAdditionalProperties()
                .put("policyDigest", manifest.policyDigest().value());
        facet.getAdditionalProperties().put("quality", manifest.quality());
        facet.getAdditionalProperties().put("rowsOut", manifest.rowsOut());
        OpenLineage.InputDataset input = openLineage
                .newInputDatasetBuilder()
                .namespace(NAMESPACE)
                .name(manifest.inputs().dataset())
                .facets(openLineage
                        .newDatasetFacetsBuilder()
                        .version(openLineage.newDatasetVersionDatasetFacet(
                                Long.toString(manifest.inputs().deltaVersion())))
                        .build())
                .build();
        OpenLineage.OutputDataset output = openLineage
                .newOutputDatasetBuilder()
                .namespace(NAMESPACE)
                .name(manifest.output().table())
                .facets(openLineage
                        .newDatasetFacetsBuilder()
                        .version(openLineage.newDatasetVersionDatasetFacet(
                                Long.toString(manifest.output().snapshotId())))
                        .build())
                .build();
        emit(event(
                        OpenLineage.RunEvent.EventType.COMPLETE,
                        run,
                        pipeline,
                        openLineage
                                .newRunFacetsBuilder()
                                .put("scorehouse", facet)
                                .build())
                .inputs(List.of(input))
                .outputs(List.of(output))
                .build());
    }

    void fail(UUID run, String pipeline, int exitCode) {
        OpenLineage.DefaultRunFacet facet = new OpenLineage.DefaultRunFacet(PRODUCER);
        facet.getAdditionalProperties().put("exitCode", exitCode);
        emit(event(
                        OpenLineage.RunEvent.EventType.FAIL,
                        run,
                        pipeline,
                        openLineage
                                .newRunFacetsBuilder()
                                .put("scorehouse", facet)
                                .build())
                .build());
    }

    private OpenLineage.RunEventBuilder event(
            OpenLineage.RunEvent.EventType type, UUID run, String pipeline, OpenLineage.RunFacets facets) {
        return openLineage
                .newRunEventBuilder()
                .eventType(type)
                .eventTime(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .run(openLineage.newRun(run, facets))
                .job(openLineage.newJob(
                        NAMESPACE,
                        jobName(pipeline),
                        openLineage.newJobFacetsBuilder().build()));
    }

    private void emit(OpenLineage.RunEvent event) {
        try {
            Files.createDirectories(events.getParent());
            try (OpenLineageClient client =
                    new OpenLineageClient(new FileTransport(new FileConfig(events.toString())))) {
                client.emit(event);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the run's {} lineage event to {}: {}", event.getEventType(), events, e.toString());
        } catch (Exception e) {
            LOG.warn("cannot close the lineage client: {}", e.toString());
        }
    }
}
