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
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private IncidentReport() {}

    static void report(
            ScorehouseCommand top,
            String command,
            String jobId,
            List<Incident> found,
            Optional<ReleaseWebhook> webhook,
            PrintWriter out) {
        try {
            IncidentOutbox outbox = new IncidentOutbox(top.controlPlane(), top.clock());
            OpsRecords ops = found.isEmpty()
                    ? null
                    : new OpsRecords(
                            top.spark(command),
                            new ScoredStore(
                                    top.spark(command), top.config().catalog().name()));
            for (Incident incident : found) {
                Instant now = top.clock().instant();
                if (outbox.open(incident.id(), incident.kind(), incident.webhookBody(now), top.actor())) {
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
                    out.println("incident " + incident.id() + " opened: " + incident.summary());
                } else {
                    out.println("incident " + incident.id() + " is already open: " + incident.summary());
                }
            }
            out.println(new IncidentDelivery(outbox, webhook, PAUSE).deliverDue());
        } catch (RuntimeException e) {
            String warning = "WARNING: incidents not recorded or delivered ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ") — the job's result stands";
            LOG.warn(warning, e);
            out.println(warning);
        }
        out.flush();
    }
}
