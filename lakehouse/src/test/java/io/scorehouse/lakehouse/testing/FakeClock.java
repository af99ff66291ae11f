package io.scorehouse.lakehouse.testing;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** A UTC clock for tests that reads its time from the test: a supplier, or a start that moves on by a step per reading. */
public final class FakeClock extends Clock {
    private final Supplier<Instant> now;

    private FakeClock(Supplier<Instant> now) {
        this.now = requireNonNull(now, "now is null");
    }

    public static Clock of(Supplier<Instant> now) {
        return new FakeClock(now);
    }

    /** Moves {@code step} per reading, so successive events have a strict order. */
    public static Clock stepping(Instant start, Duration step) {
        AtomicLong readings = new AtomicLong();
        return new FakeClock(() -> start.plus(step.multipliedBy(readings.getAndIncrement())));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
