package io.scorehouse.jobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.jobs.testing.ApiProcess;
import io.scorehouse.jobs.testing.DemoHome;
import io.scorehouse.jobs.testing.Launcher;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.spark.LakehouseSession;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Access API against tables written by real scoring runs: {@code bin/scorehouse demo} trains,
 * releases and scores (two versions, a canary), then {@code bin/scorehouse api} serves that home
 * over HTTPS with tokens from {@code bin/scorehouse api token}. Answers are checked against the
 * lake read with Spark (the governed views), never against the hot store the API itself reads.
 * A further run publishes while a search is paged; a version is revoked while the API serves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessApiIT {
    private static final String DATE = DemoHome.DATE;
    private static final String LAST = "/api/scored/v1/last";
    private static final String SEARCH = "/api/scored/v1/search";
    private static final Map<String, String> ALLOWED_PURPOSE =
            Map.of("consumer", "credit-decision", "risk-analyst", "model-risk-review", "auditor", "audit");

    private static Path home;
    private static ScorehouseConfig config;
    private static SparkSession spark;
    private static ApiProcess api;
    private static EntityTokenizer tokenizer;
    /** Raw ids and PII of the entities the tests ask about: none may leave the API or enter its logs. */
    private static final Set<String> canaries = new LinkedHashSet<>();

    private static final List<String> acmeIds = new ArrayList<>();
    private static final List<String> globexIds = new ArrayList<>();

    @BeforeAll
    static void scoredByTheDemoAndServed() throws Exception {
        home = DemoHome.restore();
        config = new ConfigLoader(TestLakehouse.environmentFor(home)).load(TestLakehouse.confDir());
        spark = LakehouseSession.open(config, "access-api-it");
        tokenizer = EntityTokenizer.fromConfig(config);
        for (Row row : spark.sql("SELECT DISTINCT tenant_id, cust_id, email, full_name, tax_id "
                        + "FROM curated.customer_features ORDER BY tenant_id, cust_id")
                .collectAsList()) {
            List<String> ids = row.getString(0).equals("acme") ? acmeIds : globexIds;
            if (ids.size() < 6 && scored(row.getString(0), row.getString(1))) {
                ids.add(row.getString(1));
                Stream.of(row.getString(1), row.getString(2), row.getString(3), row.getString(4))
                        .forEach(canaries::add);
            }
        }
        assertThat(acmeIds).hasSize(6);
        assertThat(globexIds).hasSize(6);
        api = new ApiProcess(home, Path.of(config.api().orElseThrow().tls().certificateFile()));
    }

    /** Whether the entity has a score to serve (the demo erases one entity, whose rows are gone). */
    private static boolean scored(String tenant, String id) {
        return spark.sql("SELECT 1 FROM lake.scored.v_last WHERE tenant_id = '" + tenant + "' AND entity_key = '"
                                + tokenizer.token(tenant, id) + "' LIMIT 1")
                        .count()
                > 0;
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    @Order(1)
    void lastServesTheGovernedLatestScoreMaskedUnlessTheRoleMaySeeKeys() throws Exception {
        String consumer = api.token("acme", "consumer", "it-crm");
        String analyst = api.token("acme", "risk-analyst", "it-analyst");
        for (String id : acmeIds) {
            Row expected = latest("acme", id);
            ApiProcess.Answer masked = api.get(consumer, last("acme", id), "credit-decision");
            assertThat(masked.status()).as(masked.body().toString()).isEqualTo(200);
            assertThat(masked.body().path("request_id").asText()).isEqualTo(expected.getString(0));
            assertThat(masked.body().path("score").asDouble()).isEqualTo(expected.getDouble(1));
            assertThat(masked.body().path("model_version").asInt()).isEqualTo(expected.getInt(2));
            assertThat(masked.body().path("entity_key").isNull()).isTrue();
            assertThat(masked.body().path("masked_fields").toString()).contains("entity_key", "explanations");

            ApiProcess.Answer unmasked = api.get(analyst, last("acme", id), "model-risk-review");
            assertThat(unmasked.status()).isEqualTo(200);
            assertThat(unmasked.body().path("entity_key").asText()).isEqualTo(tokenizer.token("acme", id));
            assertThat(unmasked.body().path("request_id").asText()).isEqualTo(expected.getString(0));
        }
    }

    /** Tenant (own / other) × role × route × purpose (allowed / missing / not allowed): every cell. */
    @Test
    @Order(2)
    void everyCellOfTheAuthorizationMatrixAnswersAsThePolicyGrants() throws Exception {
        String id = acmeIds.get(0);
        String otherId = globexIds.get(0);
        for (String role : List.of("consumer", "risk-analyst", "auditor")) {
            String token = api.token("acme", role, "it-matrix-" + role);
            for (boolean ownTenant : new boolean[] {true, false}) {
                String tenant = ownTenant ? "acme" : "globex";
                String entity = ownTenant ? id : otherId;
                for (String route : List.of(LAST, SEARCH)) {
                    for (String purpose : new String[] {ALLOWED_PURPOSE.get(role), null, "marketing"}) {
                        Set<String> expected = failedRules(role, ownTenant, route, purpose);
                        String query = route.equals(LAST) ? last(tenant, entity) : search(tenant, entity, "");
                        ApiProcess.Answer answer = paced(token, query, purpose);
                        String cell = role + " " + tenant + " " + route + " purpose=" + purpose;
                        if (expected.isEmpty()) {
                            assertThat(answer.status()).as(cell).isEqualTo(200);
                            assertThat(tenantsIn(answer.body())).as(cell).containsOnly("acme");
                        } else {
                            assertThat(answer.status())
                                    .as(cell + " " + answer.body())
                                    .isEqualTo(403);
                            assertThat(answer.raw().headers().firstValue("Content-Type"))
                                    .hasValueSatisfying(
                                            type -> assertThat(type).startsWith("application/problem+json"));
                            Set<String> failed = new TreeSet<>();
                            answer.body().path("failed_rules").forEach(rule -> failed.add(rule.asText()));
                            assertThat(failed).as(cell).isEqualTo(expected);
                            assertThat(answer.body().has("items")
                                            || answer.body().has("score"))
                                    .isFalse();
                        }
                    }
                }
            }
        }
    }

    /** A request, retried after Retry-After when the caller's role limit (auditor: 5/s) refuses it first. */
    private static ApiProcess.Answer paced(String token, String query, String purpose) throws Exception {
        ApiProcess.Answer answer = api.get(token, query, purpose);
        while (answer.status() == 429) {
            Thread.sleep(1_000
                    * Long.parseLong(
                            answer.raw().headers().firstValue("Retry-After").orElse("1")));
            answer = api.get(token, query, purpose);
        }
        return answer;
    }

    /** What scored.read (conf/policies/scored.read.yaml) refuses, restated as the matrix's expectation. */
    private static Set<String> failedRules(String role, boolean ownTenant, String route, String purpose) {
        Set<String> failed = new TreeSet<>();
        boolean routeGranted = !(role.equals("auditor") && route.equals(LAST));
        if (!ownTenant) {
            failed.add("tenant_matches_claim");
        }
        if (!routeGranted) {
            failed.add("route_allowed");
        }
        if (purpose == null) {
            failed.add("purpose_declared");
        } else if (routeGranted && !purpose.equals(ALLOWED_PURPOSE.get(role))) {
            failed.add("purpose_allowed");
        }
        return failed;
    }

    @Test
    @Order(3)
    void searchPagesStayOnTheirSnapshotWhileANewRunPublishes() throws Exception {
        String consumer = api.token("acme", "consumer", "it-pager");
        String id = acmeIds.get(1);
        ApiProcess.Answer first = api.get(consumer, search("acme", id, "&page_size=2"), "credit-decision");
        assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
        long snapshot = first.body().path("snapshot_id").asLong();
        List<String> seen = new ArrayList<>(requestIds(first.body()));
        assertThat(first.body().path("next_page_token").isTextual()).isTrue();

        Launcher.Result more = new Launcher(home, Map.of())
                .run("score", "--pipeline", "churn_daily", "--date", DATE, "--job-id", "api_it_more");
        assertThat(more.code()).as(more.toString()).isZero();

        String token = first.body().path("next_page_token").asText();
        ApiProcess.Answer tampered = api.get(
                consumer, search("acme", id, "&page_size=2&page_token=" + flipOneCharacter(token)), "credit-decision");
        assertThat(tampered.status()).as(tampered.body().toString()).isEqualTo(400);

        while (token != null) {
            ApiProcess.Answer page = api.get(
                    consumer,
                    search("acme", id, "&page_size=2&page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)),
                    "credit-decision");
            assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
            assertThat(page.body().path("snapshot_id").asLong()).isEqualTo(snapshot);
            seen.addAll(requestIds(page.body()));
            token = page.body().path("next_page_token").isTextual()
                    ? page.body().path("next_page_token").asText()
                    : null;
        }
        List<String> atSnapshot = historyAt(snapshot, "acme", id);
        assertThat(seen).as("no duplicate and no missing row across pages").hasSize(atSnapshot.size());
        assertThat(new HashSet<>(seen)).isEqualTo(new HashSet<>(atSnapshot));

        ApiProcess.Answer fresh = awaitNewSnapshot(consumer, id, snapshot);
        assertThat(requestIds(fresh.body())).hasSize(atSnapshot.size() + 1);
        assertThat(fresh.body().toString()).contains("api_it_more");
    }

    @Test
    @Order(4)
    void aClientOverItsRateIsToldWhenToComeBack() throws Exception {
        String consumer = api.token("acme", "consumer", "it-burst");
        ApiProcess.Answer limited = null;
        for (int i = 0; i < 400 && limited == null; i++) {
            ApiProcess.Answer answer = api.get(consumer, last("acme", acmeIds.get(2)), "credit-decision");
            if (answer.status() == 429) {
                limited = answer;
            } else {
                assertThat(answer.status()).isEqualTo(200);
            }
        }
        assertThat(limited)
                .as("consumer limit (50/s, burst 100) never reached in 400 requests")
                .isNotNull();
        long retryAfter =
                Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isPositive();
        Thread.sleep(retryAfter * 1_000);
        assertThat(api.get(consumer, last("acme", acmeIds.get(2)), "credit-decision")
                        .status())
                .isEqualTo(200);
    }

    @Test
    @Order(5)
    void aRevokedVersionIsNeverServed() throws Exception {
        String analyst = api.token("acme", "risk-analyst", "it-revocation");
        String id = acmeIds.get(3);
        int top = api.get(analyst, last("acme", id), "model-risk-review")
                .body()
                .path("model_version")
                .asInt();
        assertThat(top)
                .as("the version serving this entity")
                .isEqualTo(latest("acme", id).getInt(2));

        Launcher.Result revoke =
                new Launcher(home, Map.of()).run("revoke", "churn@" + top, "--reason", "access api it");
        assertThat(revoke.code()).as(revoke.toString()).isZero();
        Thread.sleep(2_500); // the API's revoked-version caches refresh within 2 s

        for (String entity : acmeIds) {
            ApiProcess.Answer latest = api.get(analyst, last("acme", entity), "model-risk-review");
            assertThat(latest.status()).as(latest.body().toString()).isIn(200, 404);
            if (latest.status() == 200) {
                assertThat(latest.body().path("model_version").asInt()).isNotEqualTo(top);
            }
            ApiProcess.Answer history = api.get(analyst, search("acme", entity, "&page_size=100"), "model-risk-review");
            assertThat(history.status()).isEqualTo(200);
            history.body()
                    .path("items")
                    .forEach(item ->
                            assertThat(item.path("model_version").asInt()).isNotEqualTo(top));
        }
    }

    @Test
    @Order(6)
    void noRawIdOrPlantedPiiInAnyResponseTheServerOutputTheLogsOrTheAudit() throws Exception {
        assertThat(api.bodies()).hasSizeGreaterThan(50);
        String served = String.join("\n", api.bodies());
        String output = api.output();
        String logs = logs();
        String audit = audit();
        assertThat(audit).contains("/api/scored/v1/last", "/api/scored/v1/search", "denied");
        // one access line per API request, carrying the request id the response named
        String analyst = api.token("acme", "risk-analyst", "it-access-log");
        ApiProcess.Answer denied = api.get(analyst, last("acme", acmeIds.get(0)), null);
        assertThat(denied.status()).isEqualTo(403);
        String requestId = denied.raw().headers().firstValue("X-Request-Id").orElseThrow();
        List<JsonNode> access = new ArrayList<>();
        for (String line : logs().split("\n")) {
            JsonNode event = null;
            try {
                event = line.startsWith("{\"ts\"") ? new ObjectMapper().readTree(line) : null;
            } catch (com.fasterxml.jackson.core.JsonProcessingException partial) {
                // the server is still running: its last line may be half written
            }
            if (event != null
                    && "io.scorehouse.api.access".equals(event.path("logger").asText())) {
                access.add(event);
            }
        }
        assertThat(access)
                .hasSizeGreaterThan(50)
                .allSatisfy(line -> assertThat(
                                line.path("context").path("request_id").asText())
                        .hasSize(36));
        assertThat(access)
                .filteredOn(line ->
                        requestId.equals(line.path("context").path("request_id").asText()))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.path("context").path("status").asText()).isEqualTo("403");
                    assertThat(line.path("context").path("route").asText()).isEqualTo("/api/scored/v1/last");
                    assertThat(line.path("context").path("failed_rules").asText())
                            .contains("purpose_declared");
                    assertThat(line.path("context").path("latency_ms").asText()).matches("\\d+");
                });
        for (String canary : canaries) {
            assertThat(served).as("responses").doesNotContain(canary);
            assertThat(output).as("server output").doesNotContain(canary);
            assertThat(logs).as("logs").doesNotContain(canary);
            assertThat(audit).as("audit").doesNotContain(canary);
        }
    }

    @Test
    @Order(7)
    void devTokensAreRefusedInProductionUnlessAnIssuerKeyIsGiven() throws Exception {
        Map<String, String> production = Map.of(
                "SCOREHOUSE_PROFILE", "production",
                "SCOREHOUSE_CATALOG_URI", "jdbc:postgresql://127.0.0.1:1/unused",
                "SCOREHOUSE_WAREHOUSE", home.resolve("unused-warehouse").toString(),
                "SCOREHOUSE_API_JWT_ISSUER", "https://idp.example.test",
                "SCOREHOUSE_API_JWKS", home.resolve("secrets/api-jwks.json").toString());
        Launcher.Result refused =
                new Launcher(home, production).run("api", "token", "--tenant", "acme", "--role", "consumer");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err())
                .contains("profile 'production' has no api.jwt.issuer-key-file")
                .contains("give --issuer-key FILE");

        Launcher.Result provisioned = new Launcher(home, production)
                .run(
                        "api",
                        "token",
                        "--tenant",
                        "acme",
                        "--role",
                        "consumer",
                        "--issuer-key",
                        home.resolve("secrets/api-issuer.jwk").toString());
        assertThat(provisioned.code()).as(provisioned.toString()).isZero();
        assertThat(provisioned.out().strip()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");

        // A test stack is its own identity provider: `api issuer` provisions the key, the profile names it.
        Path stackKey = home.resolve("stack-secrets/api-issuer.jwk");
        Path stackJwks = home.resolve("stack-secrets/api-jwks.json");
        Launcher.Result issuer = new Launcher(home, production)
                .run("api", "issuer", "--key", stackKey.toString(), "--jwks", stackJwks.toString());
        assertThat(issuer.code()).as(issuer.toString()).isZero();
        assertThat(Files.getPosixFilePermissions(stackKey))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(stackJwks)).contains("\"kty\":\"EC\"").doesNotContain("\"d\"");
        Map<String, String> stack = new HashMap<>(production);
        stack.put("SCOREHOUSE_API_ISSUER_KEY_FILE", stackKey.toString());
        Launcher.Result stackToken =
                new Launcher(home, stack).run("api", "token", "--tenant", "acme", "--role", "consumer");
        assertThat(stackToken.code()).as(stackToken.toString()).isZero();
        assertThat(stackToken.out().strip()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    }

    private static String last(String tenant, String id) {
        return LAST + "?tenant=" + tenant + "&model=churn&entity_id=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static String search(String tenant, String id, String extra) {
        return SEARCH + "?tenant=" + tenant + "&model=churn&entity_id=" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "&from=2026-10-22&to=" + DATE + extra;
    }

    /** The latest valid score of an entity in the governed view, with its request id: request_id, score, model_version. */
    private static Row latest(String tenant, String id) {
        spark.sql("REFRESH TABLE lake.scored.predictions");
        return spark.sql("SELECT p.request_id, v.score, v.model_version FROM lake.scored.v_last v "
                        + "JOIN lake.scored.predictions p ON p.tenant_id = v.tenant_id AND p.entity_key = v.entity_key "
                        + "AND p.model_name = v.model_name AND p.model_version = v.model_version "
                        + "AND p.as_of_out = v.as_of_out AND p.job_id = v.job_id "
                        + "WHERE v.tenant_id = '" + tenant + "' AND v.model_name = 'churn' AND v.entity_key = '"
                        + tokenizer.token(tenant, id) + "'")
                .head();
    }

    private static List<String> historyAt(long snapshot, String tenant, String id) {
        return spark
                .sql("SELECT request_id FROM lake.scored.predictions VERSION AS OF " + snapshot
                        + " WHERE tenant_id = '" + tenant + "' AND model_name = 'churn' AND entity_key = '"
                        + tokenizer.token(tenant, id) + "'")
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .toList();
    }

    private static ApiProcess.Answer awaitNewSnapshot(String token, String id, long old) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            ApiProcess.Answer answer = api.get(token, search("acme", id, "&page_size=100"), "credit-decision");
            if (answer.body().path("snapshot_id").asLong() != old) {
                return answer;
            }
            Thread.sleep(250); // the API reloads table metadata at most every second
        }
        throw new AssertionError("the API never saw the new run's snapshot");
    }

    private static List<String> requestIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("items").forEach(item -> ids.add(item.path("request_id").asText()));
        return ids;
    }

    private static Set<String> tenantsIn(JsonNode body) {
        Set<String> tenants = new HashSet<>();
        if (body.has("tenant")) {
            tenants.add(body.path("tenant").asText());
        }
        body.path("items").forEach(item -> tenants.add(item.path("tenant_id").asText()));
        return tenants;
    }

    private static String flipOneCharacter(String token) {
        int middle = token.length() / 2;
        char flipped = token.charAt(middle) == 'A' ? 'B' : 'A';
        return URLEncoder.encode(
                token.substring(0, middle) + flipped + token.substring(middle + 1), StandardCharsets.UTF_8);
    }

    private static String logs() throws IOException {
        Path dir = home.resolve("logs");
        if (!Files.isDirectory(dir)) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                text.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(text).as("the API logs its requests' outcomes somewhere").isNotEmpty();
        return text.toString();
    }

    private static String audit() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection connection =
                        DriverManager.getConnection(config.catalog().uri());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT actor, action, subject, details FROM audit_chain")) {
            while (rows.next()) {
                for (int column = 1; column <= 4; column++) {
                    text.append(rows.getString(column)).append('\n');
                }
            }
        }
        return text.toString();
    }
}
