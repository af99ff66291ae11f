package io.scorehouse.lakehouse.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Named points of a run where a fault can be injected from outside the process.
 *
 * <p>When {@code SCOREHOUSE_CRASH_AT} names the point, the JVM halts on the spot, as abruptly as
 * {@code kill -9} (no shutdown hooks, nothing flushed or cleaned): the crash-recovery suite.
 *
 * <p>When {@code SCOREHOUSE_PAUSE_AT} names the point, the run creates the file
 * {@code SCOREHOUSE_PAUSE_FILE} and waits until something deletes it (at most ten minutes): the
 * fault script of the production stack kills a server or a worker while the run waits there, then
 * lets it go on. Both unset — always, outside those suites — a point costs two environment lookups.
 */
public final class CrashPoints {
    public static final String VARIABLE = "SCOREHOUSE_CRASH_AT";
    public static final String PAUSE_VARIABLE = "SCOREHOUSE_PAUSE_AT";
    public static final String PAUSE_FILE_VARIABLE = "SCOREHOUSE_PAUSE_FILE";
    /** Exit status of a halted run, as a shell reports a SIGKILL. */
    public static final int HALT_STATUS = 137;

    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(10);

    private CrashPoints() {}

    public static void reached(String point) {
        if (point.equals(System.getenv(VARIABLE))) {
            Runtime.getRuntime().halt(HALT_STATUS);
        }
        if (point.equals(System.getenv(PAUSE_VARIABLE))) {
            String file = System.getenv(PAUSE_FILE_VARIABLE);
            if (file == null || file.isBlank()) {
                throw new IllegalStateException(PAUSE_VARIABLE + " is set but " + PAUSE_FILE_VARIABLE + " is not");
            }
            pause(Path.of(file));
        }
    }

    private static void pause(Path file) {
        try {
            Files.writeString(file, Long.toString(ProcessHandle.current().pid()));
            Instant giveUp = Instant.now().plus(LONGEST_PAUSE);
            while (Files.exists(file) && Instant.now().isBefore(giveUp)) {
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
