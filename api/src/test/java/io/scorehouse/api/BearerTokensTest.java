package io.scorehouse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.scorehouse.gates.policy.RoleVocabulary;
import io.scorehouse.lakehouse.config.ApiSettings;
import io.scorehouse.lakehouse.testing.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remembered-token path: a token verified once is not re-verified, yet still expires on time. */
class BearerTokensTest {
    @TempDir
    Path dir;

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() throws Exception {
        ApiSettings.Jwt settings = settings();
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        BearerTokens tokens =
                new BearerTokens(settings, new RoleVocabulary(Map.of("consumer", "test")), FakeClock.of(now::get));
        String token = new TokenIssuer(dir.resolve("issuer.jwk"), settings)
                .sign("client-a", "acme", List.of("consumer"), Duration.ofMinutes(1), now.get());

        assertThat(tokens.verify("Bearer " + token)).isEqualTo(new Caller("client-a", "acme", List.of("consumer")));
        assertThat(tokens.verify("Bearer " + token).client()).isEqualTo("client-a");

        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertThatThrownBy(() -> tokens.verify("Bearer " + token))
                .isInstanceOfSatisfying(
                        ApiProblem.class, p -> assertThat(p.status()).isEqualTo(401))
                .hasMessageContaining("Expired JWT");
    }

    @Test
    void aTamperedCopyOfARememberedTokenIsVerifiedAndRefused() throws Exception {
        ApiSettings.Jwt settings = settings();
        BearerTokens tokens = new BearerTokens(settings, new RoleVocabulary(Map.of("consumer", "test")));
        String token = new TokenIssuer(dir.resolve("issuer.jwk"), settings)
                .sign("client-a", "acme", List.of("consumer"), Duration.ofMinutes(1), Instant.now());
        tokens.verify("Bearer " + token);

        String[] parts = token.split("\\.");
        String otherTenant = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                        .replace("\"acme\"", "\"globex\"")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> tokens.verify("Bearer " + parts[0] + "." + otherTenant + "." + parts[2]))
                .isInstanceOfSatisfying(
                        ApiProblem.class, p -> assertThat(p.status()).isEqualTo(401));
    }

    private ApiSettings.Jwt settings() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        Files.writeString(dir.resolve("issuer.jwk"), key.toJSONString());
        Files.writeString(dir.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString());
        return new ApiSettings.Jwt(
                "https://issuer.test", "scored-api", dir.resolve("jwks.json").toString(), null, 0);
    }
}
