package io.scorehouse.lakehouse.controlplane;

import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.List;
import java.util.zip.CRC32;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * V14: on SQLite, the hot store's rows lie in its key order. A rowid table keeps its rows in the order they were
 * first inserted and only its primary-key index in key order, so an upsert in key order still wrote the row pages
 * of the first fill's order — the executors' hash order: a first fill in key order is 6× faster, but updates of a
 * store filled in hash order 4.3× slower (BENCHMARKS.md, "the hot store", session 26). {@code WITHOUT ROWID}
 * stores the rows in the primary key's B-tree itself, so the finalize's key order is the page order whatever filled
 * the store. The columns are unchanged; existing rows are copied in key order.
 *
 * <p>PostgreSQL keeps the table as it is (a heap has no such option; an upsert there finds the row through the
 * primary-key index in either order), so this migration only records its version there. It is a Java migration
 * because Flyway's SQL migrations cannot differ by engine without a second location that PostgreSQL lacks.
 *
 * <p>On SQLite the copy holds the one write lock until it commits (~10 s per million last scores measured): writers
 * past their {@code busy_timeout} fail meanwhile, so a large embedded home is best upgraded with the API and jobs
 * stopped. The old table's pages stay in the file as free pages, reused by later writes ({@code VACUUM} returns
 * them; it cannot run inside the migration's transaction).
 */
final class LastScoresClusteredByKey implements JavaMigration {
    // The copy reads the old table through its primary-key index, so it inserts in key order: each page is
    // written once. The rename first: a writer waiting on SQLite's one write lock lands in the new table.
    private static final List<String> SQLITE =
            List.of("ALTER TABLE last_scores RENAME TO last_scores_v13", """
            CREATE TABLE last_scores (
                tenant_id        VARCHAR(100) NOT NULL,
                entity_key       CHAR(64)     NOT NULL,
                model_name       VARCHAR(100) NOT NULL,
                model_version    INTEGER      NOT NULL,
                score            DOUBLE PRECISION NOT NULL,
                decision         VARCHAR(40),
                as_of_out_micros BIGINT       NOT NULL,
                job_id           VARCHAR(200) NOT NULL,
                idempo_key       CHAR(64)     NOT NULL,
                request_id       VARCHAR(32),
                PRIMARY KEY (tenant_id, entity_key, model_name)
            ) WITHOUT ROWID""", """
            INSERT INTO last_scores (tenant_id, entity_key, model_name, model_version, score, decision,
                                     as_of_out_micros, job_id, idempo_key, request_id)
            SELECT tenant_id, entity_key, model_name, model_version, score, decision,
                   as_of_out_micros, job_id, idempo_key, request_id
            FROM last_scores_v13 ORDER BY tenant_id, entity_key, model_name""", "DROP TABLE last_scores_v13");

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("14");
    }

    @Override
    public String getDescription() {
        return "last scores clustered by key";
    }

    @Override
    public Integer getChecksum() {
        CRC32 crc = new CRC32();
        SQLITE.forEach(statement -> crc.update(statement.getBytes(StandardCharsets.UTF_8)));
        return (int) crc.getValue();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        if (!context.getConnection().getMetaData().getDatabaseProductName().equalsIgnoreCase("SQLite")) {
            return;
        }
        try (Statement statement = context.getConnection().createStatement()) {
            for (String sql : SQLITE) {
                statement.execute(sql);
            }
        }
    }
}
