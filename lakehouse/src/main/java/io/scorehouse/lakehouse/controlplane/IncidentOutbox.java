package io.scorehouse.lakehouse.controlplane;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The incidents a job opened, kept until the incident webhook has taken them. Opening is idempotent on the
 * incident's id (derived from what happened), so one breach is one incident however often it is seen; each
 * delivery attempt is counted on the row, with the last failure's reason.
 */
public final class IncidentOutbox {
    private final ControlPlane controlPlane;
    private final AuditChain audit;
    private final Clock clock;

    public IncidentOutbox(ControlPlane controlPlane, Clock clock) {
        this.controlPlane = requireNonNull(controlPlane, "controlPlane is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.audit = new AuditChain(controlPlane, clock);
    }

    /** Records the incident unless its id is known; true when this call opened it (audited with it). */
    public boolean open(String incidentId, String kind, String body, String actor) {
        return Transactions.inTransaction(controlPlane, connection -> {
            if (find(connection, incidentId).isPresent()) {
                return false;
            }
            String now = Instant.now(clock).toString();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO incident_outbox (incident_id, kind, body, opened_at, attempts)"
                            + " VALUES (?, ?, ?, ?, 0)")) {
                insert.setString(1, incidentId);
                insert.setString(2, kind);
                insert.setString(3, body);
                insert.setString(4, now);
                insert.executeUpdate();
            }
            audit.append(connection, actor, "incident.open", incidentId, AuditChain.details(Map.of("kind", kind)));
            return true;
        });
    }

    /** Undelivered incidents, oldest first. */
    public List<Entry> undelivered() {
        return Transactions.inTransaction(controlPlane, connection -> {
            List<Entry> due = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM incident_outbox WHERE delivered_at IS NULL ORDER BY opened_at, incident_id")) {
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(entry(rows));
                    }
                }
            }
            return due;
        });
    }

    public Optional<Entry> find(String incidentId) {
        return Transactions.inTransaction(controlPlane, connection -> find(connection, incidentId));
    }

    public void delivered(String incidentId) {
        update(
                incidentId,
                "UPDATE incident_outbox SET attempts = attempts + 1, delivered_at = ?, last_error = NULL"
                        + " WHERE incident_id = ?",
                Instant.now(clock).toString());
    }

    /** A failed attempt: counted, and its reason kept. */
    public void failed(String incidentId, String error) {
        update(
                incidentId,
                "UPDATE incident_outbox SET attempts = attempts + 1, last_error = ? WHERE incident_id = ?",
                error.length() > 1000 ? error.substring(0, 1000) : error);
    }

    private void update(String incidentId, String sql, String value) {
        Transactions.inTransaction(controlPlane, connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, value);
                update.setString(2, incidentId);
                update.executeUpdate();
            }
            return null;
        });
    }

    private static final String COLUMNS = "incident_id, kind, body, opened_at, attempts, delivered_at, last_error";

    private static Optional<Entry> find(Connection connection, String incidentId) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM incident_outbox WHERE incident_id = ?")) {
            select.setString(1, incidentId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(entry(rows)) : Optional.empty();
            }
        }
    }

    private static Entry entry(ResultSet rows) throws SQLException {
        return new Entry(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                rows.getInt(5),
                Optional.ofNullable(rows.getString(6)),
                Optional.ofNullable(rows.getString(7)));
    }

    /** One incident as the outbox holds it. */
    public record Entry(
            String incidentId,
            String kind,
            String body,
            String openedAt,
            int attempts,
            Optional<String> deliveredAt,
            Optional<String> lastError) {}
}
