package io.scorehouse.gates.signing;

import io.scorehouse.lakehouse.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;

/**
 * The embedded profile's development signing key: generated once (mode 0600) with its public
 * key added to the trust store, and announced loudly — it proves nothing outside this machine.
 */
final class DevSigningKey {
    private DevSigningKey() {}

    static void ensure(Path keyFile, Path trustStoreDir) {
        if (Files.exists(keyFile)) {
            return;
        }
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createDirectories(trustStoreDir);
            String keyId = KeyIds.of(pair.getPublic());
            // The public half first: a key that exists is always already trusted.
            Files.writeString(
                    trustStoreDir.resolve("dev-" + keyId.substring(0, 16) + ".pub"),
                    Pem.encodePublic(pair.getPublic()));
            if (!SecretFiles.createDevSecret(
                    keyFile,
                    Pem.encodePrivate(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII),
                    "signing key (trusted via " + trustStoreDir + ")")) {
                Files.deleteIfExists(trustStoreDir.resolve("dev-" + keyId.substring(0, 16) + ".pub"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the development signing key " + keyFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 key generation failed", e);
        }
    }

    /**
     * Derives the Ed25519 public key of a private key. The JDK has no direct call; its generator
     * draws exactly the 32-byte seed from the SecureRandom, so feeding it the key's seed
     * regenerates the same pair.
     */
    static PublicKey publicKeyOf(PrivateKey privateKey) throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) privateKey)
                .getBytes()
                .orElseThrow(() -> new GeneralSecurityException("private key has no seed"));
        // Regenerate the pair deterministically from the seed with a fixed-output "random".
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
        return generator.generateKeyPair().getPublic();
    }

    /** A SecureRandom that yields exactly the given seed (for public-key derivation only). */
    private static final class FixedSeed extends java.security.SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
