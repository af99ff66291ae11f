package io.scorehouse.shell;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.shell.command.CommandExecution;

/**
 * {@code bin/scorehouse shell}: the ops console over the registry, canaries and releases.
 * Interactive without arguments; {@code shell @file} replays a script (Argo), stopping at the
 * first failing command with its exit code; {@code shell <command …>} runs one command.
 */
@SpringBootApplication
public class ScorehouseShell {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the shell to completion and returns the process exit code (DESIGN §9). */
    public static int run(String[] args) {
        // log4j2 is configured by the launcher (conf/log4j2.xml); Boot must not reconfigure it.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        if (System.console() == null && System.getProperty("org.jline.terminal.dumb") == null) {
            // Not on a terminal (a script under Argo, a pipe): a dumb terminal is what we want, without JLine's
            // warning.
            System.setProperty("org.jline.terminal.dumb", "true");
        }
        SpringApplication application = new SpringApplication(ScorehouseShell.class);
        try (ConfigurableApplicationContext context = application.run(args)) {
            return SpringApplication.exit(context);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ExitCodeGenerator generator && generator.getExitCode() != 0) {
                    return generator.getExitCode();
                }
            }
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof CommandExecution.CommandParserExceptionsException) {
                    System.err.println(ScorehouseException.line(
                            "shell", "bad command line (message above; 'help <command>' lists its options)"));
                    return ExitCode.USAGE.code();
                }
            }
            System.err.println(ScorehouseException.line(
                    "shell", "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage()));
            return ExitCode.UNEXPECTED.code();
        }
    }
}
