package io.scorehouse.lakehouse;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.config.ScorehouseConfig;
import java.nio.file.Path;

/** Where files live under {@code $SCOREHOUSE_HOME} (DESIGN §2). The one place that knows the layout. */
public final class ArtifactStore {
    private final Path home;

    public ArtifactStore(Path home) {
        this.home = requireNonNull(home, "home is null").toAbsolutePath().normalize();
    }

    public static ArtifactStore of(ScorehouseConfig config) {
        return new ArtifactStore(config.home());
    }

    public Path home() {
        return home;
    }

    /** {@code artifacts/registry/<model>/<version>/}. */
    public Path registryVersion(String model, int version) {
        return home.resolve("artifacts/registry").resolve(model).resolve(Integer.toString(version));
    }

    /** {@code artifacts/releases/<model>/<version>/}. */
    public Path release(String model, int version) {
        return home.resolve("artifacts/releases").resolve(model).resolve(Integer.toString(version));
    }

    /** {@code runs/}: one directory per scoring job. */
    public Path runs() {
        return home.resolve("runs");
    }

    /** {@code runs/<job_id>/}. */
    public Path run(String jobId) {
        return runs().resolve(jobId);
    }

    /** Scratch rows of a replayed run ({@code replay --run}): never published, replaced by the next replay. */
    public Path replay(String jobId) {
        return home().resolve("replay").resolve(jobId);
    }

    /** {@code lineage/openlineage.jsonl}: the jobs' OpenLineage run events, one JSON object per line. */
    public Path lineageEvents() {
        return home.resolve("lineage").resolve("openlineage.jsonl");
    }

    /** {@code reports/recon/}: one directory per reconciled day. */
    public Path reconReports() {
        return home.resolve("reports/recon");
    }

    /** {@code reports/recon/dt=<day>/}. */
    public Path reconReport(java.time.LocalDate day) {
        return reconReports().resolve("dt=" + day);
    }

    /** {@code demo/decisions/}: the demo decisions generator's counts (what it injected). */
    public Path demoDecisions() {
        return home.resolve("demo/decisions");
    }

    /** Scratch space for work in progress (never read as a result). */
    /** Signed evidence sets (erasure certificates, sweep reports): create-only, see {@code LocalEvidenceStore}. */
    public Path evidence() {
        return home.resolve("evidence");
    }

    public Path staging() {
        return home.resolve("staging");
    }
}
