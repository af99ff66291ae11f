package io.scorehouse.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.scorehouse.lakehouse.SecretFiles;
import io.scorehouse.lakehouse.config.ApiSettings;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The embedded profile's development credentials for the API, created once and only inside the
 * dev secrets directory (like the dev HMAC and signing keys): a self-signed TLS certificate for
 * 127.0.0.1/localhost, and a token issuer key (EC P-256, ES256) whose public half is the JWKS.
 * A configured path elsewhere is never created: it must exist.
 */
final class DevCredentials {
    private DevCredentials() {}

    static void ensure(ScorehouseConfig config, ApiSettings api) {
        Path certificate = Path.of(api.tls().certificateFile());
        Path key = Path.of(api.tls().keyFile());
        if (config.generatesDevSecret(key) && config.generatesDevSecret(certificate) && !Files.exists(key)) {
            writeCertificate(certificate, key);
        }
        String issuerKey = api.jwt().issuerKeyFile();
        String jwks = api.jwt().jwks();
        // a JWKS behind a URL belongs to a real issuer: there is no dev issuer to create
        boolean jwksIsFile = !(jwks.startsWith("https://") || jwks.startsWith("http://"));
        if (issuerKey != null
                && jwksIsFile
                && config.generatesDevSecret(Path.of(issuerKey))
                && config.generatesDevSecret(Path.of(jwks))
                && !Files.exists(Path.of(issuerKey))) {
            writeIssuer(Path.of(issuerKey), Path.of(jwks));
        }
    }

    /** A fresh issuer key (private JWK, mode 600) and its public JWKS; callers check no key exists yet. */
    static void writeIssuer(Path issuerKey, Path jwks) {
        try {
            ECKey jwk = new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .generate();
            SecretFiles.createDevSecret(
                    issuerKey, jwk.toJSONString().getBytes(StandardCharsets.UTF_8), "API token issuer key");
            Files.createDirectories(jwks.toAbsolutePath().getParent());
            Files.writeString(jwks, new JWKSet(jwk.toPublicJWK()).toString(true));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the development token issuer key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the development JWKS " + jwks, e);
        }
    }

    private static void writeCertificate(Path certificate, Path key) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=scorehouse dev API");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(365))),
                    subject,
                    pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
            }));
            var cert = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            // PKCS#8 ("PRIVATE KEY"): what the TLS plugin's PEM reader takes
            SecretFiles.createDevSecret(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null)), "API TLS key");
            Files.createDirectories(certificate.toAbsolutePath().getParent());
            Files.write(certificate, pem(cert));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the development TLS certificate", e);
        }
    }

    private static byte[] pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
