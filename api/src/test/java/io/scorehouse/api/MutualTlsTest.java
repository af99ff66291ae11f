package io.scorehouse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.lakehouse.config.ApiSettings;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code api.tls.client-ca-file}: with it, only a client presenting a certificate that CA signed gets an answer. */
class MutualTlsTest {
    @TempDir
    Path dir;

    private record Client(KeyPair keys, X509Certificate certificate) {}

    @Test
    void onlyAClientWithACertificateFromTheConfiguredCaIsServed() throws Exception {
        Client trusted = client("CN=scorehouse it client");
        Client stranger = client("CN=stranger");
        Path ca = dir.resolve("client-ca.pem");
        Files.writeString(ca, pem(trusted.certificate()));
        ScorehouseConfig base = TestLakehouse.config();
        ApiSettings configured = base.api().orElseThrow();
        ApiSettings mutual = new ApiSettings(
                configured.bind(),
                configured.port(),
                new ApiSettings.Tls(
                        configured.tls().certificateFile(), configured.tls().keyFile(), ca.toString()),
                configured.jwt(),
                configured.pageTokenKeyFile(),
                configured.rateLimits());
        Path serverCertificate = Path.of(configured.tls().certificateFile());

        try (TestApi api = new TestApi(base, mutual)) {
            URI healthz = URI.create(api.server.baseUrl() + "/healthz");
            HttpResponse<String> served = send(presenting(serverCertificate, trusted), healthz);
            assertThat(served.statusCode()).isEqualTo(200);

            HttpClient anonymous = HttpClient.newBuilder()
                    .sslContext(io.scorehouse.lakehouse.TrustedCertificates.trusting(serverCertificate))
                    .build();
            assertThatThrownBy(() -> send(anonymous, healthz)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> send(presenting(serverCertificate, stranger), healthz))
                    .isInstanceOf(IOException.class);
        }
    }

    private static HttpResponse<String> send(HttpClient client, URI uri) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient presenting(Path serverCertificate, Client client) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", client.keys().getPrivate(), password, new Certificate[] {client.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry(
                "server",
                java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(Files.newInputStream(serverCertificate)));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }

    private static Client client(String name) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair keys = generator.generateKeyPair();
        X500Name subject = new X500Name(name);
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                subject,
                                BigInteger.valueOf(now.toEpochMilli()),
                                Date.from(now.minus(Duration.ofMinutes(5))),
                                Date.from(now.plus(Duration.ofDays(1))),
                                subject,
                                keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        return new Client(keys, certificate);
    }

    private static String pem(X509Certificate certificate) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        }
        return out.toString();
    }
}
