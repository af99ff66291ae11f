package io.scorehouse.lakehouse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScoredStoreTest {
    private static SparkSession spark;
    private static ScoredStore store;

    @BeforeAll
    static void ensureTwice() {
        spark = TestLakehouse.spark();
        store = new ScoredStore(spark, TestLakehouse.config().catalog().name());
        store.ensure();
        store.ensure();
    }

    @Test
    void predictionsHaveTheGovernedSchemaLayoutAndMetadata() {
        assertThat(List.of(spark.table("lake.scored.predictions").columns()))
                .containsExactly(
                        "request_id",
                        "tenant_id",
                        "entity_key",
                        "model_name",
                        "model_version",
                        "model_digest",
                        "score",
                        "decision",
                        "as_of_in",
                        "as_of_out",
                        "featureset_id",
                        "explanations",
                        "reason_codes",
                        "runtime_meta",
                        "policy_digest",
                        "job_id",
                        "idempo_key",
                        "dt");
        Map<String, String> properties = properties("lake.scored.predictions");
        assertThat(properties)
                .containsEntry("format-version", "2")
                .containsEntry("write.parquet.compression-codec", "zstd")
                .containsEntry("write.parquet.bloom-filter-enabled.column.entity_key", "true")
                .containsEntry("write.merge.mode", "merge-on-read")
                .containsEntry("write.target-file-size-bytes", "8388608")
                .containsEntry("write.parquet.row-group-size-bytes", "2097152")
                .containsEntry("write.parquet.bloom-filter-ndv.column.entity_key", "5000")
                .containsEntry("write.parquet.stats-enabled.column.idempo_key", "false")
                .containsEntry("write.parquet.dict-encoding-enabled.column.request_id", "false")
                .containsEntry("write.parquet.dict-encoding-enabled.column.entity_key", "false")
                .containsEntry("write.parquet.dict-encoding-enabled.column.idempo_key", "false");
    }

    @Test
    void aStoreFromBeforeTheUniqueStringsWentWithoutDictionaryGainsTheLayout() {
        store.ensure();
        for (String table : List.of("lake.scored.predictions", "lake.scored.shadow_predictions")) {
            spark.sql("ALTER TABLE " + table + " UNSET TBLPROPERTIES ("
                    + "'write.parquet.dict-encoding-enabled.column.entity_key', "
                    + "'write.parquet.dict-encoding-enabled.column.idempo_key')");
        }

        store.ensure();

        for (String table : List.of("lake.scored.predictions", "lake.scored.shadow_predictions")) {
            assertThat(properties(table))
                    .as(table)
                    .containsEntry("write.parquet.dict-encoding-enabled.column.entity_key", "false")
                    .containsEntry("write.parquet.dict-encoding-enabled.column.idempo_key", "false");
        }
    }

    @Test
    void sortOrderAndPartitioningAreRecordedInIcebergMetadata() {
        String created =
                spark.sql("SHOW CREATE TABLE lake.scored.predictions").head().getString(0);
        assertThat(created)
                .contains("PARTITIONED BY (model_name, dt, tenant_id)", "'sort-order' = 'entity_key ASC NULLS FIRST'");
    }

    @Test
    void viewsExposeOnlyWhatTheirReadersNeed() {
        // the recon counts the reason codes its matched scores carried, never their contributions
        assertThat(List.of(spark.table("lake.scored.v_recon").columns()))
                .contains("request_id", "reason_codes")
                .doesNotContain("explanations", "runtime_meta", "idempo_key");
        assertThat(List.of(spark.table("lake.scored.v_last").columns()))
                .contains("entity_key", "score")
                .doesNotContain("recency");
        assertThat(List.of(spark.table("lake.scored.v_history").columns())).contains("explanations", "reason_codes");
        assertThat(spark.table("lake.scored.shadow_predictions").columns())
                .isEqualTo(spark.table("lake.scored.predictions").columns());
        for (String table : List.of("lake.ops.run_manifests", "lake.ops.events", "lake.ops.audit")) {
            assertThat(spark.catalog().tableExists(table)).as(table).isTrue();
        }
    }

    @Test
    void viewsCarryATrinoDialectWithTheSparkColumnsAndRunAsTheirOwner() {
        TrinoDialect dialect = new TrinoDialect(spark, "lake");
        for (String view : List.of(ScoredStore.V_LAST, ScoredStore.V_HISTORY, ScoredStore.V_RECON)) {
            TrinoDialect.Described described = dialect.describe(view);
            assertThat(described.sqlByDialect()).containsOnlyKeys("spark", "trino");
            assertThat(described.properties()).containsEntry("trino.run-as-owner", "scorehouse");
            // Trino's select list names Spark's columns in Spark's order, each cast to the type the schema records.
            String trino = described.sqlByDialect().get("trino");
            List<String> aliases = java.util.regex.Pattern.compile("\\bAS (\\w+),?(?:\\n|$)")
                    .matcher(trino.substring(0, trino.indexOf("\nFROM ")))
                    .results()
                    .map(m -> m.group(1))
                    .toList();
            assertThat(aliases)
                    .as(view)
                    .containsExactly(spark.table("lake." + view).columns());
            assertThat(described.sqlByDialect().get("trino"))
                    .as(view)
                    .contains("lake.scored.predictions")
                    .doesNotContain("${");
        }
        int before = dialect.describe(ScoredStore.V_LAST).versionId();
        store.ensure();
        assertThat(dialect.describe(ScoredStore.V_LAST).versionId())
                .as("ensure on a complete store")
                .isEqualTo(before);
    }

    @Test
    void aStoreFromBeforeReasonCodesGainsTheColumnAndTheViewShowsIt() {
        store.ensure();
        for (String table : List.of("lake.scored.predictions", "lake.scored.shadow_predictions")) {
            spark.sql("ALTER TABLE " + table + " DROP COLUMN reason_codes");
        }
        // the view of an older home, in both dialects
        spark.sql("ALTER VIEW lake.scored.v_history SET TBLPROPERTIES ('replace.drop-dialect.allowed' = 'true')");
        spark.sql("CREATE OR REPLACE VIEW lake.scored.v_history AS SELECT request_id, tenant_id, entity_key, score "
                + "FROM lake.scored.predictions");
        spark.sql("ALTER VIEW lake.scored.v_history UNSET TBLPROPERTIES ('replace.drop-dialect.allowed')");
        new TrinoDialect(spark, "lake").ensure(List.of(ScoredStore.V_HISTORY));

        store.ensure();

        List<String> columns = List.of(spark.table("lake.scored.predictions").columns());
        assertThat(columns.indexOf("reason_codes")).isEqualTo(columns.indexOf("explanations") + 1);
        assertThat(spark.table("lake.scored.shadow_predictions").columns())
                .isEqualTo(spark.table("lake.scored.predictions").columns());
        assertThat(List.of(spark.table("lake.scored.v_history").columns())).contains("explanations", "reason_codes");
        // the permission to drop the Trino dialect was taken back once the Trino SQL was written again
        assertThat(properties("lake.scored.v_history")).doesNotContainKey("replace.drop-dialect.allowed");
    }

    private Map<String, String> properties(String table) {
        return spark.sql("SHOW TBLPROPERTIES " + table).collectAsList().stream()
                .collect(Collectors.toMap(row -> row.getString(0), row -> row.getString(1)));
    }
}
