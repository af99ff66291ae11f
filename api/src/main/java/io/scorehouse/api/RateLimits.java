package io.scorehouse.api;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.scorehouse.lakehouse.config.ApiSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets (Bucket4j) per client: a caller gets the most generous limit among its roles; a
 * role without a configured limit gets none of its own, and a caller none of whose roles has one
 * is refused by the default (one request per second) rather than served without a limit.
 */
final class RateLimits {
    private static final ApiSettings.RateLimit DEFAULT = new ApiSettings.RateLimit(1, 1, false);

    private final Map<String, ApiSettings.RateLimit> byRole;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimits(Map<String, ApiSettings.RateLimit> byRole) {
        this.byRole = Map.copyOf(byRole);
    }

    /** Takes one request from the caller's bucket, or refuses with 429 and Retry-After. */
    void acquire(Caller caller) {
        ApiSettings.RateLimit limit = limitOf(caller);
        if (Boolean.TRUE.equals(limit.unlimited())) {
            return;
        }
        Bucket bucket =
                buckets.computeIfAbsent(caller.client() + "|" + String.join(",", caller.roles()), key -> bucket(limit));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(
                    1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
            throw ApiProblem.tooManyRequests(seconds);
        }
    }

    private ApiSettings.RateLimit limitOf(Caller caller) {
        ApiSettings.RateLimit best = null;
        for (String role : caller.roles()) {
            ApiSettings.RateLimit limit = byRole.get(role);
            if (limit == null) {
                continue;
            }
            if (Boolean.TRUE.equals(limit.unlimited())) {
                return limit;
            }
            if (best == null || limit.perSecond() > best.perSecond()) {
                best = limit;
            }
        }
        return best == null ? DEFAULT : best;
    }

    private static Bucket bucket(ApiSettings.RateLimit limit) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.burst())
                        .refillGreedy(limit.perSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
    }
}
