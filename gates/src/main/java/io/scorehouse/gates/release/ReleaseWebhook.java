package io.scorehouse.gates.release;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tells an external system about a release: POSTs the release event as JSON with header
 * {@code X-Scorehouse-Signature: sha256=<hex HMAC-SHA256 of the body>}, so the receiver can
 * check it came from whoever holds the shared secret (the GitHub-webhook convention).
 */
public final class ReleaseWebhook {
    public static final String SIGNATURE_HEADER = "X-Scorehouse-Signature";

    private final URI url;
    private final byte[] secret;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ReleaseWebhook(URI url, byte[] secret) {
        this.url = requireNonNull(url, "url is null");
        this.secret = requireNonNull(secret, "secret is null").clone();
        if (secret.length < 16) {
            throw new IllegalArgumentException("a webhook secret needs at least 16 bytes");
        }
    }

    /** Sends {@code body}; returns the HTTP status (the release stands whatever the receiver says). */
    public int send(String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, signature(secret, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    public URI url() {
        return url;
    }

    public static String signature(byte[] secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
