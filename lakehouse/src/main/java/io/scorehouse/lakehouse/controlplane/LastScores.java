package io.scorehouse.lakehouse.controlplane;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.RatePacer;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The hot store (DESIGN §3 {@code last_scores}): newest published score per tenant, entity and
 * model, for operational lookups that should not scan the lake. Upserts only move a row forward
 * in {@code as_of_out}, so replaying a run (a retry, a backfill of an older date) never replaces a
 * newer score; repeating an upsert changes nothing. Batches are paced by the pipeline's
 * {@code max-rows-per-second}, so a large run does not flood the OLTP database.
 */
public final class LastScores {
    private static final int BATCH = 5_000;
    private static final String UPSERT =
            "INSERT INTO last_scores (tenant_id, entity_key, model_name, model_version, score, decision, "
                    + "as_of_out_micros, job_id, idempo_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (tenant_id, entity_key, model_name) DO UPDATE SET model_version = excluded.model_version, "
                    + "score = excluded.score, decision = excluded.decision, as_of_out_micros = excluded.as_of_out_micros, "
                    + "job_id = excluded.job_id, idempo_key = excluded.idempo_key "
                    + "WHERE excluded.as_of_out_micros >= last_scores.as_of_out_micros";

    private final ControlPlane controlPlane;

    public LastScores(ControlPlane controlPlane) {
        this.controlPlane = requireNonNull(controlPlane, "controlPlane is null");
    }

    /** Upserts every score, one transaction per batch; returns the number of scores written. */
    public long upsert(Iterator<LastScore> scores, RatePacer pacer) {
        List<LastScore> batch = new ArrayList<>(BATCH);
        while (scores.hasNext()) {
            batch.add(scores.next());
            if (batch.size() == BATCH || !scores.hasNext()) {
                write(batch);
                pacer.written(batch.size());
                batch.clear();
            }
        }
        return pacer.rows();
    }

    private void write(List<LastScore> batch) {
        Transactions.inTransaction(controlPlane, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                for (LastScore s : batch) {
                    upsert.setString(1, s.tenantId());
                    upsert.setString(2, s.entityKey());
                    upsert.setString(3, s.modelName());
                    upsert.setInt(4, s.modelVersion());
                    upsert.setDouble(5, s.score());
                    upsert.setString(6, s.decision());
                    upsert.setLong(7, s.asOfOutMicros());
                    upsert.setString(8, s.jobId());
                    upsert.setString(9, s.idempoKey());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
    }

    /** One published score as the hot store keeps it (keys are HMAC tokens, never raw ids). */
    public record LastScore(
            String tenantId,
            String entityKey,
            String modelName,
            int modelVersion,
            double score,
            String decision,
            long asOfOutMicros,
            String jobId,
            String idempoKey) {}
}
