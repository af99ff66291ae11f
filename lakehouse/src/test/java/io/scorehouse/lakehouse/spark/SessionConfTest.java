package io.scorehouse.lakehouse.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionConfTest {
    private static final String SET = "spark.scorehouse.test.set";
    private static final String UNSET = "spark.scorehouse.test.unset";
    private final SparkSession spark = TestLakehouse.spark();

    @AfterEach
    void clear() {
        spark.conf().unset(SET);
        spark.conf().unset(UNSET);
    }

    @Test
    void settingsHoldDuringTheWorkAndAreThenPutBack() {
        spark.conf().set(SET, "before");

        String seen = SessionConf.during(
                spark,
                Map.of(SET, "during", UNSET, "on"),
                () -> spark.conf().get(SET) + "/" + spark.conf().get(UNSET));

        assertThat(seen).isEqualTo("during/on");
        assertThat(spark.conf().get(SET)).isEqualTo("before");
        assertThat(spark.conf().contains(UNSET)).isFalse();
    }

    @Test
    void settingsArePutBackWhenTheWorkFails() {
        spark.conf().set(SET, "before");

        assertThatThrownBy(() -> SessionConf.during(spark, Map.of(SET, "during", UNSET, "on"), () -> {
                    throw new IllegalStateException("the work failed");
                }))
                .hasMessage("the work failed");

        assertThat(spark.conf().get(SET)).isEqualTo("before");
        assertThat(spark.conf().contains(UNSET)).isFalse();
    }
}
