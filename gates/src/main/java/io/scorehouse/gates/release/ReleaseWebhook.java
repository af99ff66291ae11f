package io.scorehouse.gates.release;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
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
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ReleaseWebhook(URI url, byte[] secret) {
        this.url = requireNonNull(url, "url is null");
        this.secret = requireNonNull(secret, "secret is null").clone();
        if (secret.length < 16) {
            throw new IllegalArgumentException("a webhook secret needs at least 16 bytes");
        }
    }

    /** Environment variables that configure the webhook for every entry point (CLI flags default to them; the shell reads them). */
    public static final String URL_ENV = "SCOREHOUSE_RELEASE_WEBHOOK_URL";

    public static final String SECRET_FILE_ENV = "SCOREHOUSE_RELEASE_WEBHOOK_SECRET_FILE";

    /**
     * The webhook {@code url} names, HMAC-keyed with the contents of {@code secretFile}; empty
     * without a url. Bad settings are a usage error (exit 2), raised before anything is released.
     */
    public static Optional<ReleaseWebhook> configured(String url, Path secretFile) {
        return configured("promote", "--webhook-secret-file or " + SECRET_FILE_ENV, url, secretFile);
    }

    /**
     * A webhook signed like the release webhook, for {@code what} (the command it serves); {@code secretSource}
     * names where its secret file is set, for the error.
     */
    public static Optional<ReleaseWebhook> configured(String what, String secretSource, String url, Path secretFile) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        if (secretFile == null || !Files.isRegularFile(secretFile)) {
            throw new ScorehouseException(
                    ExitCode.USAGE, what, "a webhook url needs a readable secret file (" + secretSource + ")");
        }
        try {
            return Optional.of(new ReleaseWebhook(URI.create(url), Files.readAllBytes(secretFile)));
        } catch (IllegalArgumentException e) {
            throw new ScorehouseException(ExitCode.USAGE, what, "webhook: " + e.getMessage());
        } catch (IOException e) {
            throw new ScorehouseException(
                    ExitCode.USAGE, what, "webhook secret file " + secretFile + " is not readable: " + e.getMessage());
        }
    }

    /**
     * Sends the release event and says how it went, in one line. Never throws: the release
     * already stands, so a receiver that is down is reported (resend by hand), not a failure.
     */
    public String deliver(String eventJson) {
        try {
            int status = send(eventJson);
            return "webhook " + url + ": HTTP " + status
                    + (status / 100 == 2 ? "" : " (the release stands; resend by hand)");
        } catch (IOException e) {
            return "webhook " + url + ": not delivered (" + e.getClass().getSimpleName()
                    + ") — the release stands; resend by hand";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "webhook " + url + ": interrupted — the release stands; resend by hand";
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
