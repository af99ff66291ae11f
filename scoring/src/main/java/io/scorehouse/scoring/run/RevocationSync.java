package io.scorehouse.scoring.run;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.spark.ScoredStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Makes a revocation reach consumers: the store's revoked-versions table mirrors the registry (so
 * {@code v_last} stops serving those scores), and the hot store drops each revoked version's last
 * scores for the entity's previous valid one, if any. Idempotent — run by {@code revoke} and again
 * at every finalize, so a run published under a version revoked meanwhile is repaired too. Each
 * invalidation is audited in the registry's chain.
 */
public final class RevocationSync {
    private final ScoredStore store;
    private final ModelRegistry registry;
    private final LastScores hotStore;
    private final String actor;

    public RevocationSync(ScoredStore store, ModelRegistry registry, LastScores hotStore, String actor) {
        this.store = requireNonNull(store, "store is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.hotStore = requireNonNull(hotStore, "hotStore is null");
        this.actor = requireNonNull(actor, "actor is null");
    }

    /** What one sync changed: versions newly hidden from {@code v_last}, hot-store rows removed and replaced. */
    public record Outcome(int newlyHidden, long hotStoreRemoved, long hotStoreFallbacks) {}

    public Outcome run() {
        store.ensure();
        List<ModelVersion> revoked =
                registry.list(null).stream().filter(ModelVersion::revoked).toList();
        Set<ScoredStore.RevokedVersion> hidden = store.syncRevoked(revoked.stream()
                .map(v -> new ScoredStore.RevokedVersion(v.ref().name(), v.ref().version(), v.modelDigest()))
                .toList());
        long removed = 0;
        long fallbacks = 0;
        for (ModelVersion version : revoked) {
            String model = version.ref().name();
            int number = version.ref().version();
            List<LastScores.LastScore> replacements = fallbacks(model, hotStore.keysOf(model, number));
            long gone = hotStore.invalidate(model, number, replacements);
            boolean newlyHidden = hidden.contains(new ScoredStore.RevokedVersion(model, number, version.modelDigest()));
            if (gone > 0 || newlyHidden) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("v_last", newlyHidden ? "hidden" : "already hidden");
                details.put("hot_store_removed", gone);
                details.put("hot_store_fallbacks", replacements.size());
                registry.recordEvent(actor, "scores.invalidated", version.ref(), details);
                Progress.step(
                        "revocation: {} — v_last {}, hot store: {} last scores removed, {} fell back to an earlier valid score",
                        version.ref(),
                        details.get("v_last"),
                        gone,
                        replacements.size());
            }
            removed += gone;
            fallbacks += replacements.size();
        }
        return new Outcome(hidden.size(), removed, fallbacks);
    }

    private List<LastScores.LastScore> fallbacks(String model, List<String[]> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Row> wanted = keys.stream().map(k -> RowFactory.create(k[0], k[1])).toList();
        List<LastScores.LastScore> replacements = new ArrayList<>();
        GovernedRows.lastScores(store.lastValid(model, wanted)).forEachRemaining(replacements::add);
        return replacements;
    }
}
