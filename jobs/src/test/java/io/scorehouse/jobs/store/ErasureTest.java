package io.scorehouse.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.jobs.cli.CliRunner;
import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.RatePacer;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.controlplane.Erasures;
import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.spark.CuratedTables;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.lakehouse.spark.TableMaintenance;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure on real Iceberg tables and the real hot store: one entity of a tenant of its own goes
 * from every table, every live data file, every retained snapshot and the hot store; every other
 * entity's rows stay exactly as they were; holds refuse it; the certificate verifies and a
 * tampered one does not; the raw id appears in no evidence.
 */
class ErasureTest {
    private static final String TENANT = "erz";
    private static final String CANARY = "CANARY-ERASE-0007";
    private static final String LEDGER = "erz_ledger";
    private static final int ENTITIES = 40;
    private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
    private static SparkSession spark;
    private static ScorehouseConfig config;
    private static EntityTokenizer tokenizer;
    private static long snapshotWithTheEntity;

    @BeforeAll
    static void threeDaysOfScoresAndAHotStore() {
        spark = TestLakehouse.spark();
        config = TestLakehouse.config();
        tokenizer = EntityTokenizer.fromConfig(config);
        new ScoredStore(spark, "lake").ensure();
        List<LastScores.LastScore> last = new ArrayList<>();
        for (int day = 1; day <= 3; day++) {
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < ENTITIES; i++) {
                String key = tokenizer.token(TENANT, id(i));
                double score = ((i * 37 + day * 11) % 100) / 100.0;
                rows.add("('req-" + day + "-" + i + "', '" + TENANT + "', '" + key + "', 'churn', 1, 'sha256:"
                        + "a".repeat(64)
                        + "', " + score + ", 'low', TIMESTAMP'2026-11-0" + day + " 12:00:00', TIMESTAMP'2026-11-0" + day
                        + " 13:00:00', 'fs', array(named_struct('feature', 'f', 'contribution', 0.1D)), array('C01'), map('quality', 'ok'), "
                        + "'sha256:" + "b".repeat(64) + "', 'erz_job_" + day + "', 'idem-" + day + "-" + i
                        + "', DATE'2026-11-0"
                        + day + "')");
                if (day == 3) {
                    last.add(new LastScores.LastScore(
                            TENANT,
                            key,
                            "churn",
                            1,
                            score,
                            "low",
                            1_000L + i,
                            "erz_job_3",
                            "idem-3-" + i,
                            "req-3-" + i));
                }
            }
            String values = String.join(", ", rows);
            spark.sql("INSERT INTO lake.scored.predictions VALUES " + values);
            if (day == 2) {
                spark.sql("INSERT INTO lake.scored.shadow_predictions VALUES " + values);
            }
        }
        new LastScores(controlPlane()).upsert(last.iterator(), RatePacer.system(0));
        ledger(LEDGER, TENANT, true);
        snapshotWithTheEntity = new TableMaintenance(spark, "lake").currentSnapshot("scored.predictions");
    }

    @Test
    void erasesOneEntityEverywhereProvesItAndLeavesEveryOtherRowAsItWas() throws IOException {
        String key = tokenizer.token(TENANT, CANARY);
        String others = othersChecksum(key);
        String otherDecisions = otherDecisionsChecksum(key);
        assertThat(rowsOf(key, "scored.predictions")).isEqualTo(3);
        assertThat(ledgerRows(key)).isEqualTo(2);
        assertThat(filesHolding(key)).isPositive();

        CliRunner.Result held = cli(
                "store",
                "hold",
                "add",
                "--hold",
                "LIT-1",
                "--tenant",
                TENANT,
                "--entity-id",
                CANARY,
                "--reason",
                "litigation");
        assertThat(held.code()).as(held.toString()).isZero();
        CliRunner.Result refused = erase("DSR-1");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err()).contains("LIT-1").doesNotContain(CANARY);
        assertThat(rowsOf(key, "scored.predictions")).isEqualTo(3);
        assertThat(cli("store", "hold", "list").out())
                .contains("LIT-1", "active")
                .doesNotContain(CANARY, key);
        assertThat(cli("store", "hold", "remove", "--hold", "LIT-1").code()).isZero();

        String listingParallelism = spark.conf().get(LISTING_PARALLELISM);
        CliRunner.Result erased = erase("DSR-1");
        assertThat(erased.code()).as(erased.toString()).isZero();
        assertThat(erased.out()).startsWith("erased DSR-1: certificate ");
        Path certificate = Path.of(erased.out().strip().substring("erased DSR-1: certificate ".length()));
        // The ledger's VACUUM ran with a narrowed listing parallelism and no retention check; the session has its
        // own settings back.
        assertThat(spark.conf().get(LISTING_PARALLELISM)).isEqualTo(listingParallelism);
        assertThat(spark.conf().get(RETENTION_CHECK)).isEqualTo("true");

        // Gone: from the tables, from every file any snapshot reaches, from old snapshots, from disk, from the hot
        // store.
        assertThat(rowsOf(key, "scored.predictions")).isZero();
        assertThat(rowsOf(key, "scored.shadow_predictions")).isZero();
        assertThat(filesHolding(key)).isZero();
        assertThat(parquetFilesOnDiskHolding(key)).isZero();
        assertThatThrownBy(() -> spark.sql(
                                "SELECT count(*) FROM lake.scored.predictions VERSION AS OF " + snapshotWithTheEntity)
                        .collect())
                .hasMessageContaining(String.valueOf(snapshotWithTheEntity));
        assertThat(spark.sql("SELECT count(*) FROM lake.scored.predictions.snapshots")
                        .head()
                        .getLong(0))
                .isEqualTo(1);
        assertThat(new LastScores(controlPlane()).count(TENANT, key)).isZero();
        // The decisions ledger (Delta): no row, no file on disk, no older version to travel back to.
        assertThat(ledgerRows(key)).isZero();
        assertThat(ledgerFilesOnDiskHolding(key)).isZero();
        // (count(*) would be answered from the log's row counts; reading a column needs the files)
        assertThatThrownBy(() -> spark.sql("SELECT max(entity_key) FROM curated." + LEDGER + " VERSION AS OF 0")
                        .collect())
                .hasMessageContaining(".parquet");
        // Everyone else: same rows, same content.
        assertThat(othersChecksum(key)).isEqualTo(others);
        assertThat(otherDecisionsChecksum(key)).isEqualTo(otherDecisions);
        assertThat(new LastScores(controlPlane()).entityKeys(TENANT)).hasSize(ENTITIES - 1);

        // The deletion log: who, why, when, what; no id, no key.
        List<String> log = spark
                .sql("SELECT table_name, rows_deleted, actor, reason, request_id, predicate, "
                        + "CAST(rows_by_job AS STRING), occurred_at FROM lake.ops.deletion_log WHERE request_id = 'DSR-1' "
                        + "ORDER BY table_name")
                .collectAsList()
                .stream()
                .map(row -> row.mkString("|"))
                .toList();
        assertThat(log).hasSize(4);
        assertThat(log.get(0)).startsWith("controlplane.last_scores|1|").contains("|erasure|DSR-1|");
        assertThat(log.get(1)).startsWith("scored.predictions|3|").contains("erz_job_1 -> 1", "erz_job_3 -> 1");
        assertThat(log.get(2)).startsWith("scored.shadow_predictions|1|");
        assertThat(log.get(3)).startsWith("spark_catalog.curated." + LEDGER + "|2|");
        assertThat(String.join("\n", log)).doesNotContain(CANARY, key).contains(Digests.sha256Hex(key));

        // The certificate: signed, names the digest, never the id or key; verify passes, a re-run is a no-op.
        String text = Files.readString(certificate);
        assertThat(text)
                .contains("\"request_id\" : \"DSR-1\"", Digests.sha256Hex(key))
                .doesNotContain(CANARY, key);
        CliRunner.Result verified = cli("store", "verify", "--erasure", certificate.toString());
        assertThat(verified.code()).as(verified.toString()).isZero();
        assertThat(verified.out()).startsWith("absent: request DSR-1");
        CliRunner.Result again = erase("DSR-1");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).startsWith("already erased DSR-1");
        assertThat(spark.sql("SELECT count(*) FROM lake.ops.deletion_log WHERE request_id = 'DSR-1'")
                        .head()
                        .getLong(0))
                .isEqualTo(4);
        assertThat(new Erasures(controlPlane(), Clock.systemUTC()).suppressedKeys())
                .contains(TENANT + "|" + Digests.sha256Hex(key));
        CliRunner.Result suppressed = cli("store", "suppression", "list");
        assertThat(suppressed.out())
                .contains("DSR-1", Digests.sha256Hex(key).substring(0, 12))
                .doesNotContain(CANARY, key);

        // The same request id for another entity is a usage error; a tampered certificate fails verification.
        CliRunner.Result reused =
                cli("store", "erase", "--tenant", TENANT, "--entity-id", id(3), "--request", "DSR-1", "--reason", "x");
        assertThat(reused.code()).as(reused.toString()).isEqualTo(2);
        Files.writeString(certificate, text.replace("\"tenant\" : \"erz\"", "\"tenant\" : \"erx\""));
        CliRunner.Result tampered = cli("store", "verify", "--erasure", certificate.toString());
        assertThat(tampered.code()).as(tampered.toString()).isEqualTo(5);
        assertThat(tampered.err()).contains("certificate.json changed since it was signed");
        Files.writeString(certificate, text);

        // Upstream erased too: the suppression is lifted (audited), once; an unknown request is a usage error.
        CliRunner.Result lifted =
                cli("store", "suppression", "lift", "--request", "DSR-1", "--reason", "upstream erased 2026-11-30");
        assertThat(lifted.code()).as(lifted.toString()).isZero();
        assertThat(lifted.out()).startsWith("lifted the suppression of DSR-1");
        assertThat(new Erasures(controlPlane(), Clock.systemUTC()).suppressedKeys())
                .doesNotContain(TENANT + "|" + Digests.sha256Hex(key));
        assertThat(cli("store", "suppression", "lift", "--request", "DSR-1", "--reason", "again")
                        .out())
                .contains("already lifted");
        assertThat(cli("store", "suppression", "lift", "--request", "DSR-404", "--reason", "x")
                        .code())
                .isEqualTo(2);

        String audit = auditChain();
        assertThat(audit)
                .contains("store.erase.certified", "store.hold.add", "store.suppression.lifted")
                .doesNotContain(CANARY, key);
    }

    @Test
    void aLedgerWhoseLogKeepsKeyStatisticsCannotBeCertified() throws IOException {
        String ledger = "erz_indexed";
        // A tenant of its own, so this erasure touches none of the other test's rows.
        ledger(ledger, "erq", false);
        try {
            CliRunner.Result refused = cli(
                    "store",
                    "erase",
                    "--tenant",
                    "erq",
                    "--entity-id",
                    id(8),
                    "--request",
                    "DSR-2",
                    "--reason",
                    "data-subject request");
            assertThat(refused.code()).as(refused.toString()).isEqualTo(5);
            assertThat(refused.err())
                    .contains("spark_catalog.curated." + ledger + ": its Delta log keeps entity_key statistics")
                    .doesNotContain(id(8), tokenizer.token("erq", id(8)));
            // Not certified: its key stays suppressed.
            CliRunner.Result early = cli("store", "suppression", "lift", "--request", "DSR-2", "--reason", "too early");
            assertThat(early.code()).as(early.toString()).isEqualTo(3);
            assertThat(early.err()).contains("not certified yet");
        } finally {
            spark.sql("DROP TABLE IF EXISTS curated." + ledger);
            deleteTree(
                    Path.of(CuratedTables.location(config.warehouse(), ledger).replace("file:", "")));
        }
    }

    @Test
    void badInputIsAOneLineUsageError() {
        assertThat(cli(
                                "store",
                                "erase",
                                "--tenant",
                                TENANT,
                                "--entity-id",
                                CANARY,
                                "--request",
                                "../etc",
                                "--reason",
                                "x")
                        .code())
                .isEqualTo(2);
        CliRunner.Result empty =
                cli("store", "erase", "--tenant", TENANT, "--entity-id", " ", "--request", "DSR-9", "--reason", "x");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("--entity-id: the entity id is empty");
        CliRunner.Result both = cli(
                "store",
                "erase",
                "--tenant",
                TENANT,
                "--entity-id",
                CANARY,
                "--entity-id-file",
                "-",
                "--request",
                "DSR-9",
                "--reason",
                "x");
        assertThat(both.code()).isEqualTo(2);
        assertThat(cli("store", "hold", "remove", "--hold", "NO-SUCH").code()).isEqualTo(2);
        assertThat(cli("store", "verify", "--erasure", "/no/such/certificate.json")
                        .code())
                .isEqualTo(2);
    }

    private static CliRunner.Result erase(String request) {
        return cli(
                "store",
                "erase",
                "--tenant",
                TENANT,
                "--entity-id",
                CANARY,
                "--request",
                request,
                "--reason",
                "data-subject request under LGPD art. 18");
    }

    private static CliRunner.Result cli(String... args) {
        return CliRunner.run(() -> config, spark, args);
    }

    private static String id(int i) {
        return i == 7 ? CANARY : String.format("ERZ-%03d", i);
    }

    private static long rowsOf(String key, String table) {
        return spark.sql("SELECT count(*) FROM lake." + table + " WHERE entity_key = '" + key + "'")
                .head()
                .getLong(0);
    }

    private static long filesHolding(String key) {
        TableMaintenance tables = new TableMaintenance(spark, "lake");
        return tables.rowsInFiles(tables.reachableDataFiles("scored.predictions"), "entity_key = '" + key + "'");
    }

    /** Every Parquet file under the scored tables' directories, reachable or not. */
    private static long parquetFilesOnDiskHolding(String key) throws IOException {
        List<String> files;
        try (Stream<Path> walk =
                Files.walk(Path.of(config.warehouse().replace("file:", "")).resolve("scored"))) {
            files = walk.filter(p -> p.toString().endsWith(".parquet"))
                    .filter(p -> !p.toString().contains("delete"))
                    .map(Path::toString)
                    .toList();
        }
        return files.isEmpty()
                ? 0
                : spark.read()
                        .parquet(files.toArray(String[]::new))
                        .where("entity_key = '" + key + "'")
                        .count();
    }

    /**
     * A Delta decisions ledger of the tenant under the curated root: two decisions per entity. With
     * {@code keyUnindexed} the log keeps no statistics of the key (as the demo ledger is written).
     */
    private static void ledger(String table, String tenant, boolean keyUnindexed) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < ENTITIES; i++) {
            String key = tokenizer.token(tenant, id(i));
            for (int d = 1; d <= 2; d++) {
                rows.add("('DEC-" + d + "-" + i + "', '" + tenant + "', '" + key + "', 'churn', '"
                        + (i % 2 == 0 ? "approve" : "deny") + "', DATE'2026-11-0" + d + "')");
            }
        }
        var writer = spark.sql("SELECT * FROM VALUES " + String.join(", ", rows)
                        + " AS t(decision_id, tenant_id, entity_key, model_name, decision, decision_date)")
                .write()
                .format("delta")
                .mode("overwrite")
                .partitionBy("decision_date");
        if (keyUnindexed) {
            writer = writer.option("delta.dataSkippingStatsColumns", "decision_id,tenant_id,model_name,decision");
        }
        writer.save(CuratedTables.location(config.warehouse(), table));
        CuratedTables.register(spark, config.warehouse(), table);
    }

    private static long ledgerRows(String key) {
        return spark.sql("SELECT count(*) FROM curated." + LEDGER + " WHERE entity_key = '" + key + "'")
                .head()
                .getLong(0);
    }

    private static long ledgerFilesOnDiskHolding(String key) throws IOException {
        try (Stream<Path> walk = Files.walk(
                Path.of(CuratedTables.location(config.warehouse(), LEDGER).replace("file:", "")))) {
            String[] files = walk.filter(p -> p.toString().endsWith(".parquet"))
                    .filter(p -> !p.toString().contains("_delta_log"))
                    .map(Path::toString)
                    .toArray(String[]::new);
            return spark.read()
                    .parquet(files)
                    .where("entity_key = '" + key + "'")
                    .count();
        }
    }

    private static String otherDecisionsChecksum(String key) {
        return spark.sql("SELECT count(*), sum(hash(decision_id, entity_key, decision, decision_date)) FROM curated."
                        + LEDGER + " WHERE entity_key <> '" + key + "'")
                .head()
                .mkString("|");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String othersChecksum(String key) {
        return spark.sql(
                        "SELECT count(*), sum(hash(request_id, entity_key, score, idempo_key, dt)) FROM lake.scored.predictions "
                                + "WHERE tenant_id = '" + TENANT + "' AND entity_key <> '" + key + "'")
                .head()
                .mkString("|");
    }

    private static String auditChain() {
        return Stream.of(
                        new io.scorehouse.lakehouse.controlplane.AuditChain(controlPlane(), Clock.systemUTC()).tail(50))
                .flatMap(List::stream)
                .map(Object::toString)
                .collect(Collectors.joining("\n"));
    }

    private static ControlPlane controlPlane() {
        ControlPlane controlPlane = new ControlPlane(config.catalog());
        controlPlane.migrate();
        return controlPlane;
    }
}
