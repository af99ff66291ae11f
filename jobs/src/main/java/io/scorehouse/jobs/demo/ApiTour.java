package io.scorehouse.jobs.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.TrustedCertificates;
import io.scorehouse.lakehouse.config.ApiSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's last step, as a consumer would take it: the Access API started on this home through
 * {@code bin/scorehouse api} (its own Spark-free process), tokens from {@code bin/scorehouse api
 * token}, {@code /last} and {@code /search} over HTTPS for a consumer (masked) and a risk analyst
 * (unmasked), one refusal, then the server stopped. An unexpected answer fails the demo.
 */
public final class ApiTour {
    private static final Pattern SERVING =
            Pattern.compile("serving (https://127\\.0\\.0\\.1:\\d+) \\(ready in (\\d+) ms");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path launcher;
    private final ApiSettings api;
    private final PrintWriter out;

    public ApiTour(Path launcher, ApiSettings api, PrintWriter out) {
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.api = requireNonNull(api, "api is null");
        this.out = requireNonNull(out, "out is null");
    }

    /** Runs the tour for one entity (the raw id is sent, never printed). */
    public void run(String tenant, String entityId, String model) {
        Process server = start(new ProcessBuilder(launcher.toString(), "api", "--port", "0"));
        try {
            String base = awaitServing(server);
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(TrustedCertificates.trusting(Path.of(api.tls().certificateFile())))
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            String consumer = token(tenant, "consumer", "demo-crm");
            String analyst = token(tenant, "risk-analyst", "demo-analyst");
            String entity = "tenant=" + tenant + "&model=" + model + "&entity_id="
                    + URLEncoder.encode(entityId, StandardCharsets.UTF_8);

            JsonNode masked = expect(client, base + "/api/scored/v1/last?" + entity, consumer, "credit-decision", 200);
            require(masked.path("entity_key").isNull(), "the consumer's /last answer is not masked");
            out.printf(
                    "  consumer      GET /api/scored/v1/last   -> 200  %s %.4f (v%d), request_id %s, entity_key masked%n",
                    masked.path("decision").asText(),
                    masked.path("score").asDouble(),
                    masked.path("model_version").asInt(),
                    masked.path("request_id").asText());
            JsonNode unmasked =
                    expect(client, base + "/api/scored/v1/last?" + entity, analyst, "model-risk-review", 200);
            require(!unmasked.path("entity_key").isNull(), "the risk analyst's /last answer is masked");
            out.printf(
                    "  risk-analyst  GET /api/scored/v1/last   -> 200  same score, entity_key %s…%n",
                    unmasked.path("entity_key").asText().substring(0, 12));
            JsonNode history = expect(
                    client,
                    base + "/api/scored/v1/search?" + entity + "&page_size=10",
                    consumer,
                    "credit-decision",
                    200);
            require(history.path("items").size() > 0, "/search found no history of a scored entity");
            out.printf(
                    "  consumer      GET /api/scored/v1/search -> 200  %d score(s) on snapshot %s, entity_key masked%n",
                    history.path("items").size(), history.path("snapshot_id").asText());
            JsonNode refused = expect(client, base + "/api/scored/v1/last?" + entity, consumer, null, 403);
            out.printf(
                    "  consumer      GET /api/scored/v1/last without X-Purpose -> 403 %s%n",
                    refused.path("failed_rules").toString());
            out.println("  curl --cacert " + api.tls().certificateFile()
                    + " -H \"Authorization: Bearer $TOKEN\" -H \"X-Purpose: credit-decision\" \\");
            out.println("       \"" + base + "/api/scored/v1/last?tenant=" + tenant + "&model=" + model
                    + "&entity_id=$ENTITY_ID\"");
        } finally {
            server.destroy();
            try {
                server.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.println("  stopped the API (every request above is in bin/scorehouse audit tail)");
        }
    }

    private String awaitServing(Process server) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Matcher serving = SERVING.matcher(line);
                if (serving.find()) {
                    out.println("  serving " + serving.group(1) + " (ready in " + serving.group(2) + " ms)");
                    drain(server);
                    return serving.group(1);
                }
                if (line.startsWith("scorehouse: ")) {
                    throw fail("the API did not start: " + line.substring("scorehouse: ".length()));
                }
            }
        } catch (IOException e) {
            throw fail("cannot read the API's output (" + e.getClass().getSimpleName() + ")");
        }
        throw fail("the API exited before serving");
    }

    /** Keeps reading the server's output so it never blocks on a full pipe. */
    private static void drain(Process server) {
        Thread drain = new Thread(() -> {
            try {
                server.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the server stopped
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    private String token(String tenant, String role, String client) {
        Process issue = start(new ProcessBuilder(
                launcher.toString(), "api", "token", "--tenant", tenant, "--role", role, "--client", client));
        try {
            String token = new String(issue.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (issue.waitFor() != 0 || token.isEmpty()) {
                throw fail("bin/scorehouse api token --role " + role + " failed");
            }
            return token;
        } catch (IOException e) {
            throw fail("cannot read a token (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("interrupted while issuing a token");
        }
    }

    private static JsonNode expect(HttpClient client, String url, String token, String purpose, int status) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (purpose != null) {
            request.header("X-Purpose", purpose);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            require(
                    response.statusCode() == status,
                    URI.create(url).getPath() + " answered " + response.statusCode() + " (expected " + status + "): "
                            + body.path("detail").asText());
            return body;
        } catch (IOException e) {
            throw fail("cannot call " + URI.create(url).getPath() + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("interrupted while calling the API");
        }
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw fail("cannot start " + builder.command().get(0) + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw fail(problem);
        }
    }

    private static ScorehouseException fail(String why) {
        return new ScorehouseException(ExitCode.UNEXPECTED, "demo: Access API", why);
    }
}
