package io.scorehouse.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.lakehouse.controlplane.AuditChain;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.controlplane.Transactions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Every API request leaves a record in the control plane's hash-chained audit — client, tenant,
 * route, purpose, decision, rows, latency; never a raw id or an entity key. One writer thread
 * group-commits: whatever queued while the previous transaction ran goes into the next one, so
 * requests never wait on each other's commits, and a response leaves only once its record is
 * durable (the caller waits on its future).
 */
final class ReadAudit implements AutoCloseable {
    static final String ACTION = "api.read";
    private static final Logger LOG = LogManager.getLogger(ReadAudit.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BATCH = 512;

    private final ControlPlane controlPlane;
    private final AuditChain chain;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean open = true;

    /**
     * One request, as audited.
     *
     * @param client       the token's sub, or {@code anonymous} when no valid token came
     * @param tenant       the tenant asked for, or {@code (invalid)} when it was not a tenant name
     * @param failedRules  the scored.read rules that refused it (empty when allowed or refused earlier)
     * @param snapshotId   the scored table's snapshot a search read (null for other routes)
     */
    record Read(
            String client,
            String tenant,
            String route,
            String purpose,
            int status,
            List<String> failedRules,
            long rows,
            Long snapshotId,
            long latencyMicros,
            String policyDigest) {}

    private record Pending(Read read, CompletableFuture<Void> done) {}

    ReadAudit(ControlPlane controlPlane, Clock clock) {
        this.controlPlane = requireNonNull(controlPlane, "controlPlane is null");
        this.chain = new AuditChain(controlPlane, clock);
        this.writer = new Thread(this::drain, "scorehouse-read-audit");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues a record; the future completes when it is committed (exceptionally if it cannot be). */
    CompletableFuture<Void> record(Read read) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!open) {
            done.completeExceptionally(new IllegalStateException("the read audit is closed"));
            return done;
        }
        queue.add(new Pending(read, done));
        return done;
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            commit(batch);
            batch.clear();
        }
        queue.forEach(p -> p.done().completeExceptionally(new IllegalStateException("the read audit is closed")));
    }

    private void commit(List<Pending> batch) {
        try {
            Transactions.inTransaction(controlPlane, connection -> {
                for (Pending pending : batch) {
                    Read read = pending.read();
                    chain.append(
                            connection,
                            read.client(),
                            ACTION,
                            read.route() + " tenant=" + read.tenant(),
                            details(read));
                }
                return null;
            });
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            LOG.error(
                    "cannot write {} read audit records: {}",
                    batch.size(),
                    e.getClass().getName());
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    private static String details(Read read) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("route", read.route());
        details.put("tenant", read.tenant());
        details.put("purpose", read.purpose());
        details.put("status", read.status());
        details.put("decision", read.status() < 400 ? "allowed" : "denied");
        details.put("failed_rules", read.failedRules());
        details.put("rows", read.rows());
        details.put("snapshot_id", read.snapshotId());
        details.put("latency_us", read.latencyMicros());
        details.put("policy_digest", read.policyDigest());
        try {
            return JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render an audit record", e);
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
