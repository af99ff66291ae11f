package io.scorehouse.api;

import static java.util.Objects.requireNonNull;

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
import java.util.List;
import java.util.Set;

/**
 * Verifies {@code Authorization: Bearer} tokens with nimbus JOSE+JWT: the signature against the
 * issuer's JWKS with asymmetric algorithms only (so {@code alg: none}, HMAC tokens and RS/HS
 * confusion are refused), the exact issuer, the audience, {@code exp}/{@code nbf} with the
 * configured skew, and the claims the API uses ({@code sub}, {@code tenant}, {@code roles} from
 * the role vocabulary). Any failure is a 401.
 */
final class BearerTokens {
    /** Asymmetric only: a public key can never verify an HMAC token. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final RoleVocabulary roles;

    BearerTokens(ApiSettings.Jwt settings, RoleVocabulary roles) {
        requireNonNull(settings, "settings is null");
        this.roles = requireNonNull(roles, "roles is null");
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys(settings.jwks())));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                settings.audience(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("sub", "tenant", "roles", "exp"));
        claims.setMaxClockSkew(settings.clockSkewSeconds() == null ? 30 : settings.clockSkewSeconds());
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
        JWTClaimsSet claims;
        try {
            claims = processor.process(authorization.substring(7).strip(), null);
        } catch (ParseException e) {
            throw ApiProblem.unauthorized("the bearer token is not a JWT");
        } catch (BadJOSEException e) {
            throw ApiProblem.unauthorized("invalid bearer token: " + e.getMessage());
        } catch (JOSEException e) {
            throw ApiProblem.unauthorized("the bearer token could not be verified");
        }
        return caller(claims);
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
