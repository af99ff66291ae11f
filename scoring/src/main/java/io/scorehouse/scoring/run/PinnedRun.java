package io.scorehouse.scoring.run;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.lakehouse.ModelDigest;
import io.scorehouse.lakehouse.PolicyDigest;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.run.RunKey;
import io.scorehouse.lakehouse.run.RunRecord;
import io.scorehouse.lakehouse.spark.PointInTimeRead;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A run with everything its first attempt pinned — model version and digest, policy bundle, input
 * version, output time, canary allocation, configuration — so every retry derives the same governed rows,
 * manifest and ops records from it.
 */
record PinnedRun(
        RunKey key,
        PipelineDefinition pipeline,
        ModelRef model,
        ModelDigest modelDigest,
        PolicyDigest policyDigest,
        long inputVersion,
        Instant asOfOut,
        int attempt,
        Optional<RunRecord.CanaryPin> canary,
        RunConfiguration configuration) {

    PinnedRun {
        requireNonNull(key, "key is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(model, "model is null");
        requireNonNull(modelDigest, "modelDigest is null");
        requireNonNull(policyDigest, "policyDigest is null");
        requireNonNull(asOfOut, "asOfOut is null");
        requireNonNull(canary, "canary is null");
        requireNonNull(configuration, "configuration is null");
    }

    /** The pins in force in {@code record} (after {@code RunLease.pin}), under {@code configuration}. */
    static PinnedRun of(PipelineDefinition pipeline, RunRecord record, RunConfiguration configuration) {
        if (!record.pinned()) {
            throw new IllegalStateException("run " + record.key() + " is not pinned");
        }
        return new PinnedRun(
                record.key(),
                pipeline,
                new ModelRef(record.modelName(), record.modelVersion()),
                new ModelDigest(record.modelDigest()),
                new PolicyDigest(record.policyDigest()),
                record.inputVersion(),
                Instant.parse(record.asOfOut()),
                record.attempt(),
                Optional.ofNullable(record.canary()),
                configuration);
    }

    /** The point-in-time cut of the input: the last microsecond of the business date. */
    Instant asOf() {
        return PointInTimeRead.endOf(key.date());
    }

    /** The champion arm's governed-row pins. */
    GovernedRows.Pins championRows(List<String> features, String quality) {
        return rows(model, modelDigest.value(), features, quality);
    }

    /** The canary challenger arm's governed-row pins (the run must have a canary pin). */
    GovernedRows.Pins challengerRows(List<String> features, String quality) {
        RunRecord.CanaryPin pin = canary.orElseThrow(() -> new IllegalStateException("run " + key + " has no canary"));
        return rows(new ModelRef(model.name(), pin.challengerVersion()), pin.challengerDigest(), features, quality);
    }

    private GovernedRows.Pins rows(ModelRef arm, String armDigest, List<String> features, String quality) {
        return GovernedRows.Pins.of(
                key.toString(),
                key.jobId(),
                pipeline,
                arm,
                armDigest,
                features,
                policyDigest.value(),
                asOfOut,
                key.date(),
                inputVersion,
                quality,
                configuration.reasons());
    }
}
