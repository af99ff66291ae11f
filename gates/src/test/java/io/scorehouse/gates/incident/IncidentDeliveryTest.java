package io.scorehouse.gates.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.scorehouse.gates.release.ReleaseWebhook;
import io.scorehouse.lakehouse.config.CatalogSettings;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.controlplane.IncidentOutbox;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentDeliveryTest {
    private static final byte[] SECRET = "incident-secret-of-sixteen+ bytes".getBytes(StandardCharsets.UTF_8);
    private static final Incident COVERAGE = new Incident(
            "recon.coverage_on_target", "churn", "", LocalDate.parse("2026-05-11"), "churn: coverage below 0.95");

    @TempDir
    Path home;

    @Test
    void theIdNamesWhatHappenedAndTheBodyIsAlertmanagersWebhookPayload() throws Exception {
        assertThat(COVERAGE.id())
                .isEqualTo(new Incident(COVERAGE.kind(), "churn", "", COVERAGE.day(), "another summary").id())
                .isNotEqualTo(new Incident(
                                COVERAGE.kind(), "churn", "", COVERAGE.day().plusDays(1), "x")
                        .id())
                .matches("inc-[0-9a-f]{16}");
        JsonNode body = new ObjectMapper().readTree(COVERAGE.webhookBody(Instant.parse("2026-05-12T03:00:00Z")));
        assertThat(body.path("version").asText()).isEqualTo("4");
        assertThat(body.path("status").asText()).isEqualTo("firing");
        JsonNode alert = body.path("alerts").get(0);
        assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("recon.coverage_on_target");
        assertThat(alert.path("labels").path("incident_id").asText()).isEqualTo(COVERAGE.id());
        assertThat(alert.path("startsAt").asText()).isEqualTo("2026-05-12T03:00:00Z");
        assertThat(alert.path("annotations").path("summary").asText()).isEqualTo("churn: coverage below 0.95");
    }

    @Test
    void oneIncidentIsOpenedOnceAndDeliveredSignedAfterTheReceiverRecovers() throws Exception {
        IncidentOutbox outbox = outbox();
        String body = COVERAGE.webhookBody(Instant.now());
        assertThat(outbox.open(COVERAGE.id(), COVERAGE.kind(), body, "ops")).isTrue();
        assertThat(outbox.open(COVERAGE.id(), COVERAGE.kind(), body, "ops"))
                .as("seen again")
                .isFalse();

        List<String[]> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String[] {
                exchange.getRequestHeaders().getFirst(ReleaseWebhook.SIGNATURE_HEADER),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
            });
            exchange.sendResponseHeaders(calls.incrementAndGet() < 3 ? 503 : 202, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String line = delivery(outbox, receiver.getAddress().getPort()).deliverDue();
            assertThat(line).isEqualTo("incidents: 1 delivered, 0 waiting in the outbox");
        } finally {
            receiver.stop(0);
        }

        assertThat(received).hasSize(3).allSatisfy(delivery -> {
            assertThat(delivery[1]).isEqualTo(body);
            assertThat(delivery[0]).isEqualTo(ReleaseWebhook.signature(SECRET, delivery[1]));
        });
        IncidentOutbox.Entry delivered = outbox.find(COVERAGE.id()).orElseThrow();
        assertThat(delivered.attempts()).isEqualTo(3);
        assertThat(delivered.deliveredAt()).isPresent();
        assertThat(outbox.undelivered()).isEmpty();
    }

    @Test
    void aReceiverThatIsDownLeavesTheIncidentInTheOutbox() throws Exception {
        IncidentOutbox outbox = outbox();
        outbox.open(COVERAGE.id(), COVERAGE.kind(), COVERAGE.webhookBody(Instant.now()), "ops");
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort(); // closed at once: nothing listens there
        }

        String line = delivery(outbox, port).deliverDue();

        assertThat(line)
                .startsWith("incidents: 0 delivered, 1 waiting in the outbox (webhook http://127.0.0.1:" + port
                        + "/hook: not reachable (");
        IncidentOutbox.Entry waiting = outbox.undelivered().get(0);
        assertThat(waiting.incidentId()).isEqualTo(COVERAGE.id());
        assertThat(waiting.attempts()).isEqualTo(3);
        assertThat(waiting.lastError()).get().asString().startsWith("not reachable");
    }

    @Test
    void anUnreachableReceiverIsTriedForTheFirstIncidentOnlyTheOthersWaitUntried() throws Exception {
        IncidentOutbox outbox = outbox();
        Incident invariants = new Incident(
                "recon.invariants_hold", "churn", "", LocalDate.parse("2026-05-11"), "churn: invariants broken");
        outbox.open(COVERAGE.id(), COVERAGE.kind(), COVERAGE.webhookBody(Instant.now()), "ops");
        outbox.open(invariants.id(), invariants.kind(), invariants.webhookBody(Instant.now()), "ops");
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        String line = delivery(outbox, port).deliverDue();

        // every attempt against a receiver that is down waits out its timeouts: the job must not wait them all
        assertThat(line).startsWith("incidents: 0 delivered, 2 waiting in the outbox");
        assertThat(outbox.undelivered())
                .extracting(IncidentOutbox.Entry::attempts)
                .containsExactlyInAnyOrder(3, 0);
    }

    @Test
    void withoutAWebhookIncidentsWait() {
        IncidentOutbox outbox = outbox();
        outbox.open(COVERAGE.id(), COVERAGE.kind(), COVERAGE.webhookBody(Instant.now()), "ops");
        assertThat(new IncidentDelivery(outbox, Optional.empty(), Duration.ZERO).deliverDue())
                .contains("no incident webhook configured");
        assertThat(outbox.undelivered())
                .singleElement()
                .satisfies(e -> assertThat(e.attempts()).isZero());
    }

    private IncidentOutbox outbox() {
        ControlPlane controlPlane =
                new ControlPlane(new CatalogSettings("lake", "jdbc:sqlite:" + home.resolve("control.db"), "", ""));
        controlPlane.migrate();
        return new IncidentOutbox(controlPlane, Clock.systemUTC());
    }

    private static IncidentDelivery delivery(IncidentOutbox outbox, int port) {
        return new IncidentDelivery(
                outbox,
                Optional.of(new ReleaseWebhook(URI.create("http://127.0.0.1:" + port + "/hook"), SECRET)),
                Duration.ofMillis(10));
    }
}
