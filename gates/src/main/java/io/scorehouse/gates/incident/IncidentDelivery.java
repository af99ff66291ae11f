package io.scorehouse.gates.incident;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.release.ReleaseWebhook;
import io.scorehouse.lakehouse.controlplane.IncidentOutbox;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Delivers the outbox's undelivered incidents to the incident webhook (signed like the release webhook): a
 * few attempts, each pause longer than the last, then the incident waits for the next job (jobs run hours
 * apart). A receiver that cannot be connected to is tried for one incident only: the others would wait out
 * the same timeouts, so they wait in the outbox untried. Never throws: an incident that was not delivered is
 * still recorded, and the job that opened it keeps its exit code.
 */
public final class IncidentDelivery {
    static final int ATTEMPTS_PER_JOB = 3;
    private static final String UNREACHABLE = "not reachable";

    private final IncidentOutbox outbox;
    private final Optional<ReleaseWebhook> webhook;
    private final Duration pause;

    public IncidentDelivery(IncidentOutbox outbox, Optional<ReleaseWebhook> webhook, Duration pause) {
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.webhook = requireNonNull(webhook, "webhook is null");
        this.pause = requireNonNull(pause, "pause is null");
    }

    /** Tries every due incident; says in one line what was delivered and what waits. */
    public String deliverDue() {
        if (webhook.isEmpty()) {
            return "incidents: no incident webhook configured; undelivered incidents wait in the outbox";
        }
        int delivered = 0;
        int waiting = 0;
        String lastError = "";
        boolean unreachable = false;
        for (IncidentOutbox.Entry incident : outbox.undelivered()) {
            if (unreachable) {
                waiting++;
                continue;
            }
            Optional<String> error = deliver(incident);
            if (error.isEmpty()) {
                delivered++;
            } else {
                waiting++;
                lastError = error.get();
                unreachable = lastError.startsWith(UNREACHABLE)
                        || Thread.currentThread().isInterrupted();
            }
        }
        return "incidents: " + delivered + " delivered, " + waiting + " waiting in the outbox"
                + (waiting == 0 ? "" : " (webhook " + webhook.get().url() + ": " + lastError + ")");
    }

    private Optional<String> deliver(IncidentOutbox.Entry incident) {
        String error = "";
        for (int attempt = 1; attempt <= ATTEMPTS_PER_JOB; attempt++) {
            try {
                int status = webhook.get().send(incident.body());
                if (status / 100 == 2) {
                    outbox.delivered(incident.incidentId());
                    return Optional.empty();
                }
                error = "HTTP " + status;
            } catch (ConnectException | HttpConnectTimeoutException e) {
                error = UNREACHABLE + " (" + e.getClass().getSimpleName() + ")";
            } catch (IOException e) {
                // connected, then no usable answer: possibly this incident's own doing, so the others are still tried
                error = "no answer (" + e.getClass().getSimpleName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
            }
            outbox.failed(incident.incidentId(), error);
            if (attempt < ATTEMPTS_PER_JOB && !Thread.currentThread().isInterrupted()) {
                sleep(pause.multipliedBy(attempt));
            }
        }
        return Optional.of(error);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
