package io.scorehouse.api;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.javalin.http.Context;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.controlplane.LastScores;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code GET /api/scored/v1/last}: the latest valid score of one entity, from the hot store. The
 * raw id is tokenized with the tenant-scoped HMAC here and goes no further — not into logs,
 * errors or the response. A score of a revoked version is never served (revocation invalidates
 * the hot store at once; the registry check is the second line, on a set of revoked versions
 * read at most every {@link #REVOKED_REFRESH}).
 */
final class LastScoreRoute {
    static final String PATH = "/api/scored/v1/last";

    static final Duration REVOKED_REFRESH = Duration.ofSeconds(2);

    private final LastScores lastScores;
    private final LoadingCache<String, Set<Integer>> revokedVersions;
    private final ThreadLocal<EntityTokenizer> tokenizer;

    LastScoreRoute(LastScores lastScores, ModelRegistry registry, Supplier<EntityTokenizer> tokenizers) {
        this.lastScores = requireNonNull(lastScores, "lastScores is null");
        requireNonNull(registry, "registry is null");
        this.revokedVersions = Caffeine.newBuilder()
                .maximumSize(1_000)
                .expireAfterWrite(REVOKED_REFRESH)
                .build(model -> registry.list(model).stream()
                        .filter(v -> v.stage() == Stage.REVOKED)
                        .map(v -> v.ref().version())
                        .collect(Collectors.toUnmodifiableSet()));
        this.tokenizer = ThreadLocal.withInitial(tokenizers);
    }

    void handle(Context ctx, Caller caller, ReadAccess access) {
        String tenant = QueryParams.tenant(ctx);
        String model = QueryParams.model(ctx);
        String entityId = QueryParams.entityId(ctx);
        ReadAccess.Grant grant = access.require(caller, tenant, PATH, ctx.header(ApiServer.PURPOSE_HEADER));
        String entityKey = tokenizer.get().token(tenant, entityId);
        LastScores.LastScore score = lastScores
                .find(tenant, entityKey, model)
                .filter(s -> !revoked(s))
                .orElseThrow(() -> ApiProblem.notFound("no valid score of this entity for model " + model));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", score.requestId());
        body.put("tenant", score.tenantId());
        body.put("model", score.modelName());
        body.put("model_version", score.modelVersion());
        body.put("score", score.score());
        body.put("decision", score.decision());
        body.put(
                "as_of_out",
                Instant.EPOCH.plus(score.asOfOutMicros(), ChronoUnit.MICROS).toString());
        body.put("job_id", score.jobId());
        body.put("entity_key", grant.masks("entity_key") ? null : score.entityKey());
        body.put("masked_fields", grant.maskedFields());
        body.put("policy_digest", grant.policyDigest());
        ctx.attribute(ApiServer.ROWS, 1L);
        ctx.json(body);
    }

    private boolean revoked(LastScores.LastScore score) {
        return revokedVersions.get(score.modelName()).contains(score.modelVersion());
    }
}
