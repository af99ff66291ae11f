package io.scorehouse.gates.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.signing.SignedFiles;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.lakehouse.AtomicFiles;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the release artifacts of the specification into a version's release directory. Each
 * file appears whole or not at all (written aside, then renamed); the policy snapshot is a copy
 * of the bundle's files plus {@code policy_snapshot.sha256}, whose content is exactly the
 * bundle's {@code policy_digest} — what every later run under that bundle records. The set is
 * signed last ({@code release.dsse.json}), so a signed release is a complete one.
 */
final class ReleaseFiles {
    static final String MANIFEST = "release_manifest.json";
    static final String NOTES = "release_notes.md";
    static final String POLICY_SNAPSHOT = "policy_snapshot";
    static final String POLICY_SNAPSHOT_DIGEST = "policy_snapshot.sha256";
    static final String DASHBOARDS = "dashboards_links.json";
    static final String SIGNATURE = "release.dsse.json";
    static final String PREDICATE_TYPE = "https://scorehouse.io/release/v1";

    private static final ObjectMapper COMPACT =
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ReleaseFiles() {}

    static void write(
            Path dir,
            ReleaseManifest manifest,
            String notes,
            String releaseCard,
            Map<String, Object> dashboards,
            PolicyBundle policies,
            Signer signer) {
        try {
            Files.createDirectories(dir);
            snapshot(dir, policies);
            replace(dir.resolve(POLICY_SNAPSHOT_DIGEST), policies.digest() + "\n");
            EvidenceJson.write(dir.resolve(MANIFEST), manifest);
            replace(dir.resolve(NOTES), notes);
            replace(dir.resolve(ReleaseCard.FILE), releaseCard);
            EvidenceJson.write(dir.resolve(DASHBOARDS), dashboards);
            SignedFiles.sign(
                    signer,
                    dir,
                    List.of(MANIFEST, NOTES, ReleaseCard.FILE, POLICY_SNAPSHOT_DIGEST, DASHBOARDS),
                    SIGNATURE,
                    PREDICATE_TYPE,
                    Map.of("model", manifest.model(), "policy_digest", policies.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the release artifacts in " + dir, e);
        }
    }

    /** One-line JSON (for events and webhook bodies). */
    static String compactJson(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void snapshot(Path dir, PolicyBundle policies) throws IOException {
        // hidden while it is filled: the evidence replica never takes a half-copied snapshot
        Path aside = Files.createTempDirectory(dir, "." + POLICY_SNAPSHOT + ".");
        for (Path file : policies.files()) {
            Files.copy(file, aside.resolve(file.getFileName().toString()));
        }
        Path target = dir.resolve(POLICY_SNAPSHOT);
        deleteTree(target);
        Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void replace(Path target, String content) throws IOException {
        AtomicFiles.replace(target, content);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
