package io.scorehouse.jobs.cli;

import io.scorehouse.gates.access.Analysts;
import io.scorehouse.gates.access.TrinoAccessRules;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.spark.ScoredStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "trino-rules",
        mixinStandardHelpOptions = true,
        description = {
            "Writes Trino's file-based access control rules from the scored.read policy: each analyst of",
            "--analysts gets SELECT on the governed views scored.read grants them (route trino:<view>),",
            "rows filtered to their tenant, masked_fields masked; the views run as their owner, the only",
            "user granted the tables. Prints one line per analyst and view. No Spark."
        })
final class TrinoRulesCommand implements Callable<Integer> {
    @ParentCommand
    ScorehouseCommand top;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--analysts",
            required = true,
            paramLabel = "FILE",
            description = "YAML: analysts: [{user, tenant, roles: [...], purpose}].")
    Path analysts;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The rules file to (re)write.")
    Path out;

    @Override
    public Integer call() {
        TrinoAccessRules.Generated rules = new TrinoAccessRules(
                        top.policies(), top.config().catalog().name(), ScoredStore.TRINO_VIEW_OWNER)
                .generate(Analysts.load(analysts, top.policies().roles()));
        write(rules.json());
        PrintWriter stdout = spec.commandLine().getOut();
        for (TrinoAccessRules.Grant grant : rules.grants()) {
            stdout.println(
                    grant.allowed()
                            ? "granted " + grant.user() + " " + grant.view() + " (masked: "
                                    + (grant.maskedFields().isEmpty()
                                            ? "none"
                                            : String.join(", ", grant.maskedFields()))
                                    + ")"
                            : "refused " + grant.user() + " " + grant.view() + " — " + grant.reasons());
        }
        stdout.println(
                "rules " + out.toAbsolutePath() + " (policy " + top.policies().digest() + ")");
        stdout.flush();
        return 0;
    }

    /** Trino re-reads the file on a refresh period: it must never see half of it. */
    private void write(String json) {
        try {
            Path target = out.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), ".trino-rules-", ".json");
            Files.writeString(partial, json);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ScorehouseException(ExitCode.USAGE, "trino-rules", "cannot write " + out + ": " + e.getMessage());
        }
    }
}
