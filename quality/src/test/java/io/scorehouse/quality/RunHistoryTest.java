package io.scorehouse.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Run history in the control-plane Deequ repository, and anomaly flags against it. */
class RunHistoryTest {
    private static final SanitySpec SPEC = new SanitySpec(
            List.of("tenant_id", "entity_key"),
            null,
            List.of(),
            List.of("amount"),
            0.01,
            Map.of(),
            100,
            "tenant_id",
            5);
    private static final Map<String, double[]> BASELINE = Map.of("amount", new double[] {500, 290});
    private static final LocalDate FIRST = LocalDate.of(2026, 3, 1);

    private static SparkSession spark;
    private static ControlPlane controlPlane;

    @BeforeAll
    static void lakehouse() {
        spark = TestLakehouse.spark();
        controlPlane = new ControlPlane(TestLakehouse.config().catalog());
        controlPlane.migrate();
    }

    @Test
    void aMeanUnlikeEarlierRunsIsFlaggedWithoutFailingTheDriftCheck() {
        for (int day = 0; day < 6; day++) {
            InputReports reports = checks("history_shift", FIRST.plusDays(day))
                    .sanityAndDrift(rows(1000 + day * 7, day), SPEC, BASELINE, 3.0);
            assertThat(reports.anomalies().passed())
                    .as("day %d: %s", day, reports.anomalies().failureSummary())
                    .isTrue();
        }
        // +100 on a mean that moved by ~1 a day: well inside the baseline drift bound (0.35 std), far outside the
        // history.
        InputReports today = checks("history_shift", FIRST.plusDays(6))
                .sanityAndDrift(
                        rows(1042, 6).withColumn("amount", org.apache.spark.sql.functions.expr("amount + 100")),
                        SPEC,
                        BASELINE,
                        3.0);
        assertThat(today.drift().passed()).as("baseline drift").isTrue();
        CheckReport history = today.anomalies();
        assertThat(history.family()).isEqualTo("history");
        assertThat(history.failures())
                .as(history.results().toString())
                .extracting(CheckResult::subject)
                .containsExactly("mean:amount");
        assertThat(history.failures().get(0).expectation()).contains("6 earlier runs");
    }

    @Test
    void tooLittleHistoryFlagsNothingAndSaysSo() {
        InputReports reports = checks("history_short", FIRST).sanityAndDrift(rows(1000, 0), SPEC, BASELINE, 3.0);
        assertThat(reports.anomalies().passed()).isTrue();
        assertThat(reports.anomalies().results())
                .allSatisfy(r -> assertThat(r.expectation()).startsWith("history of 0 runs"));
    }

    @Test
    void historyIsKeptInTheControlPlaneAndARerunReplacesItsDate() throws SQLException {
        for (int day = 0; day < 3; day++) {
            checks("history_kept", FIRST.plusDays(day)).sanityAndDrift(rows(1000, day), SPEC, BASELINE, 3.0);
        }
        checks("history_kept", FIRST.plusDays(1)).sanityAndDrift(rows(1000, 1), SPEC, BASELINE, 3.0);
        assertThat(storedResults("history_kept")).isEqualTo(3);
        // A new repository over the same database (another run, another JVM) sees the history.
        InputReports fourth = new InputChecks(new RunHistory(
                        new ControlPlaneMetricsRepository(controlPlane, Clock.systemUTC()),
                        "history_kept",
                        FIRST.plusDays(3),
                        2,
                        3.0))
                .sanityAndDrift(rows(1000, 3), SPEC, BASELINE, 3.0);
        assertThat(fourth.anomalies().results())
                .allSatisfy(r -> assertThat(r.expectation()).contains("3 earlier runs"));
    }

    private static InputChecks checks(String pipeline, LocalDate date) {
        return new InputChecks(new RunHistory(
                new ControlPlaneMetricsRepository(controlPlane, Clock.systemUTC()), pipeline, date, 5, 3.0));
    }

    private static long storedResults(String pipeline) throws SQLException {
        try (Connection connection = controlPlane.connect();
                PreparedStatement query =
                        connection.prepareStatement("SELECT count(*) FROM quality_metrics WHERE tags LIKE ?")) {
            query.setString(1, "%pipeline=" + pipeline + "}%");
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A day's input: the amount mean moves by about one unit per day. */
    private static Dataset<Row> rows(int n, int day) {
        return spark.sql(
                "SELECT CASE WHEN id % 2 = 0 THEN 'acme' ELSE 'globex' END AS tenant_id, sha2(CAST(id AS STRING), 256) AS entity_key, "
                        + "CAST(id % 1000 AS DOUBLE) + " + day + ".0D AS amount FROM range(" + n + ")");
    }
}
