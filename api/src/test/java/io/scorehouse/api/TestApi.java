package io.scorehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.lakehouse.TrustedCertificates;
import io.scorehouse.lakehouse.config.ApiSettings;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A running API over HTTPS on a free port, a client that trusts its dev certificate, and dev tokens. */
final class TestApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final ScorehouseConfig config;
    final ApiSettings api;
    final ApiServer server;
    final HttpClient client;
    final TokenIssuer issuer;

    TestApi(ScorehouseConfig base, ApiSettings api) throws Exception {
        this.api = api;
        this.config = base.withApi(api);
        this.server =
                ApiServer.start(ApiContext.of(config, Clock.systemUTC()), new ApiServer.Listen("127.0.0.1", 0, false));
        this.client = HttpClient.newBuilder()
                .sslContext(TrustedCertificates.trusting(Path.of(api.tls().certificateFile())))
                .build();
        this.issuer = new TokenIssuer(Path.of(api.jwt().issuerKeyFile()), api.jwt());
    }

    String token(String tenant, String role) {
        return token("client-" + role, tenant, role);
    }

    String token(String client, String tenant, String role) {
        return issuer.sign(client, tenant, List.of(role), Duration.ofMinutes(5), Instant.now());
    }

    HttpResponse<String> get(String token, String pathAndQuery, String purpose)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (purpose != null && !purpose.isEmpty()) {
            request.header("X-Purpose", purpose);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** An RFC 7807 body with this status, a title and a one-line detail. */
    static JsonNode problem(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotEmpty();
        assertThat(problem.path("detail").asText()).isNotEmpty().doesNotContain("\n", "Exception");
        return problem;
    }

    @Override
    public void close() {
        server.close();
    }
}
