package io.scorehouse.lakehouse;

import io.scorehouse.lakehouse.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A TLS client context that trusts one PEM certificate: how clients of the Access API trust its dev certificate. */
public final class TrustedCertificates {
    private TrustedCertificates() {}

    /** An SSL context trusting exactly {@code certificate} (PEM, X.509); an unreadable one is a config error. */
    public static SSLContext trusting(Path certificate) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry(
                    "scorehouse-api",
                    CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificate))));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot trust the certificate " + certificate + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
