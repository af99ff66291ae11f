package io.scorehouse.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.scorehouse.lakehouse.config.ApiSettings;
import io.scorehouse.lakehouse.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Signs access tokens with an issuer's private JWK (EC P-256 → ES256, RSA → RS256): dev tokens and stack provisioning. */
final class TokenIssuer {
    private final JWK key;
    private final ApiSettings.Jwt settings;

    TokenIssuer(Path keyFile, ApiSettings.Jwt settings) {
        this.settings = settings;
        try {
            this.key = JWK.parse(Files.readString(keyFile));
        } catch (NoSuchFileException e) {
            throw new ConfigException("issuer key file " + keyFile + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read the issuer key file " + keyFile);
        } catch (ParseException e) {
            throw new ConfigException("issuer key file " + keyFile + " does not hold a JWK");
        }
        if (!key.isPrivate()) {
            throw new ConfigException(
                    "issuer key file " + keyFile + " holds a public key; tokens need the private key");
        }
    }

    String sign(String client, String tenant, List<String> roles, Duration ttl, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(client)
                .claim("tenant", tenant)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            boolean ec = key instanceof ECKey;
            JWSHeader header = new JWSHeader.Builder(ec ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256)
                    .keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT)
                    .build();
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(ec ? new ECDSASigner((ECKey) key) : new RSASSASigner((RSAKey) key));
            return jwt.serialize();
        } catch (JOSEException | ClassCastException e) {
            throw new ConfigException("the issuer key cannot sign ES256 or RS256 tokens");
        }
    }
}
