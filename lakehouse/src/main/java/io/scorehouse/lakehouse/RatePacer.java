package io.scorehouse.lakehouse;

import static java.util.Objects.requireNonNull;

/**
 * Keeps a writer at or under a rate (rows per second): after each batch it waits until the rows
 * written so far are due. A rate of 0 means unlimited. The clock and the sleep are injectable
 * so the pacing itself is tested without waiting.
 */
public final class RatePacer {
    private final long rowsPerSecond;
    private final NanoClock clock;
    private final Sleeper sleeper;
    private final long startedNanos;
    private long rows;

    public RatePacer(long rowsPerSecond, NanoClock clock, Sleeper sleeper) {
        if (rowsPerSecond < 0) {
            throw new IllegalArgumentException("rowsPerSecond must be >= 0: " + rowsPerSecond);
        }
        this.rowsPerSecond = rowsPerSecond;
        this.clock = requireNonNull(clock, "clock is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.startedNanos = clock.nanoTime();
    }

    public static RatePacer system(long rowsPerSecond) {
        return new RatePacer(
                rowsPerSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Records {@code batch} rows written and waits until they are within the rate. */
    public void written(long batch) {
        rows += batch;
        if (rowsPerSecond == 0) {
            return;
        }
        long dueNanos = startedNanos + (long) (rows * 1e9 / rowsPerSecond);
        long wait = dueNanos - clock.nanoTime();
        if (wait > 0) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing writes", e);
            }
        }
    }

    public long rows() {
        return rows;
    }

    @FunctionalInterface
    public interface NanoClock {
        long nanoTime();
    }

    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }
}
