package io.scorehouse.lakehouse;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.config.ConfigException;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a raw entity id into {@code entity_key}: HMAC-SHA256 over tenant and id, hex. Keyed per
 * tenant, so the same person in two tenants cannot be linked through the scored store; without
 * the key (a Vault-rendered file) a token cannot be reversed or recomputed. The key never
 * appears in {@link #toString()}, logs or messages. Not thread-safe: Spark gives each task its own
 * deserialized copy; elsewhere use one instance per thread.
 */
public final class EntityTokenizer implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 32;
    private static final String KEY_ID_LABEL = "scorehouse/entity-key-id/v1";
    private static final int KEY_ID_HEX = 16;

    private final byte[] key;
    private transient Mac mac;

    public EntityTokenizer(byte[] key) {
        requireNonNull(key, "key is null");
        if (key.length < MIN_KEY_BYTES) {
            throw new ConfigException("the HMAC key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = key.clone();
    }

    /**
     * The configured key file (hex). A missing file is a config error (exit 2) unless the embedded
     * profile generates dev keys and the file is at its default location: an explicitly configured
     * path never gets a new key, which would silently re-key the store.
     */
    public static EntityTokenizer fromConfig(ScorehouseConfig config) {
        Path file = Path.of(config.secrets().hmacKeyFile());
        if (config.generatesDevSecret(file)) {
            byte[] fresh = new byte[MIN_KEY_BYTES];
            new SecureRandom().nextBytes(fresh);
            SecretFiles.createDevSecret(
                    file, HexFormat.of().formatHex(fresh).getBytes(StandardCharsets.US_ASCII), "HMAC key");
        }
        try {
            return new EntityTokenizer(
                    HexFormat.of().parseHex(Files.readString(file).strip()));
        } catch (NoSuchFileException e) {
            throw new ConfigException("HMAC key file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read the HMAC key file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("HMAC key file " + file + " does not hold a hex key");
        }
    }

    /**
     * The key's identity: {@code hk-} and the first 16 hex digits of HMAC(key, a fixed label). It
     * tells two keys apart and reveals nothing about either; the store pins it on first use.
     */
    public String keyId() {
        Mac hmac = mac();
        String digest = HexFormat.of().formatHex(hmac.doFinal(KEY_ID_LABEL.getBytes(StandardCharsets.UTF_8)));
        return "hk-" + digest.substring(0, KEY_ID_HEX);
    }

    /** The 64-hex entity key of {@code rawId} within {@code tenant}. */
    public String token(String tenant, String rawId) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(rawId, "raw id is null");
        Mac hmac = mac();
        hmac.update(tenant.getBytes(StandardCharsets.UTF_8));
        hmac.update((byte) 0x1f);
        return HexFormat.of().formatHex(hmac.doFinal(rawId.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac mac() {
        if (mac == null) {
            try {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(new SecretKeySpec(key, ALGORITHM));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
            }
        }
        return mac;
    }

    @Override
    public String toString() {
        return "EntityTokenizer[HmacSHA256, key redacted]";
    }
}
