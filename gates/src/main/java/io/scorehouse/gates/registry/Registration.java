package io.scorehouse.gates.registry;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a training run hands the registry: a directory with {@code model.ubj}, {@code model.json},
 * {@code baseline.json} and {@code sbom.cdx.json}, and the facts recorded with the version and
 * written into its model card ({@code purpose}, {@code trainingData}: table → Delta version).
 */
public record Registration(
        String name,
        Path stagedDir,
        String trainingRunId,
        String trainingDataset,
        long trainingDatasetVersion,
        Map<String, Double> metrics,
        Map<String, Object> params,
        List<String> features,
        String securityDecision,
        Map<String, String> tags,
        String actor,
        String policyDigest,
        String description,
        ModelCard.Purpose purpose,
        Map<String, Long> trainingData) {

    public Registration {
        requireNonNull(name, "name is null");
        requireNonNull(stagedDir, "stagedDir is null");
        requireNonNull(trainingRunId, "trainingRunId is null");
        requireNonNull(trainingDataset, "trainingDataset is null");
        metrics = Map.copyOf(metrics);
        params = Map.copyOf(params);
        features = List.copyOf(features);
        requireNonNull(securityDecision, "securityDecision is null");
        tags = Map.copyOf(tags);
        requireNonNull(actor, "actor is null");
        requireNonNull(policyDigest, "policyDigest is null");
        requireNonNull(description, "description is null");
        requireNonNull(purpose, "purpose is null");
        trainingData = Map.copyOf(trainingData);
    }
}
