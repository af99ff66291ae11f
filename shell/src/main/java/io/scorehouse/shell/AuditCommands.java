package io.scorehouse.shell;

import io.scorehouse.gates.Governance;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.controlplane.AuditChain;
import java.util.List;
import org.springframework.shell.standard.ShellCommandGroup;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

@ShellComponent
@ShellCommandGroup("Audit")
final class AuditCommands {
    private final Governance governance;
    private final Operator operator;

    AuditCommands(Governance governance, Operator operator) {
        this.governance = governance;
        this.operator = operator;
    }

    @ShellMethod(
            key = "audit tail",
            value =
                    "The newest audit-chain entries (who did what to which version), after re-verifying the whole chain.")
    String tail(@ShellOption(defaultValue = "20", help = "How many entries.") int count) {
        if (count < 1) {
            throw new ScorehouseException(ExitCode.USAGE, "audit tail", "--count must be >= 1, got " + count);
        }
        AuditChain audit = governance.registry().audit();
        long length = audit.verify();
        String from = audit.latestCheckpoint()
                .map(c -> " (from checkpoint " + c.seq() + ")")
                .orElse("");
        List<List<String>> rows = audit.tail(count).stream()
                .map(e -> List.of(Long.toString(e.seq()), e.recordedAt(), e.actor(), e.action(), e.subject()))
                .toList();
        return Tables.render(List.of("seq", "recorded_at", "actor", "action", "subject"), rows)
                + "\naudit chain verified" + from + ": " + length + " entries, every link intact";
    }

    @ShellMethod(
            key = "audit checkpoint",
            value = "Verifies the audit chain and records its head: later verifications start there, so their cost"
                    + " does not grow with every read the Access API audits.")
    String checkpoint(
            @ShellOption(
                            defaultValue = ShellOption.NULL,
                            help = "Who acts (default: $SCOREHOUSE_ACTOR, else the OS user).")
                    String actor) {
        AuditChain.Checkpoint checkpoint = governance.registry().audit().checkpoint(operator.resolve(actor));
        return "audit chain verified and checkpointed at entry " + checkpoint.seq() + " (hash "
                + checkpoint.hash().substring(0, 12) + "…)";
    }
}
