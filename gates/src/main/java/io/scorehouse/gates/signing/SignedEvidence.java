package io.scorehouse.gates.signing;

import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.evidence.EvidenceStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One record signed into its own evidence set: staged, written, signed as an in-toto statement,
 * then published whole (the store refuses a name already published). Certificates, sweep reports
 * and canary decisions are kept this way.
 */
public final class SignedEvidence {
    private SignedEvidence() {}

    /**
     * Publishes {@code record} as {@code file} in the set {@code name}, with its envelope
     * {@code envelope}; returns the published record file.
     */
    public static Path publish(
            EvidenceStore evidence,
            Signer signer,
            String name,
            String file,
            Object record,
            String envelope,
            String predicateType,
            Map<String, Object> predicate) {
        Path staged = evidence.stage(name);
        EvidenceJson.write(staged.resolve(file), record);
        SignedFiles.sign(signer, staged, List.of(file), envelope, predicateType, predicate);
        return evidence.publish(name, staged).resolve(file);
    }
}
