package io.scorehouse.gates.release;

import io.scorehouse.gates.registry.ModelVersion;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/** {@code release_notes.md}: what changed against the previous Approved version — metrics, params, features. */
final class ReleaseNotes {
    private ReleaseNotes() {}

    static String render(
            ModelVersion released,
            Optional<ModelVersion> previous,
            PromotionGate.Assessment assessment,
            String policyDigest) {
        StringBuilder md = new StringBuilder();
        md.append("# Release ").append(released.ref()).append("\n\n");
        md.append("- previous Approved: ")
                .append(previous.map(v -> v.ref().toString()).orElse("none (first release)"))
                .append('\n');
        md.append("- training run `")
                .append(released.trainingRunId())
                .append("` on `")
                .append(released.trainingDataset())
                .append('@')
                .append(released.trainingDatasetVersion())
                .append("`\n");
        md.append("- policy bundle `").append(policyDigest).append("`\n");
        assessment
                .staging()
                .ifPresent(
                        r -> md.append("- staging report: ").append(r.result()).append('\n'));
        assessment
                .shadow()
                .ifPresent(r ->
                        md.append("- shadow evaluation: ").append(r.result()).append('\n'));
        assessment
                .canary()
                .ifPresent(r -> md.append("- canary: ")
                        .append(r.lastDecision().map(Enum::name).orElse("-"))
                        .append(" at ")
                        .append(r.percent())
                        .append(" %\n"));

        md.append("\n## Metrics (holdout)\n\n| metric | previous | this release | change |\n|---|---|---|---|\n");
        Map<String, Double> before = previous.map(ModelVersion::metrics).orElse(Map.of());
        for (String metric :
                new TreeSet<>(union(before.keySet(), released.metrics().keySet()))) {
            Double was = before.get(metric);
            Double now = released.metrics().get(metric);
            md.append("| ")
                    .append(metric)
                    .append(" | ")
                    .append(number(was))
                    .append(" | ")
                    .append(number(now))
                    .append(" | ")
                    .append(was == null || now == null ? "-" : String.format(Locale.ROOT, "%+.4f", now - was))
                    .append(" |\n");
        }

        md.append("\n## Params\n\n");
        Map<String, Object> oldParams = previous.map(ModelVersion::params).orElse(Map.of());
        boolean changed = false;
        for (String param :
                new TreeSet<>(union(oldParams.keySet(), released.params().keySet()))) {
            Object was = oldParams.get(param);
            Object now = released.params().get(param);
            if (!Objects.equals(String.valueOf(was), String.valueOf(now))) {
                md.append("- `")
                        .append(param)
                        .append("`: ")
                        .append(was == null ? "(absent)" : was)
                        .append(" → ")
                        .append(now == null ? "(removed)" : now)
                        .append('\n');
                changed = true;
            }
        }
        if (!changed) {
            md.append("No parameter changed.\n");
        }

        md.append("\n## Features\n\n");
        List<String> oldFeatures = previous.map(ModelVersion::features).orElse(List.of());
        List<String> added = released.features().stream()
                .filter(f -> !oldFeatures.contains(f))
                .toList();
        List<String> removed = oldFeatures.stream()
                .filter(f -> !released.features().contains(f))
                .toList();
        md.append("- added: ")
                .append(added.isEmpty() ? "none" : String.join(", ", added))
                .append('\n');
        md.append("- removed: ")
                .append(removed.isEmpty() ? "none" : String.join(", ", removed))
                .append('\n');
        md.append("- all: ").append(String.join(", ", released.features())).append('\n');
        return md.toString();
    }

    private static <T> java.util.Set<T> union(java.util.Set<T> a, java.util.Set<T> b) {
        java.util.Set<T> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String number(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
