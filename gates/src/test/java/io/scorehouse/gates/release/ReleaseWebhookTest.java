package io.scorehouse.gates.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real HTTP server on loopback: the receiver can recompute the signature from the body and the shared secret. */
class ReleaseWebhookTest {
    private static final byte[] SECRET = "a-shared-secret-of-32-bytes-long".getBytes(StandardCharsets.UTF_8);

    @Test
    void theBodyArrivesWithAnHmacSignatureTheReceiverCanCheck() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        CompletableFuture<String[]> received = new CompletableFuture<>();
        server.createContext("/hooks/release", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.complete(
                    new String[] {body, exchange.getRequestHeaders().getFirst(ReleaseWebhook.SIGNATURE_HEADER)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/release");
            int status = new ReleaseWebhook(url, SECRET).send("{\"type\":\"model.released\",\"model\":\"churn@2\"}");

            assertThat(status).isEqualTo(204);
            String[] request = received.get();
            assertThat(request[0]).isEqualTo("{\"type\":\"model.released\",\"model\":\"churn@2\"}");
            assertThat(request[1])
                    .matches("sha256=[0-9a-f]{64}")
                    .isEqualTo(ReleaseWebhook.signature(SECRET, request[0]));
            assertThat(request[1])
                    .isNotEqualTo(ReleaseWebhook.signature(
                            "another-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8), request[0]));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aReceiverThatIsDownIsReportedNotThrownBecauseTheReleaseAlreadyStands() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int port = server.getAddress().getPort();
        server.stop(0);
        String line =
                new ReleaseWebhook(URI.create("http://127.0.0.1:" + port + "/hooks/release"), SECRET).deliver("{}");
        assertThat(line)
                .startsWith("webhook http://127.0.0.1:" + port + "/hooks/release: not delivered (")
                .endsWith("the release stands; resend by hand");
    }

    @Test
    void theConfigurationIsOptionalButNeverHalfGiven(@TempDir Path dir) throws Exception {
        assertThat(ReleaseWebhook.configured(null, null)).isEmpty();
        assertThat(ReleaseWebhook.configured(" ", dir.resolve("absent"))).isEmpty();
        assertThatThrownBy(() -> ReleaseWebhook.configured("http://127.0.0.1:1/h", dir.resolve("absent")))
                .isInstanceOfSatisfying(ScorehouseException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage())
                            .contains("a webhook url needs a readable secret file", ReleaseWebhook.SECRET_FILE_ENV);
                });
        Path shortSecret = Files.writeString(dir.resolve("short"), "too-short");
        assertThatThrownBy(() -> ReleaseWebhook.configured("http://127.0.0.1:1/h", shortSecret))
                .isInstanceOfSatisfying(
                        ScorehouseException.class,
                        e -> assertThat(e.getMessage()).contains("at least 16 bytes"));
        Path secret = Files.write(dir.resolve("secret"), SECRET);
        assertThat(ReleaseWebhook.configured("http://127.0.0.1:1/h", secret))
                .map(ReleaseWebhook::url)
                .contains(URI.create("http://127.0.0.1:1/h"));
    }
}
