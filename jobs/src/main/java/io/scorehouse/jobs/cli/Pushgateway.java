package io.scorehouse.jobs.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Sends a job's metrics to a Prometheus Pushgateway, grouped by job, command and pipeline (never by
 * run: a group per run would grow without end). A run that published replaces its group's metrics
 * (PUT); a failed run replaces only the metrics it carries (POST), so the group keeps the last
 * successful run's rows and timings next to the failure's exit code.
 */
final class Pushgateway {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            // plain HTTP/1.1: no h2c upgrade offered to a server that does not speak it
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    Pushgateway(String baseUrl) {
        requireNonNull(baseUrl, "baseUrl is null");
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    /** The group's URL: {@code /metrics/job/scorehouse} and then each label's name and value, in order. */
    URI group(Map<String, String> labels) {
        StringBuilder path = new StringBuilder("metrics/job/scorehouse");
        labels.forEach((name, value) ->
                path.append('/').append(name).append('/').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return base.resolve(path.toString());
    }

    /** Pushes {@code text}; {@code replaceGroup} chooses PUT over POST. Throws when the gateway refuses it. */
    void push(URI group, byte[] text, boolean replaceGroup) throws IOException {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofByteArray(text);
        HttpRequest request = HttpRequest.newBuilder(group)
                .timeout(TIMEOUT)
                .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .method(replaceGroup ? "PUT" : "POST", body)
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException(
                        "the Pushgateway answered " + response.statusCode() + ": " + firstLine(response.body()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pushing metrics", e);
        }
    }

    private static String firstLine(String body) {
        String line = body == null ? "" : body.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
