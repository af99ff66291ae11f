package io.scorehouse.scoring.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.lakehouse.SqlFiles;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class PointInTimeTrainingSetTest {
    @Test
    void usesTheLatestSnapshotStrictlyBeforeTheLabelDate() {
        SparkSession spark = TestLakehouse.spark();
        spark.sql("""
                SELECT * FROM VALUES
                  ('C1', 't', TIMESTAMP'2026-11-10 08:00:00', 1.0),
                  ('C1', 't', TIMESTAMP'2026-11-12 23:59:59', 2.0),
                  ('C1', 't', TIMESTAMP'2026-11-13 00:00:00', 99.0),
                  ('C1', 't', TIMESTAMP'2026-11-15 09:00:00', 99.0),
                  ('C2', 't', TIMESTAMP'2026-11-14 10:00:00', 5.0),
                  ('C1', 'u', TIMESTAMP'2026-11-12 10:00:00', 77.0)
                AS f(cust_id, tenant_id, event_ts, x)""").createOrReplaceTempView("train_features");
        spark.sql("""
                SELECT * FROM VALUES
                  ('C1', 't', DATE'2026-11-13', 1),
                  ('C2', 't', DATE'2026-11-13', 0),
                  ('C1', 't', DATE'2026-11-20', 0)
                AS l(cust_id, tenant_id, label_date, churned)""").createOrReplaceTempView("train_labels");

        List<Row> rows = spark.sql(SqlFiles.render(
                        "sql/train/pit_training_set.sql",
                        Map.of(
                                "feature_casts",
                                "CAST(f.x AS DOUBLE) AS x",
                                "feature_names",
                                "x",
                                "cutoff",
                                "2026-11-13",
                                "entity_id",
                                "cust_id",
                                "tenant",
                                "tenant_id",
                                "event_time",
                                "event_ts",
                                "label",
                                "churned",
                                "label_date",
                                "label_date")))
                .orderBy("entity_id")
                .collectAsList();

        // C1 on 11-13 sees the 11-12 snapshot, never the same-day or later ones, nor another tenant's;
        // C2 has no snapshot before its label date; the 11-20 label is past the cutoff.
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getString(0)).isEqualTo("C1");
        assertThat(rows.get(0).getDouble(1)).isEqualTo(1.0);
        assertThat(rows.get(0).getDouble(2)).isEqualTo(2.0);
    }
}
