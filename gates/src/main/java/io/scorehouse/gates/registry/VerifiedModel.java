package io.scorehouse.gates.registry;

import java.nio.file.Path;
import java.util.Map;

/** A model version whose artifacts just passed {@link ModelRegistry#verify}: safe to load. */
public record VerifiedModel(ModelVersion version, Path modelFile, Path baselineFile, Path metadataFile,
                            Map<String, Object> provenance) {
}
