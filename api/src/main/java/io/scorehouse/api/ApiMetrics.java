package io.scorehouse.api;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The API's Prometheus metrics, served at {@code /metrics}: requests by route and status, a latency
 * histogram by route, denials by reason (the failed scored.read rule, or unauthorized, rate_limited,
 * bad_request) and the rate-limited count. Labels are routes and reasons only — never a tenant's
 * entity, a client id or a key.
 */
final class ApiMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder()
            .name("scorehouse_api_requests_total")
            .help("API requests by route and HTTP status")
            .labelNames("route", "status")
            .register(registry);
    private final Histogram latency = Histogram.builder()
            .name("scorehouse_api_request_duration_seconds")
            .help("API request latency by route, audit included")
            .labelNames("route")
            .classicOnly()
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
            .register(registry);
    private final Counter denials = Counter.builder()
            .name("scorehouse_api_denials_total")
            .help("Refused API requests by reason")
            .labelNames("reason")
            .register(registry);
    private final Counter rateLimited = Counter.builder()
            .name("scorehouse_api_rate_limited_total")
            .help("API requests refused by a client's rate limit")
            .register(registry);

    void observe(String route, int status, List<String> failedRules, double seconds) {
        requests.labelValues(route, Integer.toString(status)).inc();
        latency.labelValues(route).observe(seconds);
        if (status == 429) {
            rateLimited.inc();
        }
        for (String reason : reasons(status, failedRules)) {
            denials.labelValues(reason).inc();
        }
    }

    private static List<String> reasons(int status, List<String> failedRules) {
        return switch (status) {
            case 400 -> List.of("bad_request");
            case 401 -> List.of("unauthorized");
            case 403 -> failedRules.isEmpty() ? List.of("forbidden") : failedRules;
            case 410 -> List.of("snapshot_expired");
            case 429 -> List.of("rate_limited");
            default -> List.of();
        };
    }

    String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
