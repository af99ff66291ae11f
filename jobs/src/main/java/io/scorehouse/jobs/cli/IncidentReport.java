package io.scorehouse.jobs.cli;

import io.scorehouse.gates.incident.Incident;
import io.scorehouse.gates.incident.IncidentDelivery;
import io.scorehouse.gates.release.ReleaseWebhook;
import io.scorehouse.lakehouse.controlplane.IncidentOutbox;
import io.scorehouse.lakehouse.spark.OpsRecords;
import io.scorehouse.lakehouse.spark.ScoredStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Opens the incidents a job found — in the control plane's outbox and as {@code INCIDENT_OPENED} in
 * {@code ops.events} — and then delivers whatever the outbox holds. Never changes the job's exit code: a
 * failure here is a warning, and the outbox keeps what was not delivered for the next job.
 */
final class IncidentReport {
    static final String URL_ENV = "SCOREHOUSE_INCIDENT_WEBHOOK_URL";
    static final String SECRET_FILE_ENV = "SCOREHOUSE_INCIDENT_WEBHOOK_SECRET_FILE";

    private static final Logger LOG = LogManager.getLogger(IncidentReport.class);
    private static final Duration PAUSE = Duration.ofMillis(200);
    private static final Duration OPS_EVENTS_WAIT = Duration.ofSeconds(20);

    private IncidentReport() {}

    /**
     * @param toOpsEvents false for a job that failed unexpectedly (the lakehouse itself may be what failed): its
     *     incidents go to the outbox and the webhook only, and the job exits without waiting on the lakehouse
     */
    static void report(
            ScorehouseCommand top,
            String command,
            String jobId,
            List<Incident> found,
            Optional<ReleaseWebhook> webhook,
            boolean toOpsEvents,
            PrintWriter out) {
        try {
            IncidentOutbox outbox = new IncidentOutbox(top.controlPlane(), top.clock());
            List<Incident> opened = new ArrayList<>();
            for (Incident incident : found) {
                if (outbox.open(
                        incident.id(),
                        incident.kind(),
                        incident.webhookBody(top.clock().instant()),
                        top.actor())) {
                    opened.add(incident);
                    out.println("incident " + incident.id() + " opened: " + incident.summary());
                } else {
                    out.println("incident " + incident.id() + " is already open: " + incident.summary());
                }
            }
            out.println(new IncidentDelivery(outbox, webhook, PAUSE).deliverDue());
            out.flush();
            if (!opened.isEmpty() && toOpsEvents) {
                recordInOpsEvents(top, command, jobId, opened, out);
            } else if (!opened.isEmpty()) {
                out.println("incidents: not recorded in ops.events (the job failed unexpectedly); the outbox has them");
            }
        } catch (RuntimeException e) {
            warn(e, out);
        }
        out.flush();
    }

    /**
     * {@code INCIDENT_OPENED} in {@code ops.events}, after the outbox and the delivery: a job that failed
     * because the lakehouse is unreachable still alerts, and waits at most {@link #OPS_EVENTS_WAIT} for a
     * write that cannot succeed (the outbox, in the control plane, keeps the incident either way).
     */
    private static void recordInOpsEvents(
            ScorehouseCommand top, String command, String jobId, List<Incident> opened, PrintWriter out) {
        ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "incident-ops-events");
            thread.setDaemon(true);
            return thread;
        });
        try {
            writer.submit(() -> {
                        OpsRecords ops = new OpsRecords(
                                top.spark(command),
                                new ScoredStore(
                                        top.spark(command),
                                        top.config().catalog().name()));
                        Instant now = top.clock().instant();
                        for (Incident incident : opened) {
                            ops.event(
                                    "incident|" + incident.id(),
                                    "INCIDENT_OPENED",
                                    now,
                                    jobId,
                                    incident.model(),
                                    incident.day(),
                                    Map.of(
                                            "incident_id",
                                            incident.id(),
                                            "kind",
                                            incident.kind(),
                                            "summary",
                                            incident.summary()));
                        }
                        return null;
                    })
                    .get(OPS_EVENTS_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            warn(
                    new IllegalStateException("ops.events did not answer within " + OPS_EVENTS_WAIT.toSeconds()
                            + " s; the incident is in the control plane's outbox"),
                    out);
        } catch (ExecutionException e) {
            warn(e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause()), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warn(new IllegalStateException("interrupted while recording the incident in ops.events"), out);
        } finally {
            writer.shutdownNow();
        }
    }

    private static void warn(RuntimeException e, PrintWriter out) {
        String warning = "WARNING: incidents not recorded or delivered ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + ") — the job's result stands";
        LOG.warn(warning, e);
        out.println(warning);
    }
}
