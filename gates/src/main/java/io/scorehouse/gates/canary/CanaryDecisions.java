package io.scorehouse.gates.canary;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.signing.SignedEvidence;
import io.scorehouse.gates.signing.SignedFiles;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.evidence.EvidenceStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The signed record of every canary decision, one evidence set per decision under
 * {@code canary/<model>/<version>/<NNN>-<DECISION>} ({@code decision.json} and its DSSE
 * envelope). The evidence store is create-only, so a decision, once recorded, is never
 * rewritten: the history of a canary is the list of its sets, not a file that grows.
 */
public final class CanaryDecisions {
    public static final String RECORD = "decision.json";
    public static final String SIGNATURE = "decision.dsse.json";
    static final String PREDICATE_TYPE = "https://scorehouse.io/canary-decision/v1";

    private final EvidenceStore evidence;
    private final Signer signer;
    private final TrustStore trust;

    public CanaryDecisions(EvidenceStore evidence, Signer signer, TrustStore trust) {
        this.evidence = requireNonNull(evidence, "evidence is null");
        this.signer = requireNonNull(signer, "signer is null");
        this.trust = requireNonNull(trust, "trust is null");
    }

    /**
     * Signs and publishes the next decision of {@code challenger}'s canary, built by
     * {@code decision} from its ordinal (1 for the plan). Returns the published record.
     */
    public Path record(ModelRef challenger, IntFunction<CanaryDecision> decision) {
        CanaryDecision next = decision.apply(sets(challenger).size() + 1);
        return SignedEvidence.publish(
                evidence,
                signer,
                prefix(challenger) + "/" + next.setName(),
                RECORD,
                next,
                SIGNATURE,
                PREDICATE_TYPE,
                Map.of("challenger", challenger.toString(), "decision", next.decision()));
    }

    /** The decisions of {@code challenger}'s canary in order, each verified first (exit 5 on a broken one). */
    public List<CanaryDecision> read(ModelRef challenger) {
        return files(challenger).stream()
                .map(file -> {
                    SignedFiles.verify(trust, file.getParent(), SIGNATURE, "canary decision " + file.getParent());
                    return EvidenceJson.read(file, CanaryDecision.class);
                })
                .toList();
    }

    /** The record files of {@code challenger}'s decisions in order (not verified). */
    public List<Path> files(ModelRef challenger) {
        return sets(challenger).stream()
                .map(name -> evidence.find(name).orElseThrow().resolve(RECORD))
                .toList();
    }

    private List<String> sets(ModelRef challenger) {
        return evidence.list(prefix(challenger));
    }

    private static String prefix(ModelRef challenger) {
        return "canary/" + challenger.name() + "/" + challenger.version();
    }
}
