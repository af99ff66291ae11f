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
                    + "as_of_out_micros, job_id, idempo_key, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (tenant_id, entity_key, model_name) DO UPDATE SET model_version = excluded.model_version, "
                    + "score = excluded.score, decision = excluded.decision, as_of_out_micros = excluded.as_of_out_micros, "
                    + "job_id = excluded.job_id, idempo_key = excluded.idempo_key, request_id = excluded.request_id "
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
                    bind(upsert, s);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
    }

    private static void bind(PreparedStatement upsert, LastScore s) throws java.sql.SQLException {
        upsert.setString(1, s.tenantId());
        upsert.setString(2, s.entityKey());
        upsert.setString(3, s.modelName());
        upsert.setInt(4, s.modelVersion());
        upsert.setDouble(5, s.score());
        upsert.setString(6, s.decision());
        upsert.setLong(7, s.asOfOutMicros());
        upsert.setString(8, s.jobId());
        upsert.setString(9, s.idempoKey());
        upsert.setString(10, s.requestId());
    }

    /** The last score of one entity for one model, if it has one. */
    public java.util.Optional<LastScore> find(String tenant, String entityKey, String model) {
        return Transactions.inTransaction(controlPlane, connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT tenant_id, entity_key, model_name, model_version, score, decision, as_of_out_micros, job_id, "
                            + "idempo_key, request_id FROM last_scores WHERE tenant_id = ? AND entity_key = ? AND model_name = ?")) {
                query.setString(1, tenant);
                query.setString(2, entityKey);
                query.setString(3, model);
                try (java.sql.ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        return java.util.Optional.<LastScore>empty();
                    }
                    return java.util.Optional.of(new LastScore(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getInt(4),
                            rs.getDouble(5),
                            rs.getString(6),
                            rs.getLong(7),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getString(10)));
                }
            }
        });
    }

    /** The (tenant, entity key) of every last score {@code model}@{@code version} holds. */
    public List<String[]> keysOf(String model, int version) {
        return Transactions.inTransaction(controlPlane, connection -> {
            List<String[]> keys = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT tenant_id, entity_key FROM last_scores WHERE model_name = ? AND model_version = ?")) {
                query.setString(1, model);
                query.setInt(2, version);
                try (java.sql.ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        keys.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
            return keys;
        });
    }

    /** Deletes every last score of one entity (all models); returns how many rows went. */
    public long erase(String tenant, String entityKey) {
        return Transactions.inTransaction(controlPlane, connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM last_scores WHERE tenant_id = ? AND entity_key = ?")) {
                delete.setString(1, tenant);
                delete.setString(2, entityKey);
                return (long) delete.executeUpdate();
            }
        });
    }

    /** How many last scores one entity has (all models). */
    public long count(String tenant, String entityKey) {
        return Transactions.inTransaction(controlPlane, connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT count(*) FROM last_scores WHERE tenant_id = ? AND entity_key = ?")) {
                query.setString(1, tenant);
                query.setString(2, entityKey);
                try (java.sql.ResultSet rs = query.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The distinct entity keys of {@code tenant} (an erasure check hashes each; the hot store holds no digest). */
    public List<String> entityKeys(String tenant) {
        return Transactions.inTransaction(controlPlane, connection -> {
            List<String> keys = new ArrayList<>();
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT DISTINCT entity_key FROM last_scores WHERE tenant_id = ?")) {
                query.setString(1, tenant);
                try (java.sql.ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
            }
            return keys;
        });
    }

    /**
     * Invalidates a revoked version in one transaction: its last scores go, and {@code fallbacks}
     * (each entity's previous valid score) take their place; returns how many rows were removed.
     * Repeating it changes nothing.
     */
    public long invalidate(String model, int version, List<LastScore> fallbacks) {
        return Transactions.inTransaction(controlPlane, connection -> {
            long removed;
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM last_scores WHERE model_name = ? AND model_version = ?")) {
                delete.setString(1, model);
                delete.setInt(2, version);
                removed = delete.executeUpdate();
            }
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                for (LastScore fallback : fallbacks) {
                    bind(upsert, fallback);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return removed;
        });
    }

    /**
     * One published score as the hot store keeps it (keys are HMAC tokens, never raw ids).
     *
     * @param requestId the score's trace id (null for rows written before it was kept)
     */
    public record LastScore(
            String tenantId,
            String entityKey,
            String modelName,
            int modelVersion,
            double score,
            String decision,
            long asOfOutMicros,
            String jobId,
            String idempoKey,
            String requestId) {}
}
