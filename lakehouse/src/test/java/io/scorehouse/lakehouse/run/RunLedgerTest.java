package io.scorehouse.lakehouse.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.lakehouse.ModelDigest;
import io.scorehouse.lakehouse.PolicyDigest;
import io.scorehouse.lakehouse.config.CatalogSettings;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.run.RunLedger.ClaimOutcome;
import io.scorehouse.lakehouse.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLedgerTest {
    private static final RunKey KEY = RunKey.of("churn_daily", LocalDate.of(2026, 11, 20), null);

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T01:00:00Z"));
    private RunLedger ledger;

    @BeforeEach
    void ledger() {
        ControlPlane controlPlane =
                new ControlPlane(new CatalogSettings("lake", "jdbc:sqlite:" + dir.resolve("control.db"), "", ""));
        controlPlane.migrate();
        ledger = new RunLedger(controlPlane, FakeClock.of(now::get), Duration.ofMinutes(10));
    }

    @Test
    void firstClaimAcquiresAndALiveLeaseBlocksOthers() {
        assertThat(KEY.jobId()).isEqualTo("churn_daily_2026-11-20");
        assertThat(ledger.claim(KEY, "churn_daily", "a").outcome()).isEqualTo(ClaimOutcome.ACQUIRED);
        assertThat(ledger.claim(KEY, "churn_daily", "b").outcome()).isEqualTo(ClaimOutcome.IN_PROGRESS);
    }

    @Test
    void anExpiredLeaseIsResumedKeepingWhatTheFirstAttemptPinned() {
        ledger.claim(KEY, "churn_daily", "a");
        RunRecord.ConfigPin config =
                new RunRecord.ConfigPin("hk-0123456789abcdef", digest('d'), digest('e'), "none", "none");
        RunRecord pinned = ledger.pin(
                KEY,
                "a",
                new RunPins(
                        Instant.parse("2026-11-21T01:00:05Z"),
                        "churn",
                        1,
                        new ModelDigest(digest('a')),
                        3,
                        new PolicyDigest(digest('1')),
                        new RunRecord.CanaryPin(2, digest('c'), 5),
                        config));

        now.set(now.get().plus(Duration.ofMinutes(11)));
        RunLedger.Claim resumed = ledger.claim(KEY, "churn_daily", "b");
        assertThat(resumed.outcome()).isEqualTo(ClaimOutcome.RESUMED);
        assertThat(resumed.record().attempt()).isEqualTo(2);

        RunRecord again = ledger.pin(
                KEY,
                "b",
                new RunPins(
                        Instant.parse("2026-11-21T01:11:00Z"),
                        "churn",
                        2,
                        new ModelDigest(digest('b')),
                        4,
                        new PolicyDigest(digest('2')),
                        null,
                        new RunRecord.ConfigPin("hk-fedcba9876543210", digest('f'), digest('e'), "none", "none")));
        assertThat(again.asOfOut()).isEqualTo(pinned.asOfOut());
        assertThat(again.modelDigest()).isEqualTo(digest('a'));
        assertThat(again.inputVersion()).isEqualTo(3L);
        // The canary allocation and the configuration are pinned too: the retry routes the same
        // entities to the same challenger, and can tell what changed since the first attempt.
        assertThat(again.canary()).isEqualTo(new RunRecord.CanaryPin(2, digest('c'), 5));
        assertThat(again.config()).isEqualTo(config);
        assertThat(new RunRecord.ConfigPin("hk-fedcba9876543210", digest('f'), digest('e'), "none", "none")
                        .changedFrom(config))
                .containsExactly("HMAC key", "pipeline definition");
        assertThat(new RunRecord.ConfigPin("hk-0123456789abcdef", digest('d'), digest('e'), "none", digest('9'))
                        .changedFrom(config))
                .containsExactly("reason-code mapping");
        // a run pinned before mappings were recorded has none to compare
        assertThat(new RunRecord.ConfigPin("hk-0123456789abcdef", digest('d'), digest('e'), "none", digest('9'))
                        .changedFrom(
                                new RunRecord.ConfigPin("hk-0123456789abcdef", digest('d'), digest('e'), "none", null)))
                .isEmpty();

        assertThatThrownBy(() -> ledger.published(KEY, "a", 7, 100))
                .isInstanceOf(RunLeaseLostException.class)
                .hasMessageContaining("another attempt (b) took over");
    }

    @Test
    void finalizedRunsAreAlreadyCommittedAndFailedOnesRetryAtOnce() {
        ledger.claim(KEY, "churn_daily", "a");
        ledger.failed(KEY, "a", "drift");
        assertThat(ledger.claim(KEY, "churn_daily", "b").outcome()).isEqualTo(ClaimOutcome.RESUMED);
        ledger.published(KEY, "b", 42, 1000);
        ledger.finalized(KEY, "b");

        RunLedger.Claim claim = ledger.claim(KEY, "churn_daily", "c");
        assertThat(claim.outcome()).isEqualTo(ClaimOutcome.ALREADY_FINALIZED);
        assertThat(claim.record().snapshotId()).isEqualTo(42L);
        assertThat(claim.record().rowsOut()).isEqualTo(1000L);
        assertThat(ledger.findByJobId("churn_daily_2026-11-20"))
                .map(RunRecord::state)
                .contains(RunState.FINALIZED);
    }

    @Test
    void badJobIdsAreRefused() {
        assertThatThrownBy(() -> RunKey.of("p", LocalDate.of(2026, 1, 1), "../x"))
                .hasMessageContaining("is not a job id");
    }

    private static String digest(char hex) {
        return "sha256:" + String.valueOf(hex).repeat(64);
    }
}
