package io.scorehouse.lakehouse.run;

/**
 * Named points of a scoring run where the crash-recovery suite stops the process as abruptly as
 * {@code kill -9}: when {@code SCOREHOUSE_CRASH_AT} names the point, the JVM halts on the spot
 * (no shutdown hooks, nothing flushed or cleaned). Unset — always, outside that suite — a point
 * costs one environment lookup.
 */
public final class CrashPoints {
    public static final String VARIABLE = "SCOREHOUSE_CRASH_AT";
    /** Exit status of a halted run, as a shell reports a SIGKILL. */
    public static final int HALT_STATUS = 137;

    private CrashPoints() {}

    public static void reached(String point) {
        if (point.equals(System.getenv(VARIABLE))) {
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
