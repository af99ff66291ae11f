package io.scorehouse.jobs.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** STACK.md's ANTLR clash: Spark's SQL parser (ANTLR 4.9) and CEL (shaded ANTLR 4.13) in one JVM. */
class CelNextToSparkTest {
    @Test
    void sparkSqlAndCelPoliciesShareAJvm() {
        SparkSession spark = TestLakehouse.spark();
        assertThat(spark.sql("SELECT 1 + 1").head().getInt(0)).isEqualTo(2);

        PolicyBundle bundle = PolicyBundle.fromConf(TestLakehouse.confDir());
        assertThat(bundle.decide(
                                DecisionPoint.BATCH_DATA,
                                Map.of(
                                        "dataset",
                                        "curated.customer_features",
                                        "columns",
                                        List.of("email"),
                                        "allowed_columns",
                                        List.of("amount_30d")))
                        .failedRules())
                .containsExactly("columns_allowed");

        assertThat(spark.sql("SELECT count(*) FROM range(10) WHERE id % 2 = 0")
                        .head()
                        .getLong(0))
                .isEqualTo(5);
    }
}
