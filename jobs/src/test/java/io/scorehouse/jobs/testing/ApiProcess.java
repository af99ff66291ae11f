package io.scorehouse.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.lakehouse.TrustedCertificates;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/scorehouse api --port 0} on a home, as a container would run it: its own Spark-free
 * process, its output kept in a file (tests grep it for leaks), and a client that trusts the
 * home's dev certificate. Every response body is kept for the same reason.
 */
public final class ApiProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving (https://127\\.0\\.0\\.1:\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Process process;
    private final Path output;
    private final String base;
    private final HttpClient client;
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

    /** A response: status, body as JSON, and the headers a test may look at. */
    public record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

    public ApiProcess(Path home, Path certificate) throws IOException, InterruptedException {
        this.home = home;
        this.output = home.resolve("api-process.out");
        ProcessBuilder builder = new ProcessBuilder(
                        TestLakehouse.repoDir().resolve("bin/scorehouse").toString(), "api", "--port", "0")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("SCOREHOUSE_HOME", home.toString());
        builder.environment().put("SCOREHOUSE_NO_BUILD", "1");
        this.process = builder.start();
        this.base = awaitServing();
        this.client = HttpClient.newBuilder()
                .sslContext(TrustedCertificates.trusting(certificate))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private String awaitServing() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher serving = SERVING.matcher(Files.readString(output, StandardCharsets.UTF_8));
            if (serving.find()) {
                return serving.group(1);
            }
            if (!process.isAlive()) {
                throw new AssertionError("the API exited before serving:\n" + Files.readString(output));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the API did not serve within 90 s:\n" + Files.readString(output));
    }

    /** A token from {@code bin/scorehouse api token}. */
    public String token(String tenant, String role, String client) throws IOException, InterruptedException {
        Launcher.Result issued = new Launcher(home, java.util.Map.of())
                .run("api", "token", "--tenant", tenant, "--role", role, "--client", client);
        if (issued.code() != 0) {
            throw new AssertionError("api token failed: " + issued);
        }
        return issued.out().strip();
    }

    public Answer get(String token, String pathAndQuery, String purpose) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (purpose != null) {
            request.header("X-Purpose", purpose);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        bodies.add(response.body());
        JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), body, response);
    }

    /** Every body this client received. */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** What the server printed (stdout and stderr). */
    public String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
