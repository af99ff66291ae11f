package io.scorehouse.lakehouse.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.lakehouse.RatePacer;
import io.scorehouse.lakehouse.config.CatalogSettings;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The hot store's upsert on SQLite; {@link ControlPlanePostgresIT} runs the same contract on PostgreSQL. */
class LastScoresTest {
    @Test
    void upsertsMoveForwardOnlyAndRepeatIdempotently() throws SQLException {
        ControlPlane controlPlane = new ControlPlane(new CatalogSettings(
                "lake", "jdbc:sqlite:" + TestLakehouse.newHome().resolve("control.db") + "?busy_timeout=5000", "", ""));
        controlPlane.migrate();
        verifyContract(controlPlane);
    }

    @Test
    void aStoreFilledBeforeItWasClusteredKeepsEveryRowInKeyOrder() throws SQLException {
        String uri = "jdbc:sqlite:" + TestLakehouse.newHome().resolve("control.db") + "?busy_timeout=5000";
        Flyway.configure(getClass().getClassLoader())
                .dataSource(uri, "", null)
                .locations(ControlPlane.MIGRATIONS)
                .target("13")
                .load()
                .migrate();
        ControlPlane controlPlane = new ControlPlane(new CatalogSettings("lake", uri, "", ""));
        LastScores store = new LastScores(controlPlane);
        List<LastScores.LastScore> filled = scores(2_000, 1, 1_000L, "job_v13");
        List<LastScores.LastScore> reversed = new ArrayList<>(filled);
        Collections.reverse(reversed);
        store.upsert(reversed.iterator(), RatePacer.system(0));

        assertThat(controlPlane.migrate().applied()).isEqualTo(1);

        assertThat(count(
                        controlPlane,
                        "SELECT count(*) FROM sqlite_master WHERE name = 'last_scores' "
                                + "AND sql LIKE '%WITHOUT ROWID'"))
                .isOne();
        assertThat(count(controlPlane, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'last_scores_%'"))
                .isZero();
        for (LastScores.LastScore score : filled) {
            assertThat(store.find(score.tenantId(), score.entityKey(), score.modelName()))
                    .contains(score);
        }
        // new keys after the migration (acme's land between acme's and globex's old ones) go in key order too
        List<LastScores.LastScore> later = new ArrayList<>(scores(3_000, 1, 2_000L, "job_v14"));
        Collections.reverse(later);
        store.upsert(later.iterator(), RatePacer.system(0));
        // no ORDER BY and a column outside the key (not the key's index alone): the rows' own order
        List<String> stored = new ArrayList<>();
        try (Connection connection = controlPlane.connect();
                PreparedStatement query =
                        connection.prepareStatement("SELECT tenant_id || entity_key, job_id FROM last_scores");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        assertThat(stored).hasSize(later.size()).isSorted();
    }

    /** Shared by both engines: the SQL must mean the same on each. */
    static void verifyContract(ControlPlane controlPlane) throws SQLException {
        LastScores store = new LastScores(controlPlane);
        List<LastScores.LastScore> day1 = scores(12_345, 1, 1_000L, "job_d1");
        assertThat(store.upsert(day1.iterator(), RatePacer.system(0))).isEqualTo(12_345);
        assertThat(count(controlPlane, "SELECT count(*) FROM last_scores WHERE job_id = 'job_d1'"))
                .isEqualTo(12_345);

        // A newer run replaces; repeating it changes nothing.
        List<LastScores.LastScore> day2 = scores(100, 2, 2_000L, "job_d2");
        store.upsert(day2.iterator(), RatePacer.system(0));
        store.upsert(day2.iterator(), RatePacer.system(0));
        assertThat(count(controlPlane, "SELECT count(*) FROM last_scores")).isEqualTo(12_345);
        assertThat(count(
                        controlPlane, "SELECT count(*) FROM last_scores WHERE job_id = 'job_d2' AND model_version = 2"))
                .isEqualTo(100);

        // Replaying the older run (a retry, a backfill) never overwrites the newer score.
        store.upsert(day1.iterator(), RatePacer.system(0));
        assertThat(count(controlPlane, "SELECT count(*) FROM last_scores WHERE job_id = 'job_d2'"))
                .isEqualTo(100);
    }

    private static List<LastScores.LastScore> scores(int n, int version, long asOfOutMicros, String jobId) {
        List<LastScores.LastScore> scores = new ArrayList<>();
        IntStream.range(0, n)
                .forEach(i -> scores.add(new LastScores.LastScore(
                        i % 2 == 0 ? "acme" : "globex",
                        String.format("%064x", i),
                        "churn",
                        version,
                        (i % 100) / 100.0,
                        "approve",
                        asOfOutMicros,
                        jobId,
                        String.format("%064x", i + 7),
                        String.format("%032x", i))));
        return scores;
    }

    private static long count(ControlPlane controlPlane, String sql) throws SQLException {
        try (Connection connection = controlPlane.connect();
                PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
