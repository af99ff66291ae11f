package io.scorehouse.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.gates.registry.ModelBaseline;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.gates.registry.VerifiedModel;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.jobs.demo.DemoData;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import io.scorehouse.scoring.testing.TestModels;
import io.scorehouse.scoring.train.TrainingJob;
import java.nio.file.Files;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainingJobTest {
    private static final List<String> TRAINING_LOG = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final LocalDate DATE = LocalDate.of(2026, 11, 20);
    private static final String POLICY_DIGEST = "sha256:" + "0".repeat(64);

    private static ModelRegistry registry;
    private static TrainingJob job;
    private static TrainingJob.TrainingResult good;

    @BeforeAll
    static void trainOnDemoData() {
        SparkSession spark = TestLakehouse.spark();
        ScorehouseConfig config = TestLakehouse.config();
        new DemoData(spark, config.warehouse()).write(DATE, 4_000, List.of("acme", "globex"), 42);
        ControlPlane controlPlane = new ControlPlane(config.catalog());
        registry = new ModelRegistry(
                controlPlane, ArtifactStore.of(config), TrustStore.fromConfig(config), Clock.systemUTC());
        job = new TrainingJob(
                spark,
                config.warehouse(),
                registry,
                Signer.fromConfig(config),
                ArtifactStore.of(config).staging(),
                Clock.systemUTC());
        // XGBoost's per-round objective goes to the log at DEBUG (the console gets none of it)
        org.apache.logging.log4j.core.Logger trainingLog =
                (org.apache.logging.log4j.core.Logger) LogManager.getLogger(TrainingJob.class);
        org.apache.logging.log4j.core.Appender capture =
                new AbstractAppender(
                        "capture-training",
                        null,
                        null,
                        true,
                        org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        TRAINING_LOG.add(
                                event.getLevel() + " " + event.getMessage().getFormattedMessage());
                    }
                };
        capture.start();
        trainingLog.addAppender(capture);
        Level level = trainingLog.getLevel();
        // through the configuration, so that no reconfiguration during training undoes it
        Configurator.setLevel(TrainingJob.class.getName(), Level.DEBUG);
        try {
            good = job.run(TestModels.churn(false), DATE, "trainer", POLICY_DIGEST);
        } finally {
            Configurator.setLevel(TrainingJob.class.getName(), level);
            trainingLog.removeAppender(capture);
        }
    }

    @Test
    void eachBoostingRoundsObjectiveIsLoggedAtDebug() {
        assertThat(TRAINING_LOG)
                .filteredOn(line -> line.startsWith("DEBUG train: round "))
                .hasSize(TestModels.churn(false).training().numRound())
                .first()
                .asString()
                .matches("DEBUG train: round 0 train-logloss 0\\.\\d+");
    }

    @Test
    void registersASignedStagingVersionWithAUsefulHoldoutAuc() {
        assertThat(good.version().stage()).isEqualTo(Stage.STAGING);
        assertThat(good.metrics().get("auc")).isGreaterThan(0.7);
        assertThat(good.metrics().get("logloss")).isBetween(0.05, 0.69);
        assertThat(good.version().features()).containsExactlyElementsOf(DemoData.FEATURE_COLUMNS);
        assertThat(good.version().securityDecision()).isEqualTo("PASS");
        assertThat(good.version().trainingDataset()).isEqualTo("curated.customer_features");

        VerifiedModel verified = registry.verify(good.version().ref());
        assertThat(verified.modelFile()).exists();
        assertThat(registry.transitions(good.version().ref()))
                .extracting(t -> t.to())
                .containsExactly(Stage.CANDIDATE, Stage.STAGING);
    }

    @Test
    void baselineDescribesTheTrainingPopulation() {
        ModelBaseline baseline =
                ModelBaseline.read(registry.verify(good.version().ref()).baselineFile());
        assertThat(baseline.features().keySet()).containsExactlyInAnyOrderElementsOf(DemoData.FEATURE_COLUMNS);
        assertThat(baseline.scoreBinCounts()).hasSize(10);
        assertThat(baseline.scoreBinCounts().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(baseline.rows());
        assertThat((double) baseline.rows()).isEqualTo(good.metrics().get("train_rows"));
        ModelBaseline.FeatureStats utilization = baseline.features().get("utilization_ratio");
        assertThat(utilization.min()).isGreaterThanOrEqualTo(0.0);
        assertThat(utilization.max()).isLessThanOrEqualTo(1.0);
        assertThat(utilization.quantiles().get("0.5")).isBetween(utilization.min(), utilization.max());
        assertThat(baseline.scoreMean()).isBetween(0.05, 0.95);
    }

    @Test
    void artifactsCarryNoRawIdsOrPii() throws Exception {
        for (String file : ModelRegistry.SIGNED_FILES) {
            if (!file.endsWith(".json")) {
                continue;
            }
            String content = Files.readString(good.version().artifactDir().resolve(file));
            assertThat(content).as(file).doesNotContain("CUST-", "@example.");
        }
    }

    @Test
    void degradedTrainingGivesAClearlyWorseModel() {
        TrainingJob.TrainingResult degraded = job.run(TestModels.churn(true), DATE, "trainer", POLICY_DIGEST);
        assertThat(degraded.version().ref().version())
                .isGreaterThan(good.version().ref().version());
        assertThat(degraded.version().tags()).containsEntry("degraded", "true");
        assertThat(degraded.metrics().get("auc")).isLessThan(good.metrics().get("auc") - 0.1);
    }

    @Test
    void tooFewLabelledRowsIsADataQualityFailureThatLeavesNothingCached() {
        SparkSession spark = TestLakehouse.spark();
        spark.catalog().clearCache();
        // no label is dated before the demo's window
        assertThatThrownBy(() -> job.run(TestModels.churn(false), DATE.minusYears(5), "trainer", POLICY_DIGEST))
                .isInstanceOfSatisfying(
                        ScorehouseException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_QUALITY))
                .hasMessageContaining("too few labelled rows");
        assertThat(spark.sharedState().cacheManager().isEmpty())
                .as("the training set is released when the training is refused")
                .isTrue();
    }
}
