package io.scorehouse.gates.signing;

import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.IntegrityException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Signs a set of files in one directory as one in-toto statement, and verifies them later:
 * the envelope must verify against the trust store and every file must still hash to what the
 * statement recorded. Used for registry artifacts, run manifests and reports.
 */
public final class SignedFiles {
    private SignedFiles() {}

    /** Writes {@code envelopeName} in {@code directory}, signing {@code files} (names relative to it). */
    public static InTotoStatement sign(
            Signer signer,
            Path directory,
            List<String> files,
            String envelopeName,
            String predicateType,
            Map<String, Object> predicate) {
        List<InTotoStatement.Subject> subjects = new ArrayList<>();
        for (String name : files) {
            subjects.add(InTotoStatement.Subject.sha256(name, Digests.sha256Hex(directory.resolve(name))));
        }
        InTotoStatement statement = InTotoStatement.of(subjects, predicateType, predicate);
        signer.sign(statement).write(directory.resolve(envelopeName));
        return statement;
    }

    /** Verifies the envelope and re-hashes every subject file; returns the verified statement. */
    public static InTotoStatement verify(TrustStore trust, Path directory, String envelopeName, String what) {
        InTotoStatement statement = trust.verifyStatement(DsseEnvelope.read(directory.resolve(envelopeName)), what);
        for (InTotoStatement.Subject subject : statement.subject()) {
            Path file = directory.resolve(subject.name()).normalize();
            if (!file.startsWith(directory.normalize())) {
                throw new IntegrityException(
                        what, "signed subject '" + subject.name() + "' points outside " + directory);
            }
            if (!Files.isRegularFile(file)) {
                throw new IntegrityException(what, "signed file " + subject.name() + " is missing");
            }
            String actual = Digests.sha256Hex(file);
            if (!actual.equals(subject.digest().get("sha256"))) {
                throw new IntegrityException(
                        what,
                        subject.name() + " changed since it was signed (sha256 " + actual.substring(0, 12)
                                + "… ≠ signed "
                                + String.valueOf(subject.digest().get("sha256")).substring(0, 12) + "…)");
            }
        }
        return statement;
    }
}
