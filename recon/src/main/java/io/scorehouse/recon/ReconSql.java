package io.scorehouse.recon;

import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.SqlFiles;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the reconciliation SQL files ({@code sql/recon/*.sql}) in order. Each file defines temp
 * views; the logic lives in the SQL, this only renders the parameters and keeps the digest of
 * every file it ran, for the report's evidence.
 */
final class ReconSql {
    static final List<String> DECISIONS = List.of("01_decisions_of_day.sql");
    static final List<String> SCORES = List.of("02_scores.sql");
    static final List<String> MATCH = List.of("03_match.sql");
    static final List<String> OUTPUTS = List.of("04_daily.sql", "05_psi.sql", "06_quarantine.sql");
    static final String TABLES = "sql/recon-tables/01_recon_tables.sql";
    private static final String DIRECTORY = "sql/recon/";

    private final SparkSession spark;
    private final Map<String, String> digests = new LinkedHashMap<>();

    ReconSql(SparkSession spark) {
        this.spark = spark;
    }

    void run(List<String> files, Map<String, String> params) {
        for (String file : files) {
            String rendered = SqlFiles.render(DIRECTORY + file, params);
            digests.put(file, Digests.sha256Hex(rendered.getBytes(StandardCharsets.UTF_8)));
            SqlFiles.split(rendered).forEach(spark::sql);
        }
    }

    /** sha256 of each rendered file that ran, by file name. */
    Map<String, String> digests() {
        return Map.copyOf(digests);
    }
}
