package io.scorehouse.jobs.score;

import static io.scorehouse.jobs.testing.PrometheusSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.jobs.testing.DemoHome;
import io.scorehouse.jobs.testing.Launcher;
import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.run.CrashPoints;
import io.scorehouse.lakehouse.spark.LakehouseSession;
import io.scorehouse.lakehouse.spark.PublishProtocol;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exactly-once under process death and concurrency, with real processes: bin/scorehouse runs
 * are halted (as kill -9) at named points of the run, then re-run; concurrent runs race for
 * one key and for different keys; an erasure is halted at each of its points, then completed by
 * its re-run. This JVM only reads the shared lakehouse to check outcomes.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ExactlyOnceIT {
    private static final String DATE = DemoHome.DATE;
    private static Path home;
    private static Launcher launcher;
    private static SparkSession spark;
    private static Set<String> reference;

    @BeforeAll
    static void demoLakehouseWithOneUninterruptedRun() throws Exception {
        home = DemoHome.restore();
        launcher = new Launcher(home, Map.of());
        spark = LakehouseSession.open(
                new ConfigLoader(TestLakehouse.environmentFor(home)).load(TestLakehouse.confDir()), "exactly-once-it");
        // The reference is an uninterrupted run under the allocation every later run sees (the demo may leave its
        // small-sample canary holding at 1 %, so the demo's own first run is not that reference).
        Launcher.Result uninterrupted =
                launcher.run("score", "--pipeline", "churn_daily", "--date", DATE, "--job-id", "reference");
        assertThat(uninterrupted.code()).as(uninterrupted.toString()).isZero();
        reference = scoresOf("reference");
        assertThat(reference).hasSizeGreaterThan(1000);
    }

    private static final List<String> HALT_POINTS =
            List.of("before-staging", "staged", "audited", "published", "finalizing", "finalized-ops");

    /** What happened to one halted run: the halted process, the rows readers saw after it, its re-run. */
    private record Halted(Launcher.Result crashed, long visibleAfterCrash, Launcher.Result rerun) {}

    private static Map<String, Future<Halted>> halted;

    /**
     * The six halted runs and their re-runs, two jobs at a time (different keys, as {@link
     * #simultaneousRunsOfDifferentKeysBothPublish}): one process leaves a core idle on two, and each job's own
     * sequence — halt, look, wait out the lease, re-run — is unchanged. Started once; each point's test waits
     * for its own job, so one job's failure fails only its point.
     */
    private static synchronized Halted haltedRun(String point) throws Exception {
        if (halted == null) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Map<String, Future<Halted>> futures = new LinkedHashMap<>();
            for (String each : HALT_POINTS) {
                futures.put(each, pool.submit(() -> haltAndRerun(each)));
            }
            pool.shutdown(); // no new work; the submitted jobs run to their end
            halted = futures;
        }
        return halted.get(point).get();
    }

    private static Halted haltAndRerun(String point) throws Exception {
        String job = jobHaltedAt(point);
        Launcher.Result crashed = new Launcher(home, Map.of(CrashPoints.VARIABLE, point))
                .run("score", "--pipeline", "churn_daily", "--date", DATE, "--job-id", job, "--lease-seconds", "2");
        long visible;
        synchronized (HALT_POINTS) {
            visible = rows(job);
        }
        Thread.sleep(2_500);
        return new Halted(crashed, visible, score(job));
    }

    static List<String> haltPoints() {
        return HALT_POINTS;
    }

    private static String jobHaltedAt(String point) {
        return "crash_" + point.replace('-', '_');
    }

    @ParameterizedTest(name = "halted at {0}")
    @MethodSource("haltPoints")
    void aRunKilledAtAnyPointIsCompletedByItsRerunExactlyOnce(String point) throws Exception {
        String job = jobHaltedAt(point);
        Halted run = haltedRun(point);
        assertThat(run.crashed().code()).as(run.crashed().toString()).isEqualTo(CrashPoints.HALT_STATUS);

        boolean beforePublish = List.of("before-staging", "staged", "audited").contains(point);
        assertThat(run.visibleAfterCrash())
                .as("readers see all or nothing")
                .isEqualTo(beforePublish ? 0 : reference.size());

        assertThat(run.rerun().code()).as(run.rerun().toString()).isZero();
        assertThat(rows(job)).isEqualTo(reference.size());
        assertThat(distinctIdempotencyKeys(job)).isEqualTo(reference.size());
        assertThat(scoresOf(job)).isEqualTo(reference);
        // only this run's branch: the job halted beside it may still hold its own until its re-run
        assertThat(branchesLeft(PublishProtocol.branchName(job + "/dt=" + DATE)))
                .isZero();
    }

    @Test
    void twoSimultaneousRunsOfOneKeyPublishOnce() throws Exception {
        CompletableFuture<Launcher.Result> first = CompletableFuture.supplyAsync(() -> score("race_same"));
        CompletableFuture<Launcher.Result> second = CompletableFuture.supplyAsync(() -> score("race_same"));
        List<Launcher.Result> results = List.of(first.get(), second.get());

        assertThat(results).anySatisfy(r -> assertThat(r.out()).contains("published race_same"));
        assertThat(results)
                .allSatisfy(r -> assertThat(
                                r.code() == 0 || (r.code() == 3 && r.err().contains("run in progress")))
                        .as(r.toString())
                        .isTrue());
        assertThat(rows("race_same")).isEqualTo(reference.size());
        assertThat(distinctIdempotencyKeys("race_same")).isEqualTo(reference.size());
        // the attempt refused while the other ran leaves the run's metrics alone
        assertThat(sample(
                        java.nio.file.Files.readString(home.resolve("runs/race_same/metrics.prom")),
                        "scorehouse_job_exit_code"))
                .isZero();
        refresh();
        assertThat(spark.sql(
                                "SELECT count(*) FROM lake.scored.predictions.snapshots WHERE summary['scorehouse.run-key'] = "
                                        + "'race_same/dt=" + DATE + "'")
                        .head()
                        .getLong(0))
                .isEqualTo(1);
    }

    @Test
    void simultaneousRunsOfDifferentKeysBothPublish() throws Exception {
        CompletableFuture<Launcher.Result> left = CompletableFuture.supplyAsync(() -> score("race_left"));
        CompletableFuture<Launcher.Result> right = CompletableFuture.supplyAsync(() -> score("race_right"));
        Launcher.Result a = left.get();
        Launcher.Result b = right.get();
        assertThat(a.code()).as(a.toString()).isZero();
        assertThat(b.code()).as(b.toString()).isZero();
        assertThat(rows("race_left")).isEqualTo(reference.size());
        assertThat(rows("race_right")).isEqualTo(reference.size());
        assertThat(rows("churn_daily_" + DATE)).isEqualTo(reference.size());
    }

    /**
     * Last: one sweep checks every finalized run against its signed manifest (rows = the manifest's less the
     * logged deletions, so the runs that published the erased entity still verify) and finds no published
     * snapshot without a finalized run — so every re-run above finalized what it published. One JVM for all
     * of them, where a {@code verify --run} per run cost a JVM each.
     */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void everyRunPublishedHereVerifies() throws Exception {
        Launcher.Result sweep = launcher.run("store", "verify");
        assertThat(sweep.code()).as(sweep.toString()).isZero();
        assertThat(sweep.out()).doesNotContain("problem:").contains(" 0 problems;");
        assertThat(branchesLeft("%")).as("no run left a WAP branch behind").isZero();
    }

    /**
     * After the crash and race tests: the erasure suppresses a key, which every later run of this home would
     * skip. (Its idempotent re-run and bad input are {@code ErasureTest}'s; here, recovery from process death.)
     */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE - 1)
    void anErasureHaltedAtEachOfItsPointsIsCompletedByItsRerunOnce() throws Exception {
        Path idFile = home.resolve("dsr-entity.txt");
        String rawId = spark.sql(
                        "SELECT cust_id FROM curated.customer_features WHERE tenant_id = 'globex' ORDER BY cust_id LIMIT 1")
                .head()
                .getString(0);
        java.nio.file.Files.writeString(idFile, rawId + "\n");
        String[] erase = {
            "store",
            "erase",
            "--tenant",
            "globex",
            "--entity-id-file",
            idFile.toString(),
            "--request",
            "DSR-KILL-1",
            "--reason",
            "LGPD art. 18"
        };
        for (String point : List.of("erase-after-delete", "erase-after-expire", "erase-after-certificate")) {
            Launcher.Result halted = new Launcher(home, Map.of(CrashPoints.VARIABLE, point)).run(erase);
            assertThat(halted.code()).as(point + ": " + halted).isEqualTo(CrashPoints.HALT_STATUS);
        }
        Launcher.Result completed = launcher.run(erase);
        assertThat(completed.code()).as(completed.toString()).isZero();
        assertThat(completed.out()).startsWith("erased DSR-KILL-1: certificate ");
        String certificate = completed.out().strip().substring("erased DSR-KILL-1: certificate ".length());
        Launcher.Result verified = launcher.run("store", "verify", "--erasure", certificate);
        assertThat(verified.code()).as(verified.toString()).isZero();
        assertThat(verified.out()).startsWith("absent: request DSR-KILL-1");
        // The demo's decisions ledger (Delta) is among the stores searched and erased.
        assertThat(java.nio.file.Files.readString(Path.of(certificate))).contains("spark_catalog.curated.decisions");
        spark.sql("REFRESH TABLE lake.ops.deletion_log");
        assertThat(spark.sql("SELECT table_name, count(*) FROM lake.ops.deletion_log WHERE request_id = 'DSR-KILL-1' "
                                + "GROUP BY table_name HAVING count(*) > 1")
                        .count())
                .as("one deletion-log row per table, however often the erasure ran")
                .isZero();
        assertThat(spark.sql("SELECT sum(rows_deleted) FROM lake.ops.deletion_log WHERE request_id = 'DSR-KILL-1' AND "
                                + "table_name = 'scored.predictions'")
                        .head()
                        .getLong(0))
                .isPositive();
        for (Launcher.Result run : List.of(completed, verified)) {
            assertThat(run.out() + run.err()).doesNotContain(rawId);
        }
    }

    private static Launcher.Result score(String job) {
        try {
            return launcher.run("score", "--pipeline", "churn_daily", "--date", DATE, "--job-id", job);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void refresh() {
        spark.sql("REFRESH TABLE lake.scored.predictions");
    }

    private static long rows(String job) {
        refresh();
        return spark.sql("SELECT count(*) FROM lake.scored.predictions WHERE job_id = '" + job + "'")
                .head()
                .getLong(0);
    }

    private static long distinctIdempotencyKeys(String job) {
        refresh();
        return spark.sql("SELECT count(DISTINCT idempo_key) FROM lake.scored.predictions WHERE job_id = '" + job + "'")
                .head()
                .getLong(0);
    }

    /** What a run decided per entity, independent of its job id: tenant, entity key, score, decision. */
    private static Set<String> scoresOf(String job) {
        refresh();
        return Set.copyOf(spark
                .sql("SELECT concat_ws('|', tenant_id, entity_key, CAST(score AS STRING), decision) FROM "
                        + "lake.scored.predictions WHERE job_id = '" + job + "'")
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .toList());
    }

    /** Branches other than {@code main} whose name is like {@code pattern}. */
    private static long branchesLeft(String pattern) {
        refresh();
        return spark.sql("SELECT count(*) FROM lake.scored.predictions.refs WHERE type = 'BRANCH' AND name <> 'main'"
                        + " AND name LIKE '" + pattern + "'")
                .head()
                .getLong(0);
    }
}
