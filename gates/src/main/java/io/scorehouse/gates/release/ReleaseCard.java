package io.scorehouse.gates.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.gates.registry.ModelCard;
import io.scorehouse.gates.registry.ModelRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code release_card.md}: the model card as released — its purpose and owner restated, fairness
 * by segment from the staging report, and the promotion gate's inputs and result. A new signed
 * file of the release; the model card itself is never edited.
 */
final class ReleaseCard {
    static final String FILE = "release_card.md";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReleaseCard() {}

    static String render(ModelRef ref, ModelCard card, PromotionGate.Assessment assessment, Path releaseDir) {
        StringBuilder out = new StringBuilder();
        out.append("# Release card — ").append(ref).append("\n\n");
        out.append("Model card: `")
                .append(ModelCard.JSON_FILE)
                .append("` of the registered version (signed at registration).\n\n");
        out.append("- Intended use: ")
                .append(oneLine(card.purpose().intendedUse()))
                .append('\n');
        out.append("- Out of scope: ")
                .append(oneLine(String.valueOf(card.purpose().outOfScope())))
                .append('\n');
        out.append("- Owner: ").append(card.purpose().owner()).append("\n\n");
        out.append("## Fairness by segment (staging report)\n\n");
        out.append(fairness(releaseDir.resolve(EvidenceReport.STAGING)));
        out.append("\n## Promotion gate (registry.promote)\n\n| input | value |\n|---|---|\n");
        out.append(assessment.inputs().entrySet().stream()
                .map(e -> "| " + e.getKey() + " | " + e.getValue() + " |")
                .collect(Collectors.joining("\n")));
        out.append("\n\nResult: ")
                .append(assessment.decision().allowed() ? "ALLOWED" : "REFUSED")
                .append('\n');
        return out.toString();
    }

    private static String fairness(Path stagingReport) {
        JsonNode segments;
        try {
            segments = JSON.readTree(stagingReport.toFile()).path("fairness").path("segments");
        } catch (IOException e) {
            return "No readable staging report.\n";
        }
        if (!segments.isArray() || segments.isEmpty()) {
            return "The staging report lists no segments.\n";
        }
        StringBuilder table =
                new StringBuilder("| segment | rows | approval rate | gap (pp) | judged |\n|---|---|---|---|---|\n");
        for (JsonNode s : segments) {
            table.append("| ")
                    .append(s.path("segment").asText())
                    .append(" | ")
                    .append(s.path("rows").asLong())
                    .append(" | ")
                    .append(String.format(
                            Locale.ROOT, "%.4f", s.path("approval_rate").asDouble()))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", s.path("gap_pp").asDouble()))
                    .append(" | ")
                    .append(s.path("judged").asBoolean() ? "yes" : "no (small)")
                    .append(" |\n");
        }
        return table.toString();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
