package io.scorehouse.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a command and a console see the evidence other nodes publish to the replica they share. */
class GovernanceEvidenceTest {
    @TempDir
    Path dir;

    @Test
    void aConsoleReadsTheReplicaAgainOnceItsLastReadIsStaleACommandReadsItOnce() throws IOException {
        Governance writer = governanceOf("writer", null);
        Governance command = governanceOf("command", null);
        Governance console = governanceOf("console", Duration.ZERO);

        publish(writer, "job-1");
        assertThat(Files.exists(command.artifacts().run("job-1").resolve("manifest.json")))
                .isTrue();
        assertThat(Files.exists(console.artifacts().run("job-1").resolve("manifest.json")))
                .isTrue();

        publish(writer, "job-2");
        assertThat(command.artifacts().run("job-2").resolve("manifest.json"))
                .as("one command reads one state of the evidence")
                .doesNotExist();
        assertThat(console.artifacts().run("job-2").resolve("manifest.json"))
                .as("the console's next command reads what was published meanwhile")
                .hasContent("{\"job\": \"job-2\"}");
    }

    @Test
    void evidenceIsPushedOnlyByAProcessThatUsedIt() throws IOException {
        Governance idle = governanceOf("idle", null);
        Path stray = dir.resolve("idle/runs/job-9/manifest.json");
        Files.createDirectories(stray.getParent());
        Files.writeString(stray, "{}");

        idle.publishEvidence();

        assertThat(dir.resolve("replica/runs/job-9/manifest.json"))
                .as("sql, demo-data … never contact the replica")
                .doesNotExist();
    }

    private static void publish(Governance node, String jobId) throws IOException {
        Path manifest = node.artifacts().run(jobId).resolve("manifest.json");
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, "{\"job\": \"" + jobId + "\"}");
        node.publishEvidence();
    }

    private Governance governanceOf(String node, Duration freshness) {
        Map<String, String> env = Map.of(
                "SCOREHOUSE_HOME", dir.resolve(node).toString(),
                "SCOREHOUSE_EVIDENCE_URI", dir.resolve("replica").toUri().toString());
        ScorehouseConfig config = new ConfigLoader(env).load(TestLakehouse.confDir());
        return new Governance(() -> config, Clock.systemUTC(), freshness);
    }
}
