package io.scorehouse.api;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.SecretFiles;
import io.scorehouse.lakehouse.config.ConfigException;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Page tokens of {@code /search}: the snapshot every page reads and the position after the last
 * row served (as_of_out, request_id), bound to the query and the caller by a hash, signed with
 * HMAC-SHA256 under a key of their own — never the entity HMAC key. A token that does not verify
 * or belongs to another query is a 400.
 */
final class PageTokens {
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private static final int KEY_BYTES = 32;

    private final byte[] key;

    PageTokens(byte[] key) {
        requireNonNull(key, "key is null");
        if (key.length < KEY_BYTES) {
            throw new ConfigException("the page-token key must have at least " + KEY_BYTES + " bytes");
        }
        this.key = key.clone();
    }

    /** The configured key (hex); generated once at the embedded default location only. */
    static PageTokens fromConfig(ScorehouseConfig config, String keyFile) {
        if (keyFile == null || keyFile.isBlank()) {
            throw new ConfigException("api.page-token-key-file is not set");
        }
        Path file = Path.of(keyFile);
        if (config.generatesDevSecret(file)) {
            byte[] fresh = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(fresh);
            SecretFiles.createDevSecret(
                    file, HexFormat.of().formatHex(fresh).getBytes(StandardCharsets.US_ASCII), "API page-token key");
        }
        try {
            return new PageTokens(HexFormat.of().parseHex(Files.readString(file).strip()));
        } catch (NoSuchFileException e) {
            throw new ConfigException("page-token key file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read the page-token key file " + file);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("page-token key file " + file + " does not hold a hex key");
        }
    }

    /** Where the next page starts: after (asOfOutMicros, requestId) of snapshot {@code snapshotId}. */
    record Position(long snapshotId, long asOfOutMicros, String requestId) {}

    String issue(Position position, String queryHash) {
        String payload = "1|" + position.snapshotId() + "|" + position.asOfOutMicros() + "|" + position.requestId()
                + "|" + queryHash;
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODE.encodeToString(bytes) + "." + ENCODE.encodeToString(mac(bytes));
    }

    Position read(String token, String queryHash) {
        String[] parts = token.split("\\.", -1);
        byte[] payload;
        byte[] signature;
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException("two parts expected");
            }
            payload = DECODE.decode(parts[0]);
            signature = DECODE.decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("page_token is not a page token of this API");
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            throw ApiProblem.badRequest("page_token does not verify (altered, or issued by another deployment)");
        }
        String[] fields = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        if (fields.length != 5 || !fields[0].equals("1")) {
            throw ApiProblem.badRequest("page_token is not a page token of this API");
        }
        if (!fields[4].equals(queryHash)) {
            throw ApiProblem.badRequest("page_token belongs to another query or caller");
        }
        return new Position(Long.parseLong(fields[1]), Long.parseLong(fields[2]), fields[3]);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
