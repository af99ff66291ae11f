package io.scorehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.RatePacer;
import io.scorehouse.lakehouse.config.ApiSettings;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.AuditChain;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Access API over real HTTPS (the dev certificate) with real ES256 tokens, against a real hot
 * store (the control plane's last_scores, SQLite here). Every refusal's status and RFC 7807 body
 * is asserted, and the raw ids planted in the requests never appear in a response or a log.
 */
class AccessApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW_ACME = "CUST-CANARY-ACME-7731";
    private static final String RAW_GLOBEX = "CUST-CANARY-GLOBEX-4410";
    private static final String LAST = "/api/scored/v1/last";

    private static TestApi testApi;
    private static ScorehouseConfig config;
    private static ApiServer server;
    private static HttpClient client;
    private static ApiSettings api;

    @BeforeAll
    static void aServedHotStore() throws Exception {
        ScorehouseConfig base = TestLakehouse.config();
        ApiSettings configured = base.api().orElseThrow();
        Map<String, ApiSettings.RateLimit> limits = new HashMap<>(configured.rateLimits());
        limits.put("auditor", new ApiSettings.RateLimit(1, 2, false));
        testApi = new TestApi(
                base,
                new ApiSettings(
                        configured.bind(),
                        configured.port(),
                        configured.tls(),
                        configured.jwt(),
                        configured.pageTokenKeyFile(),
                        limits));
        config = testApi.config;
        server = testApi.server;
        client = testApi.client;
        api = testApi.api;
        EntityTokenizer tokenizer = EntityTokenizer.fromConfig(config);
        LastScores hot = new LastScores(new ControlPlane(config.catalog()));
        hot.upsert(
                List.of(
                                score("acme", tokenizer.token("acme", RAW_ACME), 0.81, "deny"),
                                score("globex", tokenizer.token("globex", RAW_GLOBEX), 0.12, "approve"))
                        .iterator(),
                RatePacer.system(0));
    }

    @AfterAll
    static void stop() {
        if (testApi != null) {
            testApi.close();
        }
    }

    @Test
    void aConsumerReadsItsTenantMaskedAndARiskAnalystUnmasked() throws Exception {
        HttpResponse<String> consumer = last(token("acme", "consumer"), "acme", RAW_ACME, "credit-decision");
        assertThat(consumer.statusCode()).as(consumer.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(consumer.body());
        assertThat(body.path("score").asDouble()).isEqualTo(0.81);
        assertThat(body.path("decision").asText()).isEqualTo("deny");
        assertThat(body.path("request_id").asText()).isEqualTo("0123456789abcdef0123456789abcd01");
        assertThat(body.path("entity_key").isNull()).isTrue();
        assertThat(body.path("masked_fields").toString()).contains("entity_key", "explanations");

        HttpResponse<String> analyst = last(token("acme", "risk-analyst"), "acme", RAW_ACME, "model-risk-review");
        assertThat(analyst.statusCode()).as(analyst.body()).isEqualTo(200);
        JsonNode unmasked = JSON.readTree(analyst.body());
        assertThat(unmasked.path("entity_key").asText())
                .isEqualTo(EntityTokenizer.fromConfig(config).token("acme", RAW_ACME));
        assertThat(unmasked.path("masked_fields")).isEmpty();
    }

    @Test
    void authorizationMatrix() throws Exception {
        // tenant × role × purpose on both routes: the status, and the rule a refusal names
        record Cell(String tokenTenant, String role, String purpose, int status, String rule) {}
        List<Cell> cells = List.of(
                new Cell("acme", "consumer", "credit-decision", 200, null),
                new Cell("acme", "consumer", "customer-service", 200, null),
                new Cell("acme", "consumer", null, 403, "purpose_declared"),
                new Cell("acme", "consumer", "marketing", 403, "purpose_allowed"),
                new Cell("globex", "consumer", "credit-decision", 403, "tenant_matches_claim"),
                new Cell("acme", "risk-analyst", "model-risk-review", 200, null),
                new Cell("acme", "risk-analyst", "customer-service", 403, "purpose_allowed"),
                new Cell("globex", "risk-analyst", "model-risk-review", 403, "tenant_matches_claim"),
                new Cell("acme", "auditor", "audit", 403, "route_allowed"),
                new Cell("globex", "auditor", "audit", 403, "tenant_matches_claim"));
        int client = 0;
        for (String route : List.of(LAST, SearchRoute.PATH)) {
            for (Cell cell : cells) {
                // the auditor is granted /search (for an audit), never /last
                boolean auditorSearch = route.equals(SearchRoute.PATH)
                        && cell.role().equals("auditor")
                        && cell.tokenTenant().equals("acme");
                int status = auditorSearch ? 200 : cell.status();
                String token = testApi.token("matrix-" + client++, cell.tokenTenant(), cell.role());
                HttpResponse<String> response = get(
                        token,
                        route + "?tenant=acme&model=churn&entity_id="
                                + URLEncoder.encode(RAW_ACME, StandardCharsets.UTF_8),
                        cell.purpose());
                assertThat(response.statusCode())
                        .as(route + " " + cell + " " + response.body())
                        .isEqualTo(status);
                if (status == 403) {
                    JsonNode problem = problem(response, 403);
                    assertThat(problem.path("failed_rules").toString())
                            .as(cell.toString())
                            .contains(cell.rule());
                    assertThat(problem.path("detail").asText()).startsWith("refused by scored.read — " + cell.rule());
                    assertThat(response.body()).doesNotContain("0.81", "0.12", "deny");
                }
                // never a row of another tenant
                assertThat(response.body()).doesNotContain("\"globex\"");
            }
        }
        // the other tenant's entity asked for under one's own tenant: tokenized under acme, it matches nothing
        assertThat(last(token("acme", "consumer"), "acme", RAW_GLOBEX, "credit-decision")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void forgedAndInvalidTokensAre401WithWwwAuthenticate() throws Exception {
        JWTClaimsSet good = claims(
                "acme",
                "consumer",
                Instant.now(),
                Duration.ofMinutes(5),
                api.jwt().issuer(),
                api.jwt().audience());
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();
        ECKey devKey = ECKey.parse(Files.readString(Path.of(api.jwt().issuerKeyFile())));
        Map<String, String> forged = new java.util.LinkedHashMap<>();
        forged.put("alg none", new PlainJWT(new PlainHeader(), good).serialize());
        // HS256 keyed with the issuer's public key (RS/HS confusion)
        SignedJWT hs = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(devKey.getKeyID())
                        .build(),
                good);
        hs.sign(new MACSigner(Files.readAllBytes(Path.of(api.jwt().jwks()))));
        forged.put("HS256 with the public key", hs.serialize());
        forged.put(
                "expired",
                signed(
                        devKey,
                        claims(
                                "acme",
                                "consumer",
                                Instant.now().minus(Duration.ofHours(2)),
                                Duration.ofMinutes(5),
                                api.jwt().issuer(),
                                api.jwt().audience())));
        forged.put(
                "not yet valid",
                signed(
                        devKey,
                        claims(
                                "acme",
                                "consumer",
                                Instant.now().plus(Duration.ofHours(1)),
                                Duration.ofHours(2),
                                api.jwt().issuer(),
                                api.jwt().audience())));
        forged.put(
                "wrong issuer",
                signed(
                        devKey,
                        claims(
                                "acme",
                                "consumer",
                                Instant.now(),
                                Duration.ofMinutes(5),
                                "https://evil.example",
                                api.jwt().audience())));
        forged.put(
                "wrong audience",
                signed(
                        devKey,
                        claims(
                                "acme",
                                "consumer",
                                Instant.now(),
                                Duration.ofMinutes(5),
                                api.jwt().issuer(),
                                "another-api")));
        forged.put("unknown key id", signed(stranger, good));
        String valid = signed(devKey, good);
        String[] parts = valid.split("\\.");
        String tamperedPayload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"consumer\"", "\"risk-analyst\"")
                        .getBytes(StandardCharsets.UTF_8));
        forged.put("tampered payload", parts[0] + "." + tamperedPayload + "." + parts[2]);
        forged.put(
                "unknown role",
                signed(
                        devKey,
                        claims(
                                "acme",
                                "root",
                                Instant.now(),
                                Duration.ofMinutes(5),
                                api.jwt().issuer(),
                                api.jwt().audience())));
        forged.put("not a JWT", "garbage");
        forged.put("missing", null);

        assertThat(last(valid, "acme", RAW_ACME, "credit-decision").statusCode())
                .isEqualTo(200);
        for (Map.Entry<String, String> token : forged.entrySet()) {
            HttpResponse<String> response = last(token.getValue(), "acme", RAW_ACME, "credit-decision");
            assertThat(response.statusCode())
                    .as(token.getKey() + ": " + response.body())
                    .isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .as(token.getKey())
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer realm=\"scorehouse\""));
            problem(response, 401);
            assertThat(response.body()).doesNotContain("0.81");
        }
    }

    @Test
    void badParametersAre400ProblemsThatNeverEchoTheId() throws Exception {
        String token = token("acme", "consumer");
        assertThat(problem(get(token, LAST + "?tenant=acme&model=churn", "credit-decision"), 400)
                        .path("detail")
                        .asText())
                .contains("'entity_id' is required");
        assertThat(problem(get(token, LAST + "?tenant=ACME!&model=churn&entity_id=" + RAW_ACME, "credit-decision"), 400)
                        .path("detail")
                        .asText())
                .contains("'tenant' must match");
        HttpResponse<String> tooLong = get(
                token, LAST + "?tenant=acme&model=churn&entity_id=" + RAW_ACME + "x".repeat(300), "credit-decision");
        assertThat(problem(tooLong, 400).path("detail").asText()).contains("1 to 256 characters");
        assertThat(tooLong.body()).doesNotContain(RAW_ACME);
        HttpResponse<String> unknownRoute = get(token, "/api/scored/v1/dump", "credit-decision");
        problem(unknownRoute, 404);
    }

    @Test
    void overTheRateLimitIs429WithRetryAfterThenRecovers() throws Exception {
        String auditor = token("acme", "auditor"); // per-second 1, burst 2 here
        List<Integer> statuses = new java.util.ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = last(auditor, "acme", RAW_ACME, "audit");
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        assertThat(statuses).contains(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        problem(limited, 429);
        Thread.sleep(Duration.ofSeconds(Long.parseLong(
                        limited.headers().firstValue("Retry-After").orElseThrow()))
                .plusMillis(200)
                .toMillis());
        // allowed again by the limiter: the policy's answer (403, auditors have no /last) comes back
        assertThat(last(auditor, "acme", RAW_ACME, "audit").statusCode()).isEqualTo(403);
    }

    @Test
    void healthReadinessAndTheContractAreServedOverHttpsOnly() throws Exception {
        HttpResponse<String> health = client.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(server.baseUrl()).startsWith("https://");
        assertThat(client.send(
                                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/readyz"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
        assertThat(client.send(
                                HttpRequest.newBuilder(URI.create(server.baseUrl() + ApiServer.OPENAPI_PATH))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .contains("/api/scored/v1/last");
        HttpClient plain = HttpClient.newHttpClient();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void metricsCountRequestsLatencyAndDenialsByReasonWithoutIds() throws Exception {
        last(token("acme", "consumer"), "acme", RAW_ACME, "marketing");
        last("forged", "acme", RAW_ACME, "credit-decision");
        HttpResponse<String> metrics = client.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains(
                        "scorehouse_api_requests_total{route=\"/api/scored/v1/last\",status=\"403\"}",
                        "scorehouse_api_request_duration_seconds_bucket{route=\"/api/scored/v1/last\",le=\"0.01\"}",
                        "scorehouse_api_denials_total{reason=\"purpose_allowed\"}",
                        "scorehouse_api_denials_total{reason=\"unauthorized\"}",
                        "scorehouse_api_rate_limited_total")
                .doesNotContain(RAW_ACME, "client-consumer");
    }

    @Test
    void plainHttpOnlyWhenAskedFor() throws Exception {
        ApiContext context = ApiContext.of(config, Clock.systemUTC());
        try (ApiServer plain = ApiServer.start(context, new ApiServer.Listen("127.0.0.1", 0, true))) {
            assertThat(plain.baseUrl()).startsWith("http://");
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(plain.baseUrl() + LAST + "?tenant=acme&model=churn&entity_id=x"))
                                    .header("Authorization", "Bearer " + token("acme", "consumer"))
                                    .header("X-Purpose", "credit-decision")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            // the same governed path, only without TLS
            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void rawIdsNeverReachAResponseOrALog() throws Exception {
        for (String role : List.of("consumer", "risk-analyst", "auditor")) {
            for (String purpose : List.of("credit-decision", "audit", "")) {
                String body =
                        last(token("acme", role), "acme", RAW_ACME, purpose).body();
                assertThat(body).doesNotContain(RAW_ACME, RAW_GLOBEX);
            }
        }
        // an id in the path of no route: the access line and the audit say "other", never the path
        HttpResponse<String> idInPath =
                get(token("acme", "consumer"), "/api/scored/v1/last/" + RAW_ACME, "credit-decision");
        assertThat(idInPath.statusCode()).isEqualTo(404);
        assertThat(idInPath.body()).doesNotContain(RAW_ACME);
        Path logs = config.logsDir();
        if (Files.exists(logs)) {
            try (Stream<Path> files = Files.walk(logs)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                            .as(file.toString())
                            .doesNotContain(RAW_ACME, RAW_GLOBEX);
                }
            }
        }
    }

    @Test
    void everyRequestAllowedOrDeniedLeavesAnAuditRecordWithoutIdsOrKeys() throws Exception {
        AuditChain chain = new AuditChain(new ControlPlane(config.catalog()), Clock.systemUTC());
        long before = chain.verify();
        assertThat(last(token("acme", "consumer"), "acme", RAW_ACME, "credit-decision")
                        .statusCode())
                .isEqualTo(200);
        assertThat(last(token("acme", "consumer"), "acme", RAW_ACME, "marketing")
                        .statusCode())
                .isEqualTo(403);
        assertThat(last("forged", "acme", RAW_ACME, "credit-decision").statusCode())
                .isEqualTo(401);
        assertThat(get(token("acme", "consumer"), "/api/scored/v1/last/" + RAW_ACME, "credit-decision")
                        .statusCode())
                .isEqualTo(404);
        long after = chain.verify();
        assertThat(after - before).isGreaterThanOrEqualTo(4);
        List<AuditChain.AuditEntry> entries = chain.tail((int) (after - before));
        List<AuditChain.AuditEntry> reads = entries.stream()
                .filter(e -> e.action().equals(ReadAudit.ACTION))
                .toList();
        assertThat(reads).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("client-consumer");
            assertThat(e.details())
                    .contains(
                            "\"status\":200",
                            "\"decision\":\"allowed\"",
                            "\"rows\":1",
                            "\"purpose\":\"credit-decision\"");
        });
        assertThat(reads)
                .anySatisfy(e ->
                        assertThat(e.details()).contains("\"status\":403", "\"failed_rules\":[\"purpose_allowed\"]"));
        assertThat(reads).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("anonymous");
            assertThat(e.details()).contains("\"status\":401");
        });
        String acmeKey = EntityTokenizer.fromConfig(config).token("acme", RAW_ACME);
        for (AuditChain.AuditEntry entry : reads) {
            assertThat(entry.toString()).doesNotContain(RAW_ACME, acmeKey);
        }
    }

    private static HttpResponse<String> last(String token, String tenant, String entityId, String purpose)
            throws IOException, InterruptedException {
        return get(
                token,
                LAST + "?tenant=" + tenant + "&model=churn&entity_id="
                        + URLEncoder.encode(entityId, StandardCharsets.UTF_8),
                purpose);
    }

    private static HttpResponse<String> get(String token, String pathAndQuery, String purpose)
            throws IOException, InterruptedException {
        return testApi.get(token, pathAndQuery, purpose);
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws IOException {
        return TestApi.problem(response, status);
    }

    private static String token(String tenant, String role) {
        return testApi.token(tenant, role);
    }

    private static JWTClaimsSet claims(
            String tenant, String role, Instant issued, Duration ttl, String iss, String audience) {
        return new JWTClaimsSet.Builder()
                .issuer(iss)
                .audience(audience)
                .subject("forger")
                .claim("tenant", tenant)
                .claim("roles", List.of(role))
                .issueTime(Date.from(issued))
                .notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(ttl)))
                .build();
    }

    private static String signed(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static LastScores.LastScore score(String tenant, String entityKey, double score, String decision) {
        return new LastScores.LastScore(
                tenant,
                entityKey,
                "churn",
                1,
                score,
                decision,
                1_780_000_000_000_000L,
                "job-api-test",
                "idem-" + tenant,
                "0123456789abcdef0123456789abcd" + (tenant.equals("acme") ? "01" : "02"));
    }
}
