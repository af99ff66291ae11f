package io.scorehouse.lakehouse.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two homes sharing one replica on a real Hadoop filesystem (the local one; the stack runs the same on s3a). */
class EvidenceReplicaTest {
    @TempDir
    Path dir;

    private Path replicaDir;
    private Path homeA;
    private Path homeB;
    private EvidenceReplica nodeA;
    private EvidenceReplica nodeB;

    @BeforeEach
    void twoNodesOneReplica() {
        replicaDir = dir.resolve("bucket/evidence");
        homeA = dir.resolve("a");
        homeB = dir.resolve("b");
        nodeA = new EvidenceReplica(homeA, replicaDir.toUri(), new Configuration());
        nodeB = new EvidenceReplica(homeB, replicaDir.toUri(), new Configuration());
    }

    @Test
    void anEmptyReplicaHasNothingToPull() {
        assertThat(nodeB.pull()).isZero();
    }

    @Test
    void whatOneNodeWroteAnotherNodeReads() throws IOException {
        write(homeA, "runs/job-1/manifest.json", "{\"rows\": 3}");
        write(homeA, "artifacts/registry/churn/1/model.ubj", "model bytes");
        write(homeA, "evidence/erasure/DSR-1/certificate.json", "{}");

        assertThat(nodeA.push()).isEqualTo(3);
        assertThat(Files.readString(replicaDir.resolve("runs/job-1/manifest.json")))
                .isEqualTo("{\"rows\": 3}");

        assertThat(nodeB.pull()).isEqualTo(3);
        assertThat(Files.readString(homeB.resolve("runs/job-1/manifest.json"))).isEqualTo("{\"rows\": 3}");
        assertThat(Files.readString(homeB.resolve("artifacts/registry/churn/1/model.ubj")))
                .isEqualTo("model bytes");
        assertThat(nodeB.pull()).as("nothing new").isZero();
        assertThat(nodeA.push()).as("nothing changed").isZero();
    }

    @Test
    void scratchHiddenAndHalfWrittenFilesMetricsAndOtherDirectoriesStayHome() throws IOException {
        write(homeA, "evidence/.staging/erasure_DSR-2-x/certificate.json", "{}");
        write(homeA, "runs/job-1/metrics.prom", "scorehouse_job_exit_code 0.0\n");
        write(homeA, "reports/recon/dt=2026-11-30/metrics.prom", "scorehouse_job_exit_code 0.0\n");
        write(homeA, "reports/recon/dt=2026-11-30/report.json123.tmp", "half");
        write(homeA, "staging/job-1/rows.parquet", "scratch");
        write(homeA, "secrets/hmac.key", "key");
        write(homeA, "reports/recon/dt=2026-11-30/report.json", "{}");

        assertThat(nodeA.push()).isEqualTo(1);
        assertThat(filesUnder(replicaDir)).containsExactly("reports/recon/dt=2026-11-30/report.json");

        write(replicaDir, "worm-probe/162000.txt", "someone else's object in the bucket");
        assertThat(nodeB.pull()).isEqualTo(1);
        assertThat(homeB.resolve("worm-probe")).doesNotExist();
    }

    @Test
    void aFileChangedInTheReplicaReplacesAnUnchangedCopyButNotALocalChange() throws IOException {
        write(homeA, "artifacts/releases/churn/1/release_manifest.json", "v1");
        write(homeA, "artifacts/releases/churn/1/canary_plan.md", "plan v1");
        nodeA.push();
        nodeB.pull();

        write(homeB, "artifacts/releases/churn/1/canary_plan.md", "plan v2 from b (not pushed yet)");
        write(homeA, "artifacts/releases/churn/1/release_manifest.json", "v2");
        write(homeA, "artifacts/releases/churn/1/canary_plan.md", "plan v2 from a");
        assertThat(nodeA.push()).isEqualTo(2);
        // Some filesystems keep modification times to the second: make "later" unambiguous.
        bumpReplicaTimes();

        assertThat(nodeB.pull()).isEqualTo(1);
        assertThat(Files.readString(homeB.resolve("artifacts/releases/churn/1/release_manifest.json")))
                .isEqualTo("v2");
        assertThat(Files.readString(homeB.resolve("artifacts/releases/churn/1/canary_plan.md")))
                .isEqualTo("plan v2 from b (not pushed yet)");

        assertThat(nodeB.push()).isEqualTo(1);
        assertThat(Files.readString(replicaDir.resolve("artifacts/releases/churn/1/canary_plan.md")))
                .isEqualTo("plan v2 from b (not pushed yet)");
    }

