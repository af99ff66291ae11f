package io.scorehouse.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.gates.Governance;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.release.EvidenceReport;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.springframework.shell.standard.ShellCommandGroup;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

/** {@code staging show} and {@code shadow show}: the gate reports a promotion will be judged on. */
@ShellComponent
@ShellCommandGroup("Validation")
final class EvidenceCommands {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shown first, as the report's header; everything else is listed as measured. */
    private static final Set<String> HEADER_FIELDS = Set.of("model", "result", "reasons", "policy_digest");

    private final Governance governance;

    EvidenceCommands(Governance governance) {
        this.governance = governance;
    }

    @ShellMethod(
            key = "staging show",
            value = "A version's staging_report.json: PASS/FAIL, reasons and every measurement.")
    String staging(@ShellOption(valueProvider = ModelRefValues.class, help = "NAME@VERSION") String ref) {
        return show("staging show", ref, EvidenceReport.STAGING, "staging-report --model " + ref + " --date D");
    }

    @ShellMethod(
            key = "shadow show",
            value = "A version's shadow_eval.json: PASS/FAIL, reasons, score deltas and decision divergence.")
    String shadow(@ShellOption(valueProvider = ModelRefValues.class, help = "NAME@VERSION") String ref) {
        return show("shadow show", ref, EvidenceReport.SHADOW, "shadow --model " + ref + " --date D");
    }

    private String show(String command, String ref, String file, String producedBy) {
        ModelRef modelRef = ModelRef.parse(ref);
        governance.registry().get(modelRef);
        Path path = governance
                .artifacts()
                .release(modelRef.name(), modelRef.version())
                .resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new ScorehouseException(
                    ExitCode.USAGE,
                    command + " " + modelRef,
                    "no " + file + " yet (produced by: scorehouse " + producedBy + ")");
        }
        JsonNode report;
        try {
            report = JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new ScorehouseException(
                    ExitCode.INTEGRITY, command + " " + modelRef, file + " is not readable JSON: " + e.getMessage(), e);
        }
        StringBuilder text = new StringBuilder();
        text.append(modelRef)
                .append("  ")
                .append(report.path("result").asText("?"))
                .append("  (")
                .append(path)
                .append(")\n");
        text.append("policy digest  ")
                .append(report.path("policy_digest").asText("-"))
                .append('\n');
        report.path("reasons")
                .forEach(reason ->
                        text.append("  reason: ").append(reason.asText()).append('\n'));
        for (Iterator<Map.Entry<String, JsonNode>> fields = report.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!HEADER_FIELDS.contains(field.getKey())) {
                flatten(field.getKey(), field.getValue(), text);
            }
        }
        return text.toString().stripTrailing();
    }

    /** Nested objects as dotted keys, one leaf per line; arrays stay inline (they are short lists of segments or bins). */
    private static void flatten(String key, JsonNode node, StringBuilder text) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> flatten(key + "." + field.getKey(), field.getValue(), text));
        } else {
            text.append(String.format("  %-44s %s%n", key, node.isTextual() ? node.asText() : node.toString()));
        }
    }
}
