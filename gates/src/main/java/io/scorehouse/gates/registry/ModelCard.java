package io.scorehouse.gates.registry;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.evidence.EvidenceJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A version's model card (spec Z4-2.10 §2, Z4-2.11 §2), written by the registry at registration as
 * {@code model_card.json} and {@code model_card.md} and signed with the other artifacts: intended
 * use and its limits, who owns it, the training data (tables and Delta versions), features,
 * holdout metrics and parameters. Never edited afterwards; the release adds a release card.
 */
public record ModelCard(
        String model,
        int version,
        String description,
        Purpose purpose,
        Map<String, Long> trainingData,
        List<String> features,
        Map<String, Double> metrics,
        Map<String, Object> params,
        String trainingRunId,
        Instant registeredAt,
        String registeredBy) {
    public static final String JSON_FILE = "model_card.json";
    public static final String MARKDOWN_FILE = "model_card.md";

    public ModelCard {
        requireNonNull(purpose, "purpose is null");
        trainingData = new TreeMap<>(trainingData);
        features = List.copyOf(features);
        metrics = new TreeMap<>(metrics);
        params = new TreeMap<>(params);
    }

    /** What the model is for, and not for, and who answers for it (from {@code conf/models/<name>.yaml}). */
    public record Purpose(String intendedUse, String outOfScope, String limitations, String owner) {
        /** Missing sections, by name: a card without them is not a valid card. */
        public List<String> missing() {
            List<String> missing = new java.util.ArrayList<>();
            for (String[] section :
                    new String[][] {{"intended_use", intendedUse}, {"limitations", limitations}, {"owner", owner}}) {
                if (section[1] == null || section[1].isBlank()) {
                    missing.add(section[0]);
                }
            }
            return missing;
        }
    }

    /** Writes both files into {@code dir}. */
    void write(Path dir) {
        EvidenceJson.write(dir.resolve(JSON_FILE), this);
        try {
            Files.writeString(dir.resolve(MARKDOWN_FILE), markdown());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(MARKDOWN_FILE), e);
        }
    }

    public static ModelCard read(Path file) {
        return EvidenceJson.read(file, ModelCard.class);
    }

    String markdown() {
        return "# Model card — " + model + "@" + version + "\n\n"
                + description + "\n\n"
                + "## Intended use\n\n" + purpose.intendedUse() + "\n\n"
                + "## Out of scope\n\n" + String.valueOf(purpose.outOfScope()) + "\n\n"
                + "## Limitations\n\n" + purpose.limitations() + "\n\n"
                + "## Owner\n\n" + purpose.owner() + "\n\n"
                + "## Training data\n\n"
                + trainingData.entrySet().stream()
                        .map(e -> "- `" + e.getKey() + "` at Delta version " + e.getValue())
                        .collect(Collectors.joining("\n"))
                + "\n\nTraining run `" + trainingRunId + "`, registered " + registeredAt + " by " + registeredBy
                + ".\n\n## Features\n\n"
                + features.stream().map(f -> "- `" + f + "`").collect(Collectors.joining("\n"))
                + "\n\n## Holdout metrics\n\n| metric | value |\n|---|---|\n"
                + metrics.entrySet().stream()
                        .map(e -> "| " + e.getKey() + " | " + String.format(java.util.Locale.ROOT, "%.4f", e.getValue())
                                + " |")
                        .collect(Collectors.joining("\n"))
                + "\n\n## Parameters\n\n"
                + params.entrySet().stream()
                        .map(e -> "- " + e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("\n"))
                + "\n";
    }
}
