package io.scorehouse.gates.registry;

import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.IntegrityException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A model version whose artifacts just passed {@link ModelRegistry#verify}: safe to load. */
public record VerifiedModel(
        ModelVersion version,
        Path modelFile,
        Path baselineFile,
        Path metadataFile,
        Map<String, Object> provenance,
        java.util.Optional<Path> modelCard) {

    /** The booster bytes, checked once more against the verified digest so the bytes scored are the bytes verified (exit 5 if not). */
    public byte[] modelBytes() {
        try {
            byte[] bytes = Files.readAllBytes(modelFile);
            if (!Digests.of(bytes).equals(version.modelDigest())) {
                throw new IntegrityException(
                        "model " + version.ref(), modelFile.getFileName() + " changed after verification");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + modelFile, e);
        }
    }
}
