package io.scorehouse.api;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.scorehouse.gates.policy.RoleVocabulary;
import io.scorehouse.lakehouse.config.ApiSettings;
import io.scorehouse.lakehouse.config.ConfigException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Verifies {@code Authorization: Bearer} tokens with nimbus JOSE+JWT: the signature against the
 * issuer's JWKS with asymmetric algorithms only (so {@code alg: none}, HMAC tokens and RS/HS
 * confusion are refused), the exact issuer, the audience, {@code exp}/{@code nbf} with the
 * configured skew, and the claims the API uses ({@code sub}, {@code tenant}, {@code roles} from
 * the role vocabulary). Any failure is a 401.
 *
 * <p>A token whose signature verified is remembered (by its exact text, at most {@link
 * #VERIFIED_FOR}) so that a client reusing its token pays the ECDSA check once, not on every
 * request — the check is most of a lookup's CPU. Its time window is still checked on every use, so
 * a remembered token expires exactly when it would have; a key removed from a JWKS stops a
 * remembered token within {@link #VERIFIED_FOR}.
 */
final class BearerTokens {
    /** Asymmetric only: a public key can never verify an HMAC token. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256);

    static final Duration VERIFIED_FOR = Duration.ofMinutes(5);
    private static final int VERIFIED_TOKENS = 50_000;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final RoleVocabulary roles;
    private final Clock clock;
    private final Duration skew;
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(VERIFIED_TOKENS)
            .expireAfterWrite(VERIFIED_FOR)
            .build();

    /** A token whose signature and claims held once (so its nbf has passed), and when it expires. */
    private record Verified(Caller caller, Instant expiresAt) {
        boolean usableAt(Instant now, Duration skew) {
            return !now.isAfter(expiresAt.plus(skew));
        }
    }

    BearerTokens(ApiSettings.Jwt settings, RoleVocabulary roles) {
        this(settings, roles, Clock.systemUTC());
    }

    BearerTokens(ApiSettings.Jwt settings, RoleVocabulary roles, Clock clock) {
        requireNonNull(settings, "settings is null");
        this.roles = requireNonNull(roles, "roles is null");
        this.clock = requireNonNull(clock, "clock is null");
        int skewSeconds = settings.clockSkewSeconds() == null ? 30 : settings.clockSkewSeconds();
        this.skew = Duration.ofSeconds(skewSeconds);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys(settings.jwks())));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                settings.audience(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("sub", "tenant", "roles", "exp"));
        claims.setMaxClockSkew(skewSeconds);
        processor.setJWTClaimsSetVerifier(claims);
    }

    private static JWKSource<SecurityContext> keys(String jwks) {
        try {
            if (jwks.startsWith("https://") || jwks.startsWith("http://")) {
                return JWKSourceBuilder.create(URI.create(jwks).toURL()).build();
            }
            return new ImmutableJWKSet<>(JWKSet.load(Path.of(jwks).toFile()));
        } catch (MalformedURLException e) {
            throw new ConfigException("api.jwt.jwks '" + jwks + "' is not a valid URL");
        } catch (IOException | ParseException e) {
            throw new ConfigException("api.jwt.jwks " + jwks + " is not a readable JWKS ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** The caller of a request's {@code Authorization} header value (null when absent). */
    Caller verify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiProblem.unauthorized("missing bearer token");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiProblem.unauthorized("the Authorization header is not a bearer token");
        }
        String token = authorization.substring(7).strip();
        Verified known = verified.getIfPresent(token);
        if (known != null) {
            if (!known.usableAt(clock.instant(), skew)) {
                verified.invalidate(token);
                throw ApiProblem.unauthorized("invalid bearer token: Expired JWT");
            }
            return known.caller();
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw ApiProblem.unauthorized("the bearer token is not a JWT");
        } catch (BadJOSEException e) {
            throw ApiProblem.unauthorized("invalid bearer token: " + e.getMessage());
        } catch (JOSEException e) {
            throw ApiProblem.unauthorized("the bearer token could not be verified");
        }
        Caller caller = caller(claims);
        verified.put(token, new Verified(caller, claims.getExpirationTime().toInstant()));
        return caller;
    }

    private Caller caller(JWTClaimsSet claims) {
        try {
            String tenant = claims.getStringClaim("tenant");
            List<String> named = claims.getStringListClaim("roles");
            if (tenant == null || tenant.isBlank() || named == null || named.isEmpty()) {
                throw ApiProblem.unauthorized("the token needs a tenant claim and a non-empty roles claim");
            }
            for (String role : named) {
                if (!roles.defines(role)) {
                    throw ApiProblem.unauthorized(
                            "the token names role '" + role + "', which is not in the role vocabulary");
                }
            }
            return new Caller(claims.getSubject(), tenant, named);
        } catch (ParseException e) {
            throw ApiProblem.unauthorized("the tenant claim must be a string and roles a list of strings");
        }
    }
}
