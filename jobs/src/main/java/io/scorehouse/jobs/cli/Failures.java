package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.PrintWriter;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line {@code scorehouse: <what> — <why>} on stderr and the exit
 * code of DESIGN §9; the stack trace follows only with {@code --verbose} (and always goes to
 * the JSON log).
 */
final class Failures implements IParameterExceptionHandler, IExecutionExceptionHandler {
    private static final Logger LOG = LogManager.getLogger(Failures.class);

    private final ScorehouseCommand top;

    Failures(ScorehouseCommand top) {
        this.top = top;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        if (isUnknownCommand(ex)) {
            String name = ((UnmatchedArgumentException) ex).getUnmatched().get(0);
            err.println(line(
                    name,
                    "unknown command (commands: "
                            + String.join(", ", command.getSubcommands().keySet()) + "; see 'scorehouse --help')"));
        } else {
            // picocli prefixes argument-group messages with "Error: "; the line already says it is one.
            String message = ex.getMessage().startsWith("Error: ")
                    ? ex.getMessage().substring("Error: ".length())
                    : ex.getMessage();
            err.println(line(
                    commandName(command),
                    message + " (see 'scorehouse " + (command.getParent() == null ? "" : commandName(command) + " ")
                            + "--help')"));
        }
        return ExitCode.USAGE.code();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        ExitCode code = exitCodeOf(ex);
        String message;
        if (ex instanceof ScorehouseException failure) {
            message = line(failure.what(), failure.why());
        } else {
            message = line(
                    commandName(command),
                    "unexpected " + ex.getClass().getSimpleName()
                            + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
        }
        err.println(message);
        LOG.error(message, ex);
        if (top.verbose) {
            ex.printStackTrace(err);
        } else if (code == ExitCode.UNEXPECTED) {
            err.println("(run again with --verbose for the stack trace)");
        }
        err.flush();
        return code.code();
    }

    /** The exit code a failure ends the process with (DESIGN §9). */
    static ExitCode exitCodeOf(Exception failure) {
        return failure instanceof ScorehouseException known ? known.exitCode() : ExitCode.UNEXPECTED;
    }

    static String line(String what, String why) {
        return ScorehouseException.line(what, why);
    }

    private static boolean isUnknownCommand(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException unmatched)
                || ex.getCommandLine().getParent() != null) {
            return false;
        }
        List<String> args = unmatched.getUnmatched();
        return !args.isEmpty() && !args.get(0).startsWith("-");
    }

    private static String commandName(CommandLine command) {
        return command.getCommandName();
    }
}
