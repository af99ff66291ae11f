package io.scorehouse.gates;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.canary.Canary;
import io.scorehouse.gates.canary.CanaryDecisions;
import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.release.Releases;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.evidence.EvidenceReplica;
import io.scorehouse.lakehouse.evidence.EvidenceStore;
import io.scorehouse.lakehouse.evidence.LocalEvidenceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The Spark-free governance of one configuration: policy bundle, control plane, registry,
 * canaries and releases, each created on first use (so {@code --help} touches no database).
 * The CLI and the ops shell both act through one of these, so they cannot wire things
 * differently.
 */
public final class Governance {
    public static final String ACTOR_ENV = "SCOREHOUSE_ACTOR";
    private static final Logger LOG = LogManager.getLogger(Governance.class);

    private final Supplier<ScorehouseConfig> configSource;
    private final Clock clock;
    private final Duration evidenceFreshness;
    private ScorehouseConfig config;
    private PolicyBundle policies;
    private ControlPlane controlPlane;
    private ModelRegistry registry;
    private boolean evidenceInUse;
    private long lastPullNanos;

    /** The governance of one command: the home is brought up to date from the evidence replica once. */
    public Governance(Supplier<ScorehouseConfig> configSource, Clock clock) {
        this(configSource, clock, null);
    }

    /**
     * The governance of a long-lived process (the console): the home is brought up to date from the
     * evidence replica again when its last pull is older than {@code evidenceFreshness}, so a console
     * open for a day reads what other nodes promoted, revoked or ran meanwhile.
     */
    public Governance(Supplier<ScorehouseConfig> configSource, Clock clock, Duration evidenceFreshness) {
        this.configSource = requireNonNull(configSource, "configSource is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.evidenceFreshness = evidenceFreshness;
    }

    /** Who is acting: {@code explicit} (a flag), else {@code SCOREHOUSE_ACTOR}, else the OS user. */
    public static String actor(String explicit, Map<String, String> env) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String fromEnv = env.get(ACTOR_ENV);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : System.getProperty("user.name", "unknown");
    }

    /** The configuration, loaded on first use. */
    public synchronized ScorehouseConfig config() {
        if (config == null) {
            config = configSource.get();
        }
        return config;
    }

    /**
     * Pushes the evidence this process wrote to the configured replica (nothing without one, or
     * when no evidence was used). Entry points call it before they exit: a command has not
     * succeeded until its evidence is where every node reads it.
     */
    public synchronized void publishEvidence() {
        if (evidenceInUse) {
            EvidenceReplica.of(config()).ifPresent(EvidenceReplica::push);
        }
    }

    /** The policy bundle of the configured conf directory, loaded on first use. */
    public synchronized PolicyBundle policies() {
        if (policies == null) {
            policies = PolicyBundle.fromConf(config().confDir());
        }
        return policies;
    }

    /** The control plane, migrated on first use. */
    public synchronized ControlPlane controlPlane() {
        if (controlPlane == null) {
            ControlPlane opened = new ControlPlane(config().catalog());
            opened.migrate();
            controlPlane = opened;
        }
        return controlPlane;
    }

    public synchronized ModelRegistry registry() {
        // through artifacts() on every call: the registry reads evidence, so a stale home is refreshed first
        ArtifactStore artifacts = artifacts();
        if (registry == null) {
            registry = new ModelRegistry(controlPlane(), artifacts, TrustStore.fromConfig(config()), clock);
        }
        return registry;
    }

    /**
     * The home's evidence, the one way every job and command reaches it. On first use (and, in a
     * long-lived process, once the last pull is stale), when the configuration names an evidence
     * replica, the home is brought up to date from it: whatever this process reads as evidence is the
     * replica's. A pull never overwrites what this home changed and has not pushed yet. (Commands that never touch evidence — sql,
     * demo-data, trino-rules — never contact the replica.)
     */
    public synchronized ArtifactStore artifacts() {
        if (!evidenceInUse) {
            EvidenceReplica.of(config()).ifPresent(EvidenceReplica::pull);
            evidenceInUse = true;
            lastPullNanos = System.nanoTime();
        } else if (pullIsStale()) {
            refresh();
        }
        return ArtifactStore.of(config());
    }

    /**
     * A later pull of a long-lived process: when the replica cannot be reached the console keeps
     * working on its home as last pulled (saying so) and tries again after the next interval.
     */
    private void refresh() {
        try {
            EvidenceReplica.of(config()).ifPresent(EvidenceReplica::pull);
        } catch (ScorehouseException e) {
            LOG.warn("evidence: reading the home as last pulled — {}", e.getMessage());
        } finally {
            lastPullNanos = System.nanoTime();
        }
    }

    private boolean pullIsStale() {
        return evidenceFreshness != null && System.nanoTime() - lastPullNanos >= evidenceFreshness.toNanos();
    }

    /** Canary allocations (control plane). */
    public CanaryRollouts rollouts() {
        return new CanaryRollouts(controlPlane(), clock);
    }

    public Canary canary() {
        return new Canary(registry(), rollouts(), policies(), artifacts(), canaryDecisions());
    }

    /** The signed canary decision records in the evidence store. */
    public CanaryDecisions canaryDecisions() {
        return new CanaryDecisions(evidence(), Signer.fromConfig(config()), TrustStore.fromConfig(config()));
    }

    /** The create-only store of signed evidence sets (certificates, sweep reports, canary decisions). */
    public EvidenceStore evidence() {
        return new LocalEvidenceStore(artifacts().evidence());
    }

    /** Promotion, deprecation, revocation, rollback (release artifacts signed with the configured key). */
    public Releases releases() {
        return new Releases(
                registry(), rollouts(), policies(), artifacts(), canaryDecisions(), Signer.fromConfig(config()), clock);
    }

    public Clock clock() {
        return clock;
    }
}
