package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Executes the review notebooks headless (Jupyter's nbconvert, Debian's packages) on the current home and
 * writes each as HTML. The notebooks read only signed evidence, which they verify through {@code
 * bin/scorehouse verify} before they show it, and assert what they show.
 */
@Command(
        name = "notebooks",
        mixinStandardHelpOptions = true,
        description = {
            "Executes the review notebooks (runs_review, recon_review, release_review) on this home and writes "
                    + "each as HTML with its charts.",
            "",
            "Parameters come from the environment: RECON_FROM / RECON_TO (days of recon_review, default every "
                    + "day reported), RELEASE_MODEL / RELEASE_VERSION (release_review, default the newest version "
                    + "with release artifacts).",
            "A notebook's check that fails - evidence whose signature does not verify, figures that do not add up - "
                    + "exits 5 naming the notebook and the check; a home with none of the evidence a notebook reviews "
                    + "exits 2; a verify that cannot run, or any other error in a notebook, exits 1."
        })
final class NotebooksCommand implements Callable<Integer> {
    static final List<String> NOTEBOOKS = List.of("runs_review", "recon_review", "release_review");

    static final String PACKAGES =
            "jupyter-nbconvert python3-nbclient python3-ipykernel python3-pandas python3-matplotlib";

    private static final Pattern FAILURE =
            Pattern.compile("^(AssertionError|(?:[A-Za-z_]\\w*\\.)*[A-Za-z_]\\w*(?:Error|Exception|Iteration)): (.+)$");
    /** A chart as nbconvert embeds it (the page's stylesheet holds a data: PNG too). */
    static final Pattern CHART = Pattern.compile("<img [^>]*src=\"data:image/png;base64,");

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");

    @ParentCommand
    ScorehouseCommand top;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where the HTML goes. Default: $SCOREHOUSE_HOME/notebooks (not evidence: never replicated).")
    Path out;

    @Option(
            names = "--notebook",
            paramLabel = "NAME",
            description = "Run only this notebook (repeatable): runs_review, recon_review, release_review.")
    List<String> only;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> selected = only == null ? NOTEBOOKS : only;
        for (String name : selected) {
            if (!NOTEBOOKS.contains(name)) {
                throw new ParameterException(
                        spec.commandLine(), "--notebook: no notebook " + name + " (notebooks: " + NOTEBOOKS + ")");
            }
        }
        Path launcher = launcher();
        Path home = top.config().home().toAbsolutePath();
        Path outDir = (out == null ? home.resolve("notebooks") : out).toAbsolutePath();
        Files.createDirectories(outDir);
        PrintWriter console = spec.commandLine().getOut();
        for (String name : selected) {
            Path html = execute(launcher, home, outDir, name);
            console.println("notebooks: " + name + " -> " + html + " (" + charts(html) + " charts)");
            console.flush();
        }
        return 0;
    }

    private Path execute(Path launcher, Path home, Path outDir, String name) throws IOException, InterruptedException {
        Path notebook = launcher.getParent().getParent().resolve("notebooks").resolve(name + ".ipynb");
        // a failed run must not leave an earlier run's page looking current
        Files.deleteIfExists(outDir.resolve(name + ".html"));
        Path log = Files.createTempFile("scorehouse-nbconvert-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(
                            "jupyter-nbconvert",
                            "--to",
                            "html",
                            "--execute",
                            "--ExecutePreprocessor.timeout=900",
                            "--output-dir",
                            outDir.toString(),
                            "--output",
                            name,
                            notebook.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("SCOREHOUSE_HOME", home.toString());
            builder.environment().put("SCOREHOUSE_BIN", launcher.toString());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new ScorehouseException(
                        ExitCode.USAGE,
                        "notebooks",
                        "jupyter-nbconvert is not installed (apt-get install --no-install-recommends " + PACKAGES
                                + ")");
            }
            process.getOutputStream().close();
            int status = process.waitFor();
            if (status != 0) {
                throw failure(name, Files.readAllLines(log, StandardCharsets.UTF_8));
            }
            return outDir.resolve(name + ".html");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The notebook's own words for what failed: the last exception line of nbconvert's traceback. */
    static ScorehouseException failure(String name, List<String> log) {
        List<String> lines = new ArrayList<>();
        for (String line : log) {
            lines.add(ANSI.matcher(line).replaceAll("").strip());
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher failed = FAILURE.matcher(lines.get(i));
            if (failed.matches()) {
                String error = failed.group(1).substring(failed.group(1).lastIndexOf('.') + 1);
                ExitCode code = switch (error) {
                    case "AssertionError" -> ExitCode.INTEGRITY; // a check of what the notebook shows
                    case "NothingToReviewError" -> ExitCode.USAGE; // the home holds none of this evidence yet
                    default -> ExitCode.UNEXPECTED; // verify could not run, or the notebook broke
                };
                boolean named = code == ExitCode.UNEXPECTED && !error.equals("VerifyFailedError");
                return new ScorehouseException(
                        code, "notebooks", name + ": " + (named ? failed.group(1) + ": " : "") + failed.group(2));
            }
        }
        String last =
                lines.stream().filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("no output");
        return new ScorehouseException(ExitCode.UNEXPECTED, "notebooks", name + ": nbconvert failed: " + last);
    }

    private static long charts(Path html) {
        try {
            return CHART.matcher(Files.readString(html, StandardCharsets.UTF_8))
                    .results()
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path launcher() {
        String launcher = System.getProperty(DemoCommand.LAUNCHER_PROPERTY);
        if (launcher == null) {
            throw new ScorehouseException(
                    ExitCode.USAGE,
                    "notebooks",
                    "run through bin/scorehouse (the notebooks call it to verify evidence)");
        }
        return Path.of(launcher).toAbsolutePath();
    }
}
