package io.scorehouse.gates.signing;

import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.config.ConfigException;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The public keys scorehouse trusts ({@code *.pub} PEM files in the trust-store directory), and
 * the one verifier of DSSE envelopes. An envelope verifies only if at least one signature is
 * by a trusted key over exactly this payload and payload type.
 */
public final class TrustStore {
    private final Path directory;
    private final Map<String, PublicKey> keys;

    private TrustStore(Path directory, Map<String, PublicKey> keys) {
        this.directory = directory;
        this.keys = Map.copyOf(keys);
    }

    public static TrustStore fromConfig(ScorehouseConfig config) {
        if (config.generatesDevSecret(Path.of(config.secrets().signingKeyFile()))) {
            DevSigningKey.ensure(
                    Path.of(config.secrets().signingKeyFile()),
                    Path.of(config.secrets().trustStoreDir()));
        }
        return load(Path.of(config.secrets().trustStoreDir()));
    }

    public static TrustStore load(Path directory) {
        Map<String, PublicKey> keys = new HashMap<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pub"))
                        .sorted()
                        .toList()) {
                    try {
                        PublicKey key = Pem.decodePublic(Files.readString(file));
                        keys.put(KeyIds.of(key), key);
                    } catch (GeneralSecurityException e) {
                        throw new ConfigException("trust store file " + file + " is not an Ed25519 public key PEM");
                    }
                }
            } catch (IOException e) {
                throw new ConfigException("cannot read the trust store " + directory + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return new TrustStore(directory, keys);
    }

    public Path directory() {
        return directory;
    }

    public boolean trusts(String keyId) {
        return keys.containsKey(keyId);
    }

    /** The payload, if a trusted key signed it; otherwise an {@link IntegrityException} naming why. */
    public byte[] verify(DsseEnvelope envelope, String what) {
        byte[] payload;
        try {
            payload = envelope.payloadBytes();
        } catch (IllegalArgumentException e) {
            throw new IntegrityException(what, "signature envelope payload is not base64");
        }
        byte[] pae = DsseEnvelope.preAuthEncoding(envelope.payloadType(), payload);
        boolean sawTrustedKey = false;
        for (DsseEnvelope.Signature signature : envelope.signatures()) {
            PublicKey key = keys.get(signature.keyId());
            if (key == null) {
                continue;
            }
            sawTrustedKey = true;
            if (verifies(key, pae, signature.sig())) {
                return payload;
            }
        }
        if (!sawTrustedKey) {
            throw new IntegrityException(
                    what,
                    "signed by an untrusted key " + shortIds(envelope.signatures()) + " (trust store: " + directory
                            + ")");
        }
        throw new IntegrityException(what, "signature does not verify (payload or signature changed)");
    }

    /** Verifies the envelope and returns its in-toto statement. */
    public InTotoStatement verifyStatement(DsseEnvelope envelope, String what) {
        if (!InTotoStatement.PAYLOAD_TYPE.equals(envelope.payloadType())) {
            throw new IntegrityException(
                    what, "envelope payload type is " + envelope.payloadType() + ", not an in-toto statement");
        }
        return InTotoStatement.parse(verify(envelope, what));
    }

    private static boolean verifies(PublicKey key, byte[] pae, String sig) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(pae);
            return verifier.verify(Base64.getDecoder().decode(sig));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String shortIds(List<DsseEnvelope.Signature> signatures) {
        return signatures.stream()
                .map(s -> s.keyId() == null
                        ? "?"
                        : s.keyId().substring(0, Math.min(16, s.keyId().length())))
                .toList()
                .toString();
    }
}