    @Test
    void aReplicaThatLostItsObjectsOrANewReplicaGetsEverythingAgain() throws IOException {
        write(homeA, "runs/job-1/manifest.json", "{}");
        write(homeA, "runs/job-1/manifest.dsse.json", "{}");
        assertThat(nodeA.push()).isEqualTo(2);

        deleteTree(replicaDir);
        assertThat(nodeA.push())
                .as("the replica came back empty (a WORM server on RAM restarted)")
                .isEqualTo(2);

        EvidenceReplica elsewhere =
                new EvidenceReplica(homeA, dir.resolve("other-bucket/evidence").toUri(), new Configuration());
        assertThat(elsewhere.push()).as("a new replica URI").isEqualTo(2);
        assertThat(dir.resolve("other-bucket/evidence/runs/job-1/manifest.json"))
                .exists();
    }

    @Test
    void aFileWhoseSizeAndOldTimeAreUnchangedIsNotReadAgain() throws IOException {
        Path manifest = homeA.resolve("runs/job-1/manifest.json");
        write(homeA, "runs/job-1/manifest.json", "{\"rows\": 3}");
        FileTime anHourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        Files.setLastModifiedTime(manifest, anHourAgo);
        assertThat(nodeA.push()).isEqualTo(1);

        Files.writeString(manifest, "{\"rows\": 4}");
        Files.setLastModifiedTime(manifest, anHourAgo);
        assertThat(nodeA.push())
                .as("same size, same old time: trusted, not read")
                .isZero();

        Files.setLastModifiedTime(manifest, FileTime.from(Instant.now().minus(30, ChronoUnit.MINUTES)));
        assertThat(nodeA.push()).as("a new time: read, found changed, pushed").isEqualTo(1);
        assertThat(Files.readString(replicaDir.resolve("runs/job-1/manifest.json")))
                .isEqualTo("{\"rows\": 4}");
    }

    @Test
    void aRecentTimeIsNotTrustedARewriteInTheSameTickIsPushed() throws IOException {
        Path manifest = homeA.resolve("runs/job-1/manifest.json");
        write(homeA, "runs/job-1/manifest.json", "{\"rows\": 3}");
        FileTime justNow = FileTime.from(Instant.now().minusMillis(200));
        Files.setLastModifiedTime(manifest, justNow);
        assertThat(nodeA.push()).isEqualTo(1);

        Files.writeString(manifest, "{\"rows\": 4}");
        Files.setLastModifiedTime(manifest, justNow);
        assertThat(nodeA.push()).isEqualTo(1);
        assertThat(Files.readString(replicaDir.resolve("runs/job-1/manifest.json")))
                .isEqualTo("{\"rows\": 4}");
    }

    @Test
    void aFileThisHomeRemovedIsNotBroughtBack() throws IOException {
        write(homeA, "artifacts/releases/churn/1/policy_snapshot/old.yaml", "old");
        nodeA.push();
        Files.delete(homeA.resolve("artifacts/releases/churn/1/policy_snapshot/old.yaml"));

        assertThat(nodeA.pull()).isZero();
        assertThat(homeA.resolve("artifacts/releases/churn/1/policy_snapshot/old.yaml"))
                .doesNotExist();
        assertThat(nodeB.pull()).as("a home that never had it still gets it").isEqualTo(1);
    }

    @Test
    void aFileThisHomeRemovedComesBackWhenTheReplicaHasANewerVersion() throws IOException {
        write(homeA, "artifacts/releases/churn/1/canary_plan.md", "plan v1");
        nodeA.push();
        nodeB.pull();
        Files.delete(homeB.resolve("artifacts/releases/churn/1/canary_plan.md"));

        write(homeA, "artifacts/releases/churn/1/canary_plan.md", "plan v2, longer");
        nodeA.push();

        assertThat(nodeB.pull()).isEqualTo(1);
        assertThat(homeB.resolve("artifacts/releases/churn/1/canary_plan.md")).hasContent("plan v2, longer");
    }

