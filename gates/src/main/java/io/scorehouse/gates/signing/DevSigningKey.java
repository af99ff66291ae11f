package io.scorehouse.gates.signing;

import io.scorehouse.lakehouse.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The embedded profile's development signing key: generated once (mode 0600) with its public
 * key added to the trust store, and announced loudly — it proves nothing outside this machine.
 */
final class DevSigningKey {
    private static final Logger LOG = LogManager.getLogger(DevSigningKey.class);

    private DevSigningKey() {
    }

    static void ensure(Path keyFile, Path trustStoreDir) {
        if (Files.exists(keyFile)) {
            return;
        }
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            Files.createDirectories(trustStoreDir);
            Path temp = Files.createTempFile(keyFile.toAbsolutePath().getParent(), ".signing", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, Pem.encodePrivate(pair.getPrivate()));
            String keyId = KeyIds.of(pair.getPublic());
            Files.writeString(trustStoreDir.resolve("dev-" + keyId.substring(0, 16) + ".pub"), Pem.encodePublic(pair.getPublic()));
            try {
                Files.move(temp, keyFile);
            } catch (FileAlreadyExistsException raced) {
                Files.delete(temp); // another process created it first; use theirs
                return;
            }
            String warning = "WARNING: generated a DEVELOPMENT signing key at " + keyFile
                    + " (trusted via " + trustStoreDir + "). Signatures made with it prove nothing outside this machine.";
            Progress.step(warning);
            LOG.warn(warning);
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
        byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
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
