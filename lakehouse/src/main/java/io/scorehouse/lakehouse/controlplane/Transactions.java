package io.scorehouse.lakehouse.controlplane;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work in one control-plane transaction, retrying when a concurrent writer won a unique
 * key or the database was busy (two processes allocating the same sequence number).
 */
public final class Transactions {
    private static final int ATTEMPTS = 8;

    private Transactions() {}

    public static <T> T inTransaction(ControlPlane controlPlane, Work<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection connection = controlPlane.connect()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException e) {
                    connection.rollback();
                    if (!isRetryable(e)) {
                        throw e;
                    }
                    last = e;
                } catch (RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new ControlPlaneException("control-plane transaction failed: " + e.getMessage(), e);
            }
            sleepQuietly(20L * attempt);
        }
        throw new ControlPlaneException(
                "control-plane transaction kept conflicting after " + ATTEMPTS + " attempts", last);
    }

    private static boolean isRetryable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = String.valueOf(e.getMessage());
        // 23xxx: unique/primary-key violation (PostgreSQL); SQLite reports constraint/busy in the message.
        return state.startsWith("23")
                || state.equals("40001")
                || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY")
                || message.contains("SQLITE_CONSTRAINT_UNIQUE")
                || message.contains("SQLITE_BUSY");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
