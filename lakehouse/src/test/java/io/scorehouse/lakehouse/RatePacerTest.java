package io.scorehouse.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pacing against a fake clock: what the pacer asks to sleep is exactly what keeps the rate. */
class RatePacerTest {
    private long now;
    private final List<Long> sleeps = new ArrayList<>();

    private RatePacer pacer(long rowsPerSecond) {
        return new RatePacer(rowsPerSecond, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void waitsUntilTheRowsWrittenAreDue() {
        RatePacer pacer = pacer(1_000);
        pacer.written(500); // instantly: 500 rows are due at 0.5 s
        now += 100_000_000L; // the next batch took 0.1 s to write
        pacer.written(500); // 1,000 rows due at 1.0 s; now 0.6 s
        assertThat(sleeps).containsExactly(500_000_000L, 400_000_000L);
        assertThat(now).isEqualTo(1_000_000_000L);
    }

    @Test
    void aSlowWriterIsNeverDelayedAndZeroMeansUnlimited() {
        RatePacer slow = pacer(1_000);
        now += 2_000_000_000L;
        slow.written(1_000);
        RatePacer unlimited = pacer(0);
        unlimited.written(1_000_000);
        assertThat(sleeps).isEmpty();
        assertThat(unlimited.rows()).isEqualTo(1_000_000);
    }
}
