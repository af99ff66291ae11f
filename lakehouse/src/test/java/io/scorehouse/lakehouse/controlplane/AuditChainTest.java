package io.scorehouse.lakehouse.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.config.CatalogSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit chain's verification and its checkpoints, on a real SQLite control plane. */
class AuditChainTest {
    @TempDir
    Path dir;

    private ControlPlane controlPlane;
    private AuditChain chain;

    @BeforeEach
    void aChainOfTen() {
        controlPlane = new ControlPlane(
                new CatalogSettings("lake", "jdbc:sqlite:" + dir.resolve("control.db") + "?busy_timeout=5000", "", ""));
        controlPlane.migrate();
        chain = new AuditChain(controlPlane, Clock.systemUTC());
        append(10);
    }

    @Test
    void aCheckpointIsWhereVerificationStartsAndItsEntryMustStillMatch() throws SQLException {
        assertThat(chain.verify()).isEqualTo(10);
        AuditChain.Checkpoint checkpoint = chain.checkpoint("ops");
        assertThat(checkpoint.seq()).isEqualTo(10);
        append(5);
        assertThat(chain.verify()).isEqualTo(15);
        assertThat(chain.latestCheckpoint()).contains(checkpoint);

        // a change after the checkpoint is found by walking from it
        execute("UPDATE audit_chain SET details = '{\"rows\":99}' WHERE seq = 12");
        assertThatThrownBy(chain::verify).isInstanceOf(IntegrityException.class).hasMessageContaining("entry 12");
        execute("DELETE FROM audit_chain WHERE seq > 10");
        assertThat(chain.verify()).isEqualTo(10);
        // a change of the checkpointed entry itself is found too
        execute("UPDATE audit_chain SET actor = 'mallory' WHERE seq = 10");
        assertThatThrownBy(chain::verify).isInstanceOf(IntegrityException.class).hasMessageContaining("entry 10");
    }

    @Test
    void checkpointingABrokenChainIsRefused() throws SQLException {
        execute("UPDATE audit_chain SET subject = 'x' WHERE seq = 3");
        assertThatThrownBy(() -> chain.checkpoint("ops")).isInstanceOf(IntegrityException.class);
        assertThat(chain.latestCheckpoint()).isEmpty();
    }

    @Test
    void aChainCheckpointedBeforeVersion13StillVerifiesAndKeepsOnlyItsSeqIndex() throws SQLException {
        CatalogSettings settings =
                new CatalogSettings("lake", "jdbc:sqlite:" + dir.resolve("v12.db") + "?busy_timeout=5000", "", "");
        Flyway.configure(getClass().getClassLoader())
                .dataSource(settings.uri(), "", "")
                .locations(ControlPlane.MIGRATIONS)
                .target("12")
                .load()
                .migrate();
        controlPlane = new ControlPlane(settings);
        chain = new AuditChain(controlPlane, Clock.systemUTC());
        append(10);
        AuditChain.Checkpoint checkpoint = chain.checkpoint("ops");
        List<AuditChain.AuditEntry> before = chain.tail(10);

        assertThat(controlPlane.migrate().applied()).isPositive();
        assertThat(chain.latestCheckpoint()).contains(checkpoint);
        append(5);
        assertThat(chain.verify()).isEqualTo(15);
        // every entry kept as it was, not only the checkpointed one verification starts from
        assertThat(chain.tail(15).subList(0, 10)).isEqualTo(before);
        // an index on the random hashes put every appended entry on a random page (BENCHMARKS.md)
        try (Connection connection = controlPlane.connect();
                Statement statement = connection.createStatement();
                ResultSet indexes = statement.executeQuery(
                        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_chain'")) {
            indexes.next();
            assertThat(indexes.getInt(1)).isEqualTo(1);
        }
    }

    private void append(int entries) {
        Transactions.inTransaction(controlPlane, connection -> {
            for (int i = 0; i < entries; i++) {
                chain.append(connection, "tester", "api.read", "/api/scored/v1/last tenant=acme", "{\"rows\":1}");
            }
            return null;
        });
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = controlPlane.connect()) {
            connection.createStatement().executeUpdate(sql);
        }
    }
}
