package io.scorehouse.scoring.run;

import io.scorehouse.gates.admission.DataGate;
import io.scorehouse.gates.admission.ModelGate;
import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.canary.Rollout;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.VerifiedModel;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.run.RunRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Step 2 of a run, the gates: the model (verified + {@code batch.model}) for the champion and a
 * canary's challenger, the data ({@code batch.data}), the run ({@code batch.run}) and the writer
 * ({@code scored.write}: the run's service account may publish scores). Refusals
 * exit 3, integrity failures exit 5; what passes is an {@link Admission}.
 *
 * @param champion  the version the run scores with
 * @param model     its verified artifacts
 * @param features  both arms' features, champion's first ({@code batch.data} allowed them)
 */
record RunAdmission(ModelRef champion, VerifiedModel model, Optional<Challenger> challenger, List<String> features) {

    /** A canary's challenger for this run: {@code model} admitted by batch.model with its share, as {@code pin} records it. */
    record Challenger(ModelRef ref, VerifiedModel model, RunRecord.CanaryPin pin) {}

    static RunAdmission gate(
            PipelineDefinition pipeline,
            RunRecord record,
            String serviceAccount,
            ModelRegistry registry,
            PolicyBundle policies,
            CanaryRollouts rollouts,
            Clock clock) {
        ModelGate modelGate = new ModelGate(registry, policies);
        ModelRef ref = modelGate.resolve(pipeline, record);
        VerifiedModel model =
                modelGate.admit(ref, record.modelDigest(), record.key().date(), 0);
        Optional<Challenger> challenger =
                challenger(record, ref, modelGate, rollouts, record.key().date());
        Set<String> allFeatures = new LinkedHashSet<>(model.version().features());
        challenger.ifPresent(c -> allFeatures.addAll(c.model().version().features()));
        List<String> features = List.copyOf(allFeatures);
        DataGate.admit(policies, pipeline, features);
        policies.decide(
                        DecisionPoint.BATCH_RUN,
                        Map.of(
                                "already_committed",
                                false,
                                "window",
                                Map.of(
                                        "start_hour",
                                        pipeline.runWindow().startHour(),
                                        "end_hour",
                                        pipeline.runWindow().endHour()),
                                "hour_utc",
                                Instant.now(clock).atZone(ZoneOffset.UTC).getHour()))
                .requireAllowed("run " + record.key());
        policies.decide(
                        DecisionPoint.SCORED_WRITE,
                        Map.of("caller", serviceAccount, "action", "write", "store", "scored"))
                .requireAllowed("publish as " + serviceAccount);
        return new RunAdmission(ref, model, challenger, features);
    }

    /** The canary allocation to pin: the challenger's version, digest and share (null without a canary). */
    RunRecord.CanaryPin canaryPin() {
        return challenger.map(Challenger::pin).orElse(null);
    }

    /**
     * The challenger this run routes to: the allocation an earlier attempt pinned, else the active
     * rollout of the model whose champion is the version this run scores with; none once the run
     * was pinned without one. Admitted by batch.model like the champion (a revoked challenger
     * stops the run).
     */
    private static Optional<Challenger> challenger(
            RunRecord record, ModelRef champion, ModelGate modelGate, CanaryRollouts rollouts, LocalDate date) {
        RunRecord.CanaryPin pin = record.canary();
        if (pin == null) {
            if (record.modelDigest() != null) {
                return Optional.empty();
            }
            Optional<Rollout> rollout = rollouts.active(champion.name())
                    .filter(r -> r.challengerPercent() > 0
                            && r.champion().equals(Optional.of(champion.version()))
                            && r.challenger().version() != champion.version());
            if (rollout.isEmpty()) {
                return Optional.empty();
            }
            ModelRef ref = rollout.get().challenger();
            VerifiedModel model = modelGate.admit(ref, null, date, rollout.get().challengerPercent());
            return Optional.of(new Challenger(
                    ref,
                    model,
                    new RunRecord.CanaryPin(
                            ref.version(),
                            model.version().modelDigest(),
                            rollout.get().challengerPercent())));
        }
        ModelRef ref = new ModelRef(champion.name(), pin.challengerVersion());
        return Optional.of(new Challenger(ref, modelGate.admit(ref, pin.challengerDigest(), date, pin.percent()), pin));
    }
}
