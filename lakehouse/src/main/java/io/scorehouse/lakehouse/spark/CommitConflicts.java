package io.scorehouse.lakehouse.spark;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * Tells an Iceberg commit that lost a race with another writer (worth retrying on the new head)
 * from a real failure. Spark wraps Iceberg's exceptions, and the fast-forward procedure reports
 * a moved {@code main} as an argument error, so the whole cause chain is inspected.
 */
final class CommitConflicts {
    private CommitConflicts() {}

    static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CommitFailedException) {
                return true;
            }
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("not an ancestor")
                    || message.contains("cannot fast-forward")
                    || message.contains("metadata refresh is required")
                    || message.contains("cannot commit")) {
                return true;
            }
        }
        return false;
    }

    /** Jittered, growing pause, so two runs that collided do not collide again in lock-step. */
    static void backOff(int attempt) {
        long base = 100L * attempt;
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a publication", e);
        }
    }
}
