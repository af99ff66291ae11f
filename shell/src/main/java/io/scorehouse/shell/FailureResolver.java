package io.scorehouse.shell;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.springframework.shell.command.CommandExceptionResolver;
import org.springframework.shell.command.CommandHandlingResult;

/**
 * A failed command prints one line {@code scorehouse: <what> — <why>} and, in a script or a
 * one-command run, ends the process with the exit code of DESIGN §9 — the same contract as the
 * CLI, so Argo treats both alike. The interactive console just shows the line and carries on.
 */
final class FailureResolver implements CommandExceptionResolver {
    private static final Logger LOG = LogManager.getLogger(FailureResolver.class);

    @Override
    public CommandHandlingResult resolve(Exception ex) {
        String line;
        ExitCode code;
        if (ex instanceof ScorehouseException failure) {
            line = failure.line();
            code = failure.exitCode();
        } else if (ex instanceof IllegalArgumentException bad) {
            line = ScorehouseException.line("shell", bad.getMessage());
            code = ExitCode.USAGE;
        } else {
            return null;
        }
        LOG.warn(line);
        return CommandHandlingResult.of(line + "\n", code.code());
    }
}
