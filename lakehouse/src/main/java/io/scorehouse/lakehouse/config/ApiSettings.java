package io.scorehouse.lakehouse.config;

import java.util.Map;

/**
 * The Access API ({@code api:} in {@code conf/scorehouse.yaml}). Paths only, never secrets: TLS
 * material, the JWKS and the issuer key are files (or a JWKS URL).
 *
 * @param bind       the address the server listens on
 * @param port       its HTTPS port (HTTP with {@code --insecure-http})
 * @param tls        the server certificate and, for mutual TLS, the client CA
 * @param jwt        how bearer tokens are verified
 * @param pageTokenKeyFile the key /search page tokens are signed with (never the entity HMAC key)
 * @param rateLimits per role: requests per second and burst, per client; a caller gets its most generous role's limit
 */
public record ApiSettings(
        String bind, Integer port, Tls tls, Jwt jwt, String pageTokenKeyFile, Map<String, RateLimit> rateLimits) {
    public ApiSettings {
        rateLimits = rateLimits == null ? Map.of() : Map.copyOf(rateLimits);
    }

    /**
     * @param certificateFile PEM server certificate (chain)
     * @param keyFile         PEM private key of that certificate
     * @param clientCaFile    PEM CA certificates; when set, clients must present a certificate they issued
     */
    public record Tls(String certificateFile, String keyFile, String clientCaFile) {}

    /**
     * @param issuer           the exact {@code iss} accepted
     * @param audience         the {@code aud} a token must carry
     * @param jwks             the issuer's public keys: a JWKS file path or an {@code https://} URL
     * @param issuerKeyFile    the private JWK dev tokens are signed with ({@code api token})
     * @param clockSkewSeconds tolerance on {@code exp} and {@code nbf}
     */
    public record Jwt(String issuer, String audience, String jwks, String issuerKeyFile, Integer clockSkewSeconds) {}

    /** @param unlimited no limit at all (benchmarks): the other fields are ignored */
    public record RateLimit(Integer perSecond, Integer burst, Boolean unlimited) {}
}
