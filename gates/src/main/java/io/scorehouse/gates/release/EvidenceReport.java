package io.scorehouse.gates.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.lakehouse.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A gate report a job left in the release directory ({@code staging_report.json},
 * {@code shadow_eval.json}): which version it judged, PASS/FAIL with reasons, and the policy
 * bundle it was judged under. Read, never trusted blindly: a report about another version or
 * an unreadable file counts as no report. {@code fairnessWatchlist}: segments a staging report
 * flagged for the fairness watch after release.
 */
public record EvidenceReport(
        String file,
        String model,
        String result,
        List<String> reasons,
        String policyDigest,
        String digest,
        List<String> fairnessWatchlist) {
    public static final String STAGING = "staging_report.json";
    public static final String SHADOW = "shadow_eval.json";
    public static final String PASS = "PASS";
    /** The result the promotion policy sees when the report is missing or unusable. */
    public static final String MISSING = "MISSING";

    private static final ObjectMapper JSON = new ObjectMapper();

    public EvidenceReport {
        reasons = List.copyOf(reasons);
        fairnessWatchlist = List.copyOf(fairnessWatchlist);
    }

    public boolean passed() {
        return PASS.equals(result);
    }

    /** The report {@code file} in {@code releaseDir}, if present, readable and about {@code model}. */
    public static Optional<EvidenceReport> read(Path releaseDir, String file, String model) {
        Path path = releaseDir.resolve(file);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(path.toFile());
            if (root == null
                    || !model.equals(root.path("model").asText())
                    || !root.path("result").isTextual()) {
                return Optional.empty();
            }
            List<String> reasons = new ArrayList<>();
            root.path("reasons").forEach(reason -> reasons.add(reason.asText()));
            List<String> watchlist = new ArrayList<>();
            root.path("fairness").path("watchlist").forEach(segment -> watchlist.add(segment.asText()));
            return Optional.of(new EvidenceReport(
                    file,
                    model,
                    root.path("result").asText(),
                    reasons,
                    root.path("policy_digest").asText(""),
                    Digests.of(path),
                    watchlist));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
