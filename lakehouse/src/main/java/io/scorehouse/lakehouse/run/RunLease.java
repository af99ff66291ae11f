package io.scorehouse.lakehouse.run;

import static java.util.Objects.requireNonNull;

/**
 * One attempt's hold on a run key, handed out by {@link RunLedger#claim}: every later write of the
 * attempt goes through it, and each fails with {@link RunLeaseLostException} once another attempt
 * took the run over.
 */
public final class RunLease {
    private final RunLedger ledger;
    private final RunKey key;
    private final String owner;

    RunLease(RunLedger ledger, RunKey key, String owner) {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.key = requireNonNull(key, "key is null");
        this.owner = requireNonNull(owner, "owner is null");
    }

    public RunKey key() {
        return key;
    }

    public String owner() {
        return owner;
    }

    /** Pins what the run works on unless an earlier attempt did; returns the record with the pins in force. */
    public RunRecord pin(RunPins pins) {
        return ledger.pin(key, owner, pins);
    }

    /** Extends the lease. */
    public void renew() {
        ledger.renew(key, owner);
    }

    public void published(long snapshotId, long rowsOut) {
        ledger.published(key, owner, snapshotId, rowsOut);
    }

    public void finalized() {
        ledger.finalized(key, owner);
    }

    /** Records the failure and releases the lease at once (a retry need not wait for expiry). */
    public void failed(String error) {
        ledger.failed(key, owner, error);
    }
}
