package io.scorehouse.jobs.wiring;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.Governance;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.jobs.demo.DecisionsLedger;
import io.scorehouse.jobs.demo.DemoData;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.CatalogMetadata;
import io.scorehouse.lakehouse.config.ConfigException;
import io.scorehouse.lakehouse.config.DatasetContracts;
import io.scorehouse.lakehouse.config.IdentitySettings;
import io.scorehouse.lakehouse.config.ModelDefinitions;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.DeletionSteps;
import io.scorehouse.lakehouse.controlplane.Erasures;
import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.controlplane.LegalHolds;
import io.scorehouse.lakehouse.run.RunLedger;
import io.scorehouse.lakehouse.spark.CatalogLabels;
import io.scorehouse.lakehouse.spark.DeltaMaintenance;
import io.scorehouse.lakehouse.spark.OpsRecords;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.lakehouse.spark.TableMaintenance;
import io.scorehouse.quality.ControlPlaneMetricsRepository;
import io.scorehouse.quality.OutputContract;
import io.scorehouse.recon.ReconCaller;
import io.scorehouse.recon.Reconciliation;
import io.scorehouse.scoring.run.CandidateScoring;
import io.scorehouse.scoring.run.RevocationSync;
import io.scorehouse.scoring.run.RunReplay;
import io.scorehouse.scoring.run.RunVerifier;
import io.scorehouse.scoring.run.ScoringRun;
import io.scorehouse.scoring.store.Compaction;
import io.scorehouse.scoring.store.Erasure;
import io.scorehouse.scoring.store.ErasureCheck;
import io.scorehouse.scoring.store.Retention;
import io.scorehouse.scoring.store.StoreSweep;
import io.scorehouse.scoring.train.ModelSpec;
import io.scorehouse.scoring.train.TrainingJob;
import io.scorehouse.scoring.validate.CanaryEvaluation;
import io.scorehouse.scoring.validate.ShadowEvaluation;
import io.scorehouse.scoring.validate.StagingReport;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark side of one configuration — the counterpart of {@link Governance}: every Spark job of
 * the product (scoring run, training, staging report, shadow, canary evaluation, reconciliation,
 * verifier) built from one governance (config, policies, control plane, registry, canaries, clock)
 * and one Spark session. Commands, the demo and tests ask it for jobs; none of them wires one.
 */
public record SparkWiring(Governance governance, SparkSession spark, String actor) {
    /** How long a canary evaluation or verification may hold the ledger rows it reads (it never claims a run). */
    private static final Duration READ_LEASE = Duration.ofMinutes(15);
    /**
     * Files no snapshot references are removed once older than this: a run writes its files before
     * it commits, and its lease (default 15 min) bounds how long that takes.
     */
    private static final Duration ORPHAN_AGE = Duration.ofMinutes(15);

    public SparkWiring {
        requireNonNull(governance, "governance is null");
        requireNonNull(spark, "spark is null");
        requireNonNull(actor, "actor is null");
    }

    /** A scoring run whose attempts hold their run key for {@code lease} at a time, owned by this process. */
    public ScoringRun scoringRun(Duration lease) {
        ScorehouseConfig config = config();
        return new ScoringRun(
                spark,
                new ScoringRun.Collaborators(
                        config,
                        governance.registry(),
                        governance.policies(),
                        ledger(lease),
                        EntityTokenizer.fromConfig(config),
                        Signer.fromConfig(config),
                        governance.artifacts(),
                        new ControlPlaneMetricsRepository(governance.controlPlane(), governance.clock()),
                        new LastScores(governance.controlPlane()),
                        governance.rollouts(),
                        governance.clock(),
                        actor,
                        RunLedger.newAttemptOwner(),
                        suppressedKeys(),
                        catalogLabels()));
    }

    public TrainingJob training() {
        return new TrainingJob(
                spark,
                config().warehouse(),
                governance.registry(),
                Signer.fromConfig(config()),
                governance.artifacts().staging(),
                governance.clock());
    }

