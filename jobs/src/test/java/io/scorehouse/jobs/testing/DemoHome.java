package io.scorehouse.jobs.testing;

import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's lakehouse, built once per build for every suite that starts from it: {@code
 * bin/scorehouse demo} takes minutes, and {@code LauncherIT}, {@code AccessApiIT} and {@code
 * ExactlyOnceIT} all start from the same demo. Iceberg metadata holds absolute file paths, so the
 * home lives at one fixed path and the template kept after a demo is restored to that same path
 * (the suites run one at a time). A template is reused only while the code, configuration and
 * launcher it was built with are unchanged: its key is a digest of them.
 */
public final class DemoHome {
    /**
     * Fewer entities than the README's demo (CI runs that one too): enough for every suite, on a fixed day — not
     * for the challenger's canary to gather the samples it needs to complete (it holds at 1 %).
     */
    public static final String ROWS = "1500";

    public static final String DATE = "2026-11-20";

    /** The modules whose classes the launcher runs (bench is built after the suites that build the template). */
    private static final List<String> MODULES =
            List.of("lakehouse", "quality", "gates/cel", "gates", "scoring", "recon", "shell", "api", "jobs");

    private DemoHome() {}

    public static Path home() {
        return TestLakehouse.repoDir().resolve("jobs/target/demo-home");
    }

    /** Runs the demo into an empty home and, when it succeeds, keeps that home as the template. */
    public static Launcher.Result build() throws IOException, InterruptedException {
        Path home = home();
        delete(home);
        Files.createDirectories(home);
        // The demo is one long JVM: the launcher's C2 compiler, not the suites' short-command JIT tuning.
        Launcher.Result demo = new Launcher(home, Map.of(Launcher.JAVA_OPTS, Launcher.SMALL_DATA_SPARK))
                .run("demo", "--rows", ROWS, "--date", DATE);
        if (demo.code() == 0) {
            keep(home);
        }
        return demo;
    }

    /** A home as the demo left it: the current template copied back, or a new demo run when there is none. */
    public static Path restore() throws IOException, InterruptedException {
        Path home = home();
        if (Files.exists(keyFile()) && Files.readString(keyFile()).equals(key())) {
            delete(home);
            copy(template(), home);
            return home;
        }
        Launcher.Result demo = build();
        if (demo.code() != 0) {
            throw new AssertionError("the demo failed: " + demo);
        }
        return home;
    }

    private static void keep(Path home) throws IOException, InterruptedException {
        Files.deleteIfExists(keyFile());
        delete(template());
        copy(home, template());
        Files.writeString(keyFile(), key());
    }

    private static Path template() {
        return TestLakehouse.repoDir().resolve("jobs/target/demo-template");
    }

    private static Path keyFile() {
        return TestLakehouse.repoDir().resolve("jobs/target/demo-template.key");
    }

    /** What the demo's outcome depends on: its arguments, every class and resource the launcher runs, conf, the launcher. */
    private static String key() throws IOException {
        Path repo = TestLakehouse.repoDir();
        MessageDigest digest = sha256();
        digest.update(("demo --rows " + ROWS + " --date " + DATE).getBytes(StandardCharsets.UTF_8));
        List<Path> roots = Stream.concat(
                        MODULES.stream().map(m -> repo.resolve(m).resolve("target/classes")),
                        Stream.of(
                                repo.resolve("conf"),
                                repo.resolve("bin/scorehouse"),
                                repo.resolve("jobs/target/launcher")))
                .toList();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                // the SBOM is left out: it carries the time and a random serial number of its build; so are the
                // launcher's class-data archives: a cache the first Spark command of a build writes
                for (Path file : files.filter(Files::isRegularFile)
                        .filter(f -> !f.getFileName().toString().endsWith("-sbom.json"))
                        .filter(f -> !f.getFileName().toString().endsWith(".jsa"))
                        .sorted()
                        .toList()) {
                    digest.update(repo.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                    digest.update(Files.readAllBytes(file));
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code cp -a}: keeps the recon reports' {@code latest} symlinks and the files' times. */
    private static void copy(Path from, Path to) throws IOException, InterruptedException {
        run("cp", "-a", from.toString(), to.toString());
    }

    private static void delete(Path directory) throws IOException, InterruptedException {
        run("rm", "-rf", directory.toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new UncheckedIOException(new IOException(String.join(" ", command) + " failed"));
        }
    }
}
