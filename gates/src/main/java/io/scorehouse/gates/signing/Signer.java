package io.scorehouse.gates.signing;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.config.ConfigException;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;

/**
 * Signs DSSE envelopes with the project's Ed25519 key — the one signer for model artifacts,
 * attestations, run manifests and reports. The private key comes from the configured file
 * (Vault-rendered in production); its bytes are never logged or printed.
 */
public final class Signer {
    private final PrivateKey privateKey;
    private final String keyId;

    public Signer(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = requireNonNull(privateKey, "privateKey is null");
        this.keyId = KeyIds.of(requireNonNull(publicKey, "publicKey is null"));
    }

    /** The configured signer; in the embedded profile a dev key is generated on first use. */
    public static Signer fromConfig(ScorehouseConfig config) {
        Path keyFile = Path.of(config.secrets().signingKeyFile());
        if (config.generatesDevSecret(keyFile)) {
            DevSigningKey.ensure(keyFile, Path.of(config.secrets().trustStoreDir()));
        }
        return load(keyFile);
    }

    public static Signer load(Path keyFile) {
        try {
            PrivateKey key = Pem.decodePrivate(Files.readString(keyFile));
            return new Signer(key, DevSigningKey.publicKeyOf(key));
        } catch (NoSuchFileException e) {
            throw new ConfigException("signing key file " + keyFile + " does not exist");
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("signing key file " + keyFile + " is not an Ed25519 PKCS#8 PEM key");
        }
    }

    public String keyId() {
        return keyId;
    }

    public DsseEnvelope sign(String payloadType, byte[] payload) {
        try {
            java.security.Signature signature = java.security.Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(DsseEnvelope.preAuthEncoding(payloadType, payload));
            return new DsseEnvelope(
                    payloadType,
                    Base64.getEncoder().encodeToString(payload),
                    List.of(new DsseEnvelope.Signature(
                            keyId, Base64.getEncoder().encodeToString(signature.sign()))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public DsseEnvelope sign(InTotoStatement statement) {
        return sign(InTotoStatement.PAYLOAD_TYPE, statement.toJson());
    }
}
