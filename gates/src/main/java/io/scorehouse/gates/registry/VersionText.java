package io.scorehouse.gates.registry;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** How a model version reads to a person: the registry listing's cells and the full detail view. */
public final class VersionText {
    public static final List<String> LISTING_COLUMNS =
            List.of("model", "stage", "digest", "auc", "security", "eol", "registered_at");

    private VersionText() {}

    /** One listing row, in the order of {@link #LISTING_COLUMNS}. */
    public static List<String> listingRow(ModelVersion version) {
        return List.of(
                version.ref().toString(),
                version.stage().label(),
                shortDigest(version.modelDigest()),
                metric(version.metrics(), "auc"),
                version.securityDecision(),
                orDash(version.endOfLife()),
                version.registeredAt());
    }

    /** Everything about a version that was just re-verified against {@code trustStore}, with its stage history. */
    public static void details(VerifiedModel verified, List<Transition> history, String trustStore, PrintWriter out) {
        ModelVersion version = verified.version();
        out.println(version.ref() + "  " + version.stage());
        out.println("signature          verified (artifacts and attestation, trust store " + trustStore + ")");
        out.println("model digest       " + version.modelDigest());
        out.println("baseline digest    " + version.baselineDigest());
        out.println("sbom digest        " + version.sbomDigest());
        out.println("attestation digest " + version.attestationDigest());
        out.println("security decision  " + version.securityDecision());
        out.println("training run       " + version.trainingRunId() + " on " + version.trainingDataset() + "@v"
                + version.trainingDatasetVersion());
        out.println("features           " + String.join(", ", version.features()));
        out.printf(
                "holdout            AUC %s  logloss %s%n",
                metric(version.metrics(), "auc"), metric(version.metrics(), "logloss"));
        out.println("params             " + version.params());
        out.println("end of support     " + orDash(version.endOfSupport()));
        out.println("end of life        " + orDash(version.endOfLife()));
        out.println("policy bound       "
                + (version.policyBound()
                        ? version.boundPolicyDigest()
                        : "- (not released through the promotion gate)"));
        out.println("tags               " + version.tags());
        out.println("artifacts          " + version.artifactDir());
        out.println("history");
        for (Transition t : history) {
            out.printf(
                    "  %s  %-10s -> %-10s by %s: %s%n",
                    t.at(), t.from() == null ? "(new)" : t.from().label(), t.to().label(), t.actor(), t.reason());
        }
        out.flush();
    }

    private static String metric(Map<String, Double> metrics, String name) {
        Double value = metrics.get(name);
        return value == null ? "-" : String.format("%.4f", value);
    }

    private static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) + "…" : digest;
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