    /** What {@code conf/models/<name>.yaml} says to train. */
    public ModelSpec model(String name) {
        return ModelSpec.of(new ModelDefinitions(config().confDir()).load(name));
    }

    /** Trains {@code spec} on labels up to {@code cutoff} and registers it as Staging, signed, under this bundle. */
    public TrainingJob.TrainingResult train(ModelSpec spec, java.time.LocalDate cutoff) {
        return training().run(spec, cutoff, actor, governance.policies().digest());
    }

    /** Demo inputs: the curated Delta tables of the {@code entities}-strong population over the days ending on {@code date}. */
    public List<DemoData.WrittenTable> demoData(LocalDate date, long entities, List<String> tenants, long seed) {
        Progress.step(
                "demo-data: generating {} entities for {} tenants, window ending {}", entities, tenants.size(), date);
        return new DemoData(spark, config().warehouse()).write(date, entities, tenants, seed);
    }

    /** The demo consumers' decisions ledger of {@code date}, from the published scores (anomalies injected on purpose). */
    public DecisionsLedger.Injected decisionsLedger(LocalDate date, long seed, String shiftSegment) {
        return new DecisionsLedger(
                        spark, config().warehouse(), config().catalog().name())
                .write(date, seed, shiftSegment, governance.artifacts().demoDecisions());
    }

    public CandidateScoring candidates() {
        return new CandidateScoring(
                spark,
                config(),
                governance.registry(),
                governance.policies(),
                EntityTokenizer.fromConfig(config()),
                governance.clock());
    }

    public StagingReport stagingReport() {
        return new StagingReport(
                candidates(),
                governance.policies(),
                OutputContract.load(config().confDir(), "score-output"),
                governance.artifacts(),
                governance.clock());
    }

    public ShadowEvaluation shadow() {
        return new ShadowEvaluation(
                spark,
                config().catalog().name(),
                candidates(),
                governance.registry(),
                governance.policies(),
                governance.artifacts(),
                governance.clock());
    }

    public CanaryEvaluation canaryEvaluation() {
        return new CanaryEvaluation(
                spark, config().catalog().name(), candidates(), ledger(READ_LEASE), governance.canary());
    }

    /** Reconciliation as the configured caller, with all its roles, for purpose {@code reconciliation}. */
    public Reconciliation reconciliation() {
        return reconciliation(List.of(), Reconciliation.PURPOSE);
    }

    /**
     * Reconciliation as the configured caller for {@code purpose}, with {@code roles} (empty: all the
     * configured ones). Roles narrow, never widen: one the caller does not hold is refused (exit 3).
     */
    public Reconciliation reconciliation(List<String> roles, String purpose) {
        ScorehouseConfig config = config();
        IdentitySettings identity = config.identity();
        for (String role : identity.roles()) {
            if (!governance.policies().roles().defines(role)) {
                throw new ConfigException("identity.roles names '" + role
                        + "', which the role vocabulary does not define" + " (known: "
                        + String.join(", ", governance.policies().roles().names()) + ")");
            }
        }
        for (String role : roles) {
            if (!identity.roles().contains(role)) {
                throw new ScorehouseException(
                        ExitCode.POLICY_REFUSED,
                        "--role " + role,
                        identity.caller() + " holds " + identity.roles()
                                + "; flags may narrow the configured roles, never widen them");
            }
        }
        return new Reconciliation(
                spark,
                new Reconciliation.Collaborators(
                        config.catalog().name(),
                        config.warehouse(),
                        governance.registry(),
                        governance.rollouts(),
                        governance.policies(),
                        Signer.fromConfig(config),
                        governance.artifacts(),
                        governance.clock(),
                        actor,
                        new ReconCaller(identity.caller(), roles.isEmpty() ? identity.roles() : roles, purpose),
                        new DatasetContracts(config.confDir()).piiColumns(),
                        catalogLabels()));
    }

