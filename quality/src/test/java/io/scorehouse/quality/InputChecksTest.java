package io.scorehouse.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.deequ.repository.memory.InMemoryMetricsRepository;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InputChecksTest {
    private static final SanitySpec SPEC = new SanitySpec(
            List.of("tenant_id", "entity_key"),
            null,
            List.of("ratio"),
            List.of("amount"),
            0.01,
            Map.of("ratio", new double[] {0, 1}, "amount", new double[] {0, Double.POSITIVE_INFINITY}),
            100,
            "tenant_id",
            5);
    private static SparkSession spark;
    private static InMemoryMetricsRepository repository;
    private static InputChecks checks;

    @BeforeAll
    static void spark() {
        spark = TestLakehouse.spark();
        repository = new InMemoryMetricsRepository();
        checks = new InputChecks(
                new RunHistory(repository, "input_checks_test", java.time.LocalDate.of(2026, 1, 1), 3, 3.0));
    }

    @Test
    void goodInputPassesEveryCheck() {
        CheckReport report = checks.sanity(rows("", 1000), SPEC);
        assertThat(report.passed()).as(report.failureSummary()).isTrue();
        assertThat(report.results())
                .extracting(CheckResult::check)
                .contains("min_rows", "unique", "max_cardinality", "complete", "null_rate", "min_value", "max_value");
        assertThat(repository.load().get().size()).isPositive();
    }

    @Test
    void eachKindOfBadInputFailsItsCheck() {
        assertFailed(checks.sanity(rows("WHERE id >= 950", 1000), SPEC), "min_rows");
        assertFailed(
                checks.sanity(
                        rows("", 1000)
                                .withColumn(
                                        "amount",
                                        org.apache.spark.sql.functions.expr(
                                                "CASE WHEN amount % 20 = 0 THEN NULL ELSE amount END")),
                        SPEC),
                "null_rate");
        assertFailed(
                checks.sanity(
                        rows("", 1000).withColumn("ratio", org.apache.spark.sql.functions.expr("ratio + 0.5")), SPEC),
                "max_value");
        assertFailed(checks.sanity(rows("", 1000).union(rows("WHERE id < 3", 1000)), SPEC), "unique");
        assertFailed(
                checks.sanity(
                        rows("", 1000)
                                .withColumn(
                                        "entity_key",
                                        org.apache.spark.sql.functions.expr(
                                                "CASE WHEN amount = 7 THEN NULL ELSE entity_key END")),
                        SPEC),
                "complete");
        CheckReport oneNullRatio = checks.sanity(
                rows("", 1000)
                        .withColumn(
                                "ratio",
                                org.apache.spark.sql.functions.expr("CASE WHEN amount = 5 THEN NULL ELSE ratio END")),
                SPEC);
        assertThat(oneNullRatio.failures())
                .extracting(f -> f.check() + "(" + f.subject() + ")")
                .containsExactly("complete(ratio)");
        assertFailed(
                checks.sanity(
                        rows("", 1000)
                                .withColumn(
                                        "tenant_id", org.apache.spark.sql.functions.expr("CAST(amount % 9 AS STRING)")),
                        SPEC),
                "max_cardinality");
    }

    @Test
    void aKeyOrdinalFromTheReaderMakesUniquenessTheShareOfFirstRows() {
        SanitySpec byOrdinal = spec("latest_ordinal", SPEC.ranges());
        CheckReport unique = checks.sanity(rows("", 1000).withColumn("latest_ordinal", functions.lit(1)), byOrdinal);
        assertThat(unique.passed()).as(unique.failureSummary()).isTrue();
        assertThat(unique.results()).extracting(CheckResult::check).contains("unique");

        // ten keys held twice at the latest time: the reader numbered their second rows 2
        Dataset<Row> keys = rows("", 1000).withColumn("latest_ordinal", functions.lit(1));
        CheckReport duplicated = checks.sanity(
                keys.union(rows("WHERE id < 10", 1000).withColumn("latest_ordinal", functions.lit(2))), byOrdinal);
        assertThat(duplicated.failures()).singleElement().satisfies(f -> {
            assertThat(f.check() + "(" + f.subject() + ")").isEqualTo("unique(tenant_id+entity_key)");
            assertThat(f.observed()).isCloseTo(1000 / 1010.0, org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    @Test
    void failuresDescribeAggregatesNotRows() {
        CheckReport report = checks.sanity(
                rows("", 1000).withColumn("ratio", org.apache.spark.sql.functions.expr("ratio + 0.5")), SPEC);
        // 49 of every 100 ratios end above 1.0
        assertThat(report.failureSummary()).isEqualTo("max_value(ratio): observed 490, expected 0 rows above 1.0");
    }

    @Test
    void aBoundHoldsOnEveryValueUpToItAndFailsOnOneRowBeyondIt() {
        CheckReport atTheBounds = checks.sanity(
                // amount starts at 0 (the bound of its range), ratio reaches 1.0 (its upper bound)
                rows("", 1000).withColumn("ratio", org.apache.spark.sql.functions.expr("(amount % 100) / 99.0D")),
                SPEC);
        assertThat(atTheBounds.passed()).as(atTheBounds.failureSummary()).isTrue();
        assertThat(atTheBounds.results())
                .filteredOn(r -> r.check().endsWith("_value"))
                .extracting(r -> r.check() + "(" + r.subject() + ")=" + r.observed())
                .containsExactlyInAnyOrder("min_value(ratio)=0.0", "max_value(ratio)=0.0", "min_value(amount)=0.0");

        CheckReport oneBelow = checks.sanity(
                rows("", 1000).withColumn("amount", org.apache.spark.sql.functions.expr("amount - 1")), SPEC);
        assertThat(oneBelow.failures()).singleElement().satisfies(f -> {
            assertThat(f.check() + "(" + f.subject() + ")").isEqualTo("min_value(amount)");
            assertThat(f.observed()).isEqualTo(1.0);
        });

        // bounds that print with a sign and an exponent (-1.0E-5, 1.0E10) are still the same numbers in SQL
        CheckReport tiny = checks.sanity(
                rows("", 1000).withColumn("amount", org.apache.spark.sql.functions.expr("amount - 0.000001")),
                withRanges(Map.of("amount", new double[] {-1.0e-5, 1.0e10})));
        assertThat(tiny.passed()).as(tiny.failureSummary()).isTrue();
        CheckReport beyond = checks.sanity(
                rows("", 1000)
                        .withColumn(
                                "amount",
                                org.apache.spark.sql.functions.expr(
                                        "CASE amount WHEN 0 THEN -0.00002D WHEN 999 THEN 1.00000001E10D ELSE amount END")),
                withRanges(Map.of("amount", new double[] {-1.0e-5, 1.0e10})));
        assertThat(beyond.failures())
                .extracting(CheckResult::describe)
                .containsExactlyInAnyOrder(
                        "min_value(amount): observed 1, expected 0 rows below -1.0E-5",
                        "max_value(amount): observed 1, expected 0 rows above 1.0E10");
    }

    @Test
    void aRangedColumnMissingFromTheInputFailsOnlyItsOwnBound() {
        CheckReport report = checks.sanity(
                rows("", 1000), withRanges(Map.of("absent", new double[] {0, 1}, "ratio", new double[] {0, 1})));
        assertThat(report.results())
                .extracting(r -> r.check() + "(" + r.subject() + ")=" + r.observed())
                .contains("min_rows(input)=1000.0", "max_value(ratio)=0.0")
                .noneMatch(r -> r.contains("absent"));
    }

    private static SanitySpec withRanges(Map<String, double[]> ranges) {
        return spec(SPEC.keyOrdinalColumn(), ranges);
    }

    private static SanitySpec spec(String keyOrdinalColumn, Map<String, double[]> ranges) {
        return new SanitySpec(
                SPEC.keyColumns(),
                keyOrdinalColumn,
                SPEC.nonNullColumns(),
                SPEC.criticalColumns(),
                SPEC.maxNullRate(),
                ranges,
                SPEC.minRows(),
                SPEC.tenantColumn(),
                SPEC.maxTenants());
    }

    @Test
    void driftIsAStandardizedMeanShift() {
        Map<String, double[]> baseline = Map.of("amount", new double[] {500, 290}, "ratio", new double[] {0.5, 0.29});
        assertThat(checks.drift(rows("", 1000), baseline, 3.0).passed()).isTrue();
        CheckReport shifted = checks.drift(
                rows("", 1000).withColumn("amount", org.apache.spark.sql.functions.expr("amount + 2000")),
                baseline,
                3.0);
        assertFailed(shifted, "mean_shift");
        assertThat(shifted.failures()).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("amount");
            assertThat(f.observed()).isGreaterThan(6.0);
        });
    }

    @Test
    void contractNamesMissingExtraAndRetypedColumns() {
        Map<String, String> contracted = new java.util.LinkedHashMap<>();
        contracted.put("a", "string");
        contracted.put("b", "double");
        contracted.put("c", "int");
        assertThat(InputChecks.contract(contracted, contracted).passed()).isTrue();

        CheckReport report = InputChecks.contract(Map.of("a", "string", "b", "string", "d", "int"), contracted);
        assertThat(report.failures())
                .extracting(f -> f.check() + "(" + f.subject() + ")")
                .containsExactlyInAnyOrder("column_type(b)", "column_present(c)", "column_contracted(d)");
        assertThat(report.failureSummary()).contains("expected double (is string)");
    }

    private static void assertFailed(CheckReport report, String check) {
        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).extracting(CheckResult::check).contains(check);
    }

    private static Dataset<Row> rows(String where, int n) {
        return spark.sql(
                "SELECT CASE WHEN id % 2 = 0 THEN 'acme' ELSE 'globex' END AS tenant_id, sha2(CAST(id AS STRING), 256) AS entity_key, "
                        + "CAST(id AS DOUBLE) AS amount, (id % 100) / 100.0D AS ratio FROM range(" + n + ") " + where);
    }
}
