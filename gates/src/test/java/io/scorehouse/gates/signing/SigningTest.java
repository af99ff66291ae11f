package io.scorehouse.gates.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningTest {
    @TempDir
    Path dir;

    private Path keyFile;
    private Path trustDir;
    private Path artifacts;

    @BeforeEach
    void devKeyAndArtifacts() throws IOException {
        keyFile = dir.resolve("secrets/signing.key");
        trustDir = dir.resolve("secrets/trust");
        DevSigningKey.ensure(keyFile, trustDir);
        artifacts = Files.createDirectories(dir.resolve("artifacts"));
        Files.write(artifacts.resolve("model.ubj"), new byte[] {1, 2, 3, 4, 5});
        Files.writeString(artifacts.resolve("model.json"), "{\"name\":\"churn\"}");
    }

    @Test
    void devKeyIsCreatedOnceWithOwnerOnlyPermissionsAndTrusted() throws IOException {
        String pem = Files.readString(keyFile);
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        DevSigningKey.ensure(keyFile, trustDir);
        assertThat(Files.readString(keyFile)).isEqualTo(pem);

        Signer signer = Signer.load(keyFile);
        assertThat(TrustStore.load(trustDir).trusts(signer.keyId())).isTrue();
    }

    @Test
    void publicKeyDerivedFromThePrivateKeyMatchesTheGeneratedPair() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThat(DevSigningKey.publicKeyOf(pair.getPrivate()).getEncoded())
                .isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void signedFilesVerifyAndReportTheirDigests() {
        InTotoStatement signed = SignedFiles.sign(
                Signer.load(keyFile),
                artifacts,
                List.of("model.ubj", "model.json"),
                "artifacts.dsse.json",
                "https://scorehouse.io/test/v1",
                Map.of("model", "churn"));

        InTotoStatement verified =
                SignedFiles.verify(TrustStore.load(trustDir), artifacts, "artifacts.dsse.json", "model churn@1");
        assertThat(verified).isEqualTo(signed);
        assertThat(verified.digestOf("model.ubj")).hasSize(64);
        assertThat(verified.predicate()).containsEntry("model", "churn");
    }

    @Test
    void oneFlippedByteIsAnIntegrityFailure() throws IOException {
        SignedFiles.sign(Signer.load(keyFile), artifacts, List.of("model.ubj"), "artifacts.dsse.json", "t", Map.of());
        byte[] bytes = Files.readAllBytes(artifacts.resolve("model.ubj"));
        bytes[2] ^= 0x01;
        Files.write(artifacts.resolve("model.ubj"), bytes);

        assertIntegrityFailure(
                () -> SignedFiles.verify(TrustStore.load(trustDir), artifacts, "artifacts.dsse.json", "model churn@1"),
                "model churn@1 — model.ubj changed since it was signed");
    }

    @Test
    void signatureByAKeyOutsideTheTrustStoreIsRefused() throws Exception {
        Path otherKey = dir.resolve("other/signing.key");
        DevSigningKey.ensure(otherKey, dir.resolve("other/trust"));
        SignedFiles.sign(Signer.load(otherKey), artifacts, List.of("model.ubj"), "artifacts.dsse.json", "t", Map.of());

        assertIntegrityFailure(
                () -> SignedFiles.verify(TrustStore.load(trustDir), artifacts, "artifacts.dsse.json", "model churn@1"),
                "signed by an untrusted key");
    }

    @Test
    void changedPayloadOrPayloadTypeDoesNotVerify() {
        DsseEnvelope envelope =
                Signer.load(keyFile).sign("application/json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        TrustStore trust = TrustStore.load(trustDir);
        assertThat(new String(trust.verify(envelope, "x"), StandardCharsets.UTF_8))
                .isEqualTo("{\"ok\":true}");

        DsseEnvelope otherPayload = new DsseEnvelope(
                envelope.payloadType(),
                Base64.getEncoder().encodeToString("{\"ok\":false}".getBytes(StandardCharsets.UTF_8)),
                envelope.signatures());
        assertIntegrityFailure(() -> trust.verify(otherPayload, "report"), "report — signature does not verify");

        DsseEnvelope otherType = new DsseEnvelope("text/plain", envelope.payload(), envelope.signatures());
        assertIntegrityFailure(() -> trust.verify(otherType, "report"), "signature does not verify");
    }

    @Test
    void missingOrGarbledEnvelopeIsAnIntegrityFailure() throws IOException {
        assertIntegrityFailure(
                () -> SignedFiles.verify(TrustStore.load(trustDir), artifacts, "absent.dsse.json", "x"),
                "missing signature file");
        Files.writeString(artifacts.resolve("garbled.dsse.json"), "{not json");
        assertIntegrityFailure(
                () -> SignedFiles.verify(TrustStore.load(trustDir), artifacts, "garbled.dsse.json", "x"),
                "unreadable signature envelope");
    }

    @Test
    void unusableKeyFilesAreConfigErrors() throws IOException {
        assertThatThrownBy(() -> Signer.load(dir.resolve("nope.key")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not exist");
        Path bad = dir.resolve("bad.key");
        Files.writeString(bad, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Signer.load(bad))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not an Ed25519 PKCS#8 PEM key")
                .hasMessageNotContaining("AAAA");
    }

    private static void assertIntegrityFailure(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String fragment) {
        assertThatThrownBy(call).isInstanceOfSatisfying(IntegrityException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.INTEGRITY);
            assertThat(e.getMessage()).contains(fragment).doesNotContain("\n");
        });
    }
}
