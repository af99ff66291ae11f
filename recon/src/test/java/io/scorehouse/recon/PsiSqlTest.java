package io.scorehouse.recon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PSI in 05_psi.sql against an independent Java computation on a fixed sample. */
class PsiSqlTest {
    private static final double[] BASELINE = {0.30, 0.20, 0.12, 0.10, 0.08, 0.07, 0.05, 0.04, 0.04, 0.0};
    private static SparkSession spark;
    private static final List<int[]> SAMPLE = new ArrayList<>(); // {segment index, bin}

    @BeforeAll
    static void fixedSample() {
        spark = TestLakehouse.spark();
        Random random = new Random(20261122L);
        List<Row> matched = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int segment = i % 3;
            // segment 2 leans to high scores; bin 9 is empty in the baseline, bin 8 empty in segment 0
            int bin = segment == 2 ? 4 + random.nextInt(6) : random.nextInt(segment == 0 ? 8 : 10);
            SAMPLE.add(new int[] {segment, bin});
            matched.add(RowFactory.create("churn", 3, "s" + segment, "r" + (i % 2), "c", "matched", bin));
        }
        matched.add(RowFactory.create("churn", 3, "s0", "r0", "c", "no_score", 5)); // never counted
        spark.createDataFrame(
                        matched,
                        new StructType()
                                .add("model_name", DataTypes.StringType)
                                .add("model_version", DataTypes.IntegerType)
                                .add("segment", DataTypes.StringType)
                                .add("region", DataTypes.StringType)
                                .add("channel", DataTypes.StringType)
                                .add("match_status", DataTypes.StringType)
                                .add("score_bin", DataTypes.IntegerType))
                .createOrReplaceTempView("recon_matched");
        List<Row> bins = new ArrayList<>();
        for (int bin = 0; bin < BASELINE.length; bin++) {
            bins.add(RowFactory.create("churn", 3, bin, BASELINE[bin]));
        }
        spark.createDataFrame(
                        bins,
                        new StructType()
                                .add("model_name", DataTypes.StringType)
                                .add("model_version", DataTypes.IntegerType)
                                .add("bin", DataTypes.IntegerType)
                                .add("share", DataTypes.DoubleType))
                .createOrReplaceTempView("recon_baseline_bins");
        new ReconSql(spark).run(List.of("05_psi.sql"), Map.of("psi_epsilon", "0.0001"));
    }

    @Test
    void sqlPsiEqualsAnIndependentComputation() {
        for (int index = 0; index < 3; index++) {
            int segment = index;
            Row row = spark.sql(
                            "SELECT psi, sample_size FROM recon_psi_raw WHERE dimension = 'segment' AND segment = 's"
                                    + segment + "'")
                    .head();
            double expected = javaPsi(segment);
            assertThat(row.getDouble(0)).as("segment s%d", segment).isCloseTo(expected, within(1e-9));
            assertThat(row.getLong(1))
                    .isEqualTo(SAMPLE.stream().filter(s -> s[0] == segment).count());
        }
        assertThat(spark.sql("SELECT psi FROM recon_psi_raw WHERE segment = 's2'")
                        .head()
                        .getDouble(0))
                .isGreaterThan(0.25);
        assertThat(spark.sql("SELECT count(*) FROM recon_psi_raw WHERE dimension = 'region'")
                        .head()
                        .getLong(0))
                .isEqualTo(2);
    }

    /** PSI = sum (a - e) ln(a / e) over bins, both shares floored at epsilon = 1e-4 (written here without the SQL). */
    private static double javaPsi(int segment) {
        long[] counts = new long[10];
        long n = 0;
        for (int[] s : SAMPLE) {
            if (s[0] == segment) {
                counts[s[1]]++;
                n++;
            }
        }
        double psi = 0;
        for (int bin = 0; bin < 10; bin++) {
            double a = Math.max((double) counts[bin] / n, 1e-4);
            double e = Math.max(BASELINE[bin], 1e-4);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    @Test
    void reconSqlReadsOnlyTheGovernedView() throws IOException {
        for (String file : concat(ReconSql.DECISIONS, ReconSql.SCORES, ReconSql.MATCH, ReconSql.OUTPUTS)) {
            try (InputStream in = PsiSqlTest.class.getClassLoader().getResourceAsStream("sql/recon/" + file)) {
                String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
                assertThat(sql)
                        .as(file)
                        .doesNotContainIgnoringCase("scored.predictions")
                        .doesNotContainIgnoringCase("shadow_predictions");
            }
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