    @Test
    void aHomeWithoutAnIndexAdoptsWhatItSharesWithTheReplicaAndTakesTheReplicasCopyOfTheRest() throws IOException {
        write(homeA, "runs/job-1/manifest.json", "{\"rows\": 3}");
        write(homeA, "reports/recon/dt=2026-11-30/report.json", "{\"coverage\": 1.0}");
        nodeA.push();
        write(homeB, "runs/job-1/manifest.json", "{\"rows\": 3}");
        write(homeB, "reports/recon/dt=2026-11-30/report.json", "{\"coverage\": 0.5, \"stale\": true}");

        assertThat(nodeB.pull()).as("only the differing file is transferred").isEqualTo(1);
        assertThat(homeB.resolve("reports/recon/dt=2026-11-30/report.json")).hasContent("{\"coverage\": 1.0}");
        assertThat(nodeB.push())
                .as("nothing re-sent: no new version over the replica's")
                .isZero();
    }

    @Test
    void aReconDaysLatestLinksTravelAsLinks() throws IOException {
        Path day = homeA.resolve("reports/recon/dt=2026-11-30");
        write(homeA, "reports/recon/dt=2026-11-30/runs/r1/report.json", "{\"run\": 1}");
        Files.createSymbolicLink(day.resolve("latest"), Path.of("runs/r1"));
        Files.createSymbolicLink(day.resolve("report.json"), Path.of("latest/report.json"));

        assertThat(nodeA.push()).isEqualTo(3);
        assertThat(nodeB.pull()).isEqualTo(3);

        Path dayB = homeB.resolve("reports/recon/dt=2026-11-30");
        assertThat(Files.readSymbolicLink(dayB.resolve("latest"))).isEqualTo(Path.of("runs/r1"));
        assertThat(Files.readSymbolicLink(dayB.resolve("report.json"))).isEqualTo(Path.of("latest/report.json"));
        assertThat(Files.readString(dayB.resolve("report.json"))).isEqualTo("{\"run\": 1}");
    }

    @Test
    void aLinkInTheReplicaThatLeavesItsDirectoryIsRefused() throws IOException {
        Files.createDirectories(replicaDir.resolve("evidence/erasure"));
        Files.writeString(replicaDir.resolve("evidence/erasure/DSR-9.symlink"), "../../../secrets");

        assertThatThrownBy(nodeB::pull).isInstanceOfSatisfying(ScorehouseException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.INTEGRITY);
            assertThat(e.getMessage()).contains("points outside its directory");
        });
        assertThat(homeB.resolve("evidence/erasure/DSR-9")).doesNotExist();
    }

    @Test
    void anUnreachableReplicaFailsWithOneLineNamingItAndTheHomeKeepsItsEvidence() throws IOException {
        Files.createDirectories(dir.resolve("bucket"));
        Files.writeString(dir.resolve("bucket/evidence"), "a file where the replica's directory should be");
        write(homeA, "runs/job-1/manifest.json", "{}");

        assertThatThrownBy(nodeA::push).isInstanceOfSatisfying(ScorehouseException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.UNEXPECTED);
            assertThat(e.getMessage())
                    .startsWith("evidence — cannot push evidence to " + replicaDir.toUri())
                    .contains("the next command pushes it")
                    .doesNotContain("\n");
        });
        assertThat(homeA.resolve("runs/job-1/manifest.json")).exists();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private void bumpReplicaTimes() throws IOException {
        try (Stream<Path> files = Files.walk(replicaDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(
                        file,
                        java.nio.file.attribute.FileTime.fromMillis(
                                Files.getLastModifiedTime(file).toMillis() + 2_000));
            }
        }
    }

    private static void write(Path home, String name, String content) throws IOException {
        Path file = home.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static List<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString())
                    .filter(name -> !name.endsWith(".crc"))
                    .sorted()
                    .toList();
        }
    }
}