    public RunReplay replay() {
        return new RunReplay(
                spark,
                config(),
                ledger(READ_LEASE),
                governance.registry(),
                EntityTokenizer.fromConfig(config()),
                governance.artifacts(),
                suppressedKeys());
    }

    public RevocationSync revocationSync() {
        return new RevocationSync(
                new ScoredStore(spark, config().catalog().name()),
                governance.registry(),
                new LastScores(governance.controlPlane()),
                actor);
    }

    public RunVerifier verifier() {
        return new RunVerifier(
                spark,
                config().catalog().name(),
                ledger(READ_LEASE),
                governance.artifacts(),
                TrustStore.fromConfig(config()));
    }

    /** Data-subject erasure over this lakehouse and the hot store; certificates go to the evidence store. */
    public Erasure erasure() {
        ScoredStore store = new ScoredStore(spark, config().catalog().name());
        store.ensure();
        return new Erasure(
                new TableMaintenance(spark, config().catalog().name()),
                new DeltaMaintenance(spark),
                new OpsRecords(spark, store),
                new DeletionSteps(governance.controlPlane(), governance.clock()),
                new LastScores(governance.controlPlane()),
                new Erasures(governance.controlPlane(), governance.clock()),
                new LegalHolds(governance.controlPlane(), governance.clock()),
                ledger(READ_LEASE),
                Signer.fromConfig(config()),
                governance.evidence(),
                governance.policies().digest(),
                ORPHAN_AGE,
                governance.clock(),
                actor);
    }

    private java.util.function.Supplier<java.util.Set<String>> suppressedKeys() {
        return () -> new Erasures(governance.controlPlane(), governance.clock()).suppressedKeys();
    }

    /** {@code conf/catalog.yaml} and the retention days as table properties, applied by each job as it starts. */
    public CatalogLabels catalogLabels() {
        return new CatalogLabels(
                spark, config().catalog().name(), CatalogMetadata.load(config().confDir()), config().store());
    }

    /** Retention per catalog classification ({@code store retention}). */
    public Retention retention() {
        ScoredStore store = new ScoredStore(spark, config().catalog().name());
        store.ensure();
        return new Retention(
                new TableMaintenance(spark, config().catalog().name()),
                new OpsRecords(spark, store),
                new DeletionSteps(governance.controlPlane(), governance.clock()),
                governance.policies(),
                catalogLabels(),
                config().store(),
                ledger(READ_LEASE),
                ORPHAN_AGE,
                governance.clock(),
                actor);
    }

    /** The manifest ↔ snapshot and evidence sweep ({@code store verify}). */
    public StoreSweep sweep() {
        ScoredStore store = new ScoredStore(spark, config().catalog().name());
        store.ensure();
        return new StoreSweep(
                store,
                new TableMaintenance(spark, config().catalog().name()),
                ledger(READ_LEASE),
                verifier(),
                new io.scorehouse.lakehouse.controlplane.AuditChain(governance.controlPlane(), governance.clock()),
                governance.artifacts(),
                TrustStore.fromConfig(config()),
                Signer.fromConfig(config()),
                governance.evidence(),
                ORPHAN_AGE,
                governance.clock());
    }

    /** {@code store compact}. */
    public Compaction compaction() {
        ScoredStore store = new ScoredStore(spark, config().catalog().name());
        store.ensure();
        return new Compaction(
                new TableMaintenance(spark, config().catalog().name()),
                new OpsRecords(spark, store),
                governance.clock(),
                actor);
    }

    /** Re-checks erasure certificates ({@code store verify --erasure}). */
    public ErasureCheck erasureCheck() {
        return new ErasureCheck(
                new TableMaintenance(spark, config().catalog().name()),
                new DeltaMaintenance(spark),
                new LastScores(governance.controlPlane()),
                TrustStore.fromConfig(config()));
    }

    private RunLedger ledger(Duration lease) {
        return new RunLedger(governance.controlPlane(), governance.clock(), lease);
    }

    private ScorehouseConfig config() {
        return governance.config();
    }
}
