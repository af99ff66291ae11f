package io.scorehouse.api;

import static java.util.Objects.requireNonNull;

import io.scorehouse.api.history.ScoreHistory;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.config.ApiSettings;
import io.scorehouse.lakehouse.config.ConfigException;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.run.RunLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SortedSet;

/**
 * Everything the API serves with, built and checked once at start: settings, the token verifier,
 * {@code scored.read}, rate limits, the hot store and the registry. Start-up refuses a missing
 * setting (exit 2) and an HMAC key other than the one the store was published under (exit 5).
 */
record ApiContext(
        ApiSettings settings,
        BearerTokens tokens,
        ReadAccess access,
        RateLimits rateLimits,
        LastScoreRoute last,
        SearchRoute search,
        ReadAudit audit,
        ApiMetrics metrics,
        ControlPlane controlPlane,
        ControlPlanePool pool,
        Path openApi) {

    static ApiContext of(ScorehouseConfig config, Clock clock) {
        ApiSettings settings = config.api()
                .orElseThrow(() -> new ConfigException("profile '" + config.profile() + "' has no api: section"));
        requireSettings(settings);
        DevCredentials.ensure(config, settings);
        PolicyBundle policies = PolicyBundle.fromConf(config.confDir());
        ControlPlane unpooled = new ControlPlane(config.catalog());
        unpooled.migrate();
        ControlPlanePool pool = new ControlPlanePool(unpooled);
        ControlPlane controlPlane = pool.pooled(unpooled);
        EntityTokenizer tokenizer = EntityTokenizer.fromConfig(config);
        requireStoreKey(tokenizer.keyId(), new RunLedger(controlPlane, clock, Duration.ofMinutes(1)).publishedKeyIds());
        ModelRegistry registry =
                new ModelRegistry(controlPlane, ArtifactStore.of(config), TrustStore.fromConfig(config), clock);
        Path openApi = ApiServer.openApiOf(config.confDir());
        if (!Files.isRegularFile(openApi)) {
            throw new ConfigException("the API contract " + openApi + " is missing");
        }
        return new ApiContext(
                settings,
                new BearerTokens(settings.jwt(), policies.roles()),
                new ReadAccess(policies),
                new RateLimits(settings.rateLimits()),
                new LastScoreRoute(new LastScores(controlPlane), registry, () -> EntityTokenizer.fromConfig(config)),
                new SearchRoute(
                        ScoreHistory.of(config, controlPlane),
                        PageTokens.fromConfig(config, settings.pageTokenKeyFile()),
                        () -> EntityTokenizer.fromConfig(config)),
                new ReadAudit(controlPlane, clock),
                new ApiMetrics(),
                controlPlane,
                pool,
                openApi);
    }

    private static void requireSettings(ApiSettings settings) {
        requireText(settings.bind(), "api.bind");
        if (settings.port() == null) {
            throw new ConfigException("api.port is not set");
        }
        requireNonNull(settings.jwt(), "api.jwt");
        requireText(settings.jwt().issuer(), "api.jwt.issuer (SCOREHOUSE_API_JWT_ISSUER)");
        requireText(settings.jwt().audience(), "api.jwt.audience");
        requireText(settings.jwt().jwks(), "api.jwt.jwks (SCOREHOUSE_API_JWKS)");
        if (settings.tls() == null) {
            throw new ConfigException("api.tls is not set");
        }
        requireText(settings.tls().certificateFile(), "api.tls.certificate-file");
        requireText(settings.tls().keyFile(), "api.tls.key-file");
    }

    private static void requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key + " is not set");
        }
    }

    /** The API must tokenize ids with the key the store's runs published under, or it finds nothing. */
    private static void requireStoreKey(String keyId, SortedSet<String> published) {
        if (!published.isEmpty() && !published.equals(new java.util.TreeSet<>(java.util.List.of(keyId)))) {
            throw new IntegrityException(
                    "api",
                    "the HMAC key " + keyId + " differs from the store's " + String.join(", ", published)
                            + " — lookups would match no published entity; configure the store's key");
        }
    }

    /** Whether the hot store answers (readiness: the API can serve lookups). */
    boolean ready() {
        try (java.sql.Connection connection = controlPlane.connect()) {
            return connection.isValid(2);
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }
}
