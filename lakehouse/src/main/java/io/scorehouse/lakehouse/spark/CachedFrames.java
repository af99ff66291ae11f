package io.scorehouse.lakehouse.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;

/**
 * The frames one job reads more than once, cached (in memory, spilling to disk) until the job ends, on every path.
 * A job that fails half-way in a long-lived session (the ops shell, a test JVM) must not leave its input cached:
 * the next job would run with that much less executor memory, and nothing would ever release it.
 */
public final class CachedFrames implements AutoCloseable {
    private final List<Dataset<?>> cached = new ArrayList<>();

    /** The frame, cached at its first use until {@link #close()}. */
    public <T> Dataset<T> cache(Dataset<T> frame) {
        Dataset<T> persisted = frame.persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(persisted);
        return persisted;
    }

    /**
     * Releases every frame, the last cached first (releasing a frame re-plans the cached frames built on it that were
     * not read yet); one that cannot be released does not keep the others cached.
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = cached.size() - 1; i >= 0; i--) {
            try {
                cached.get(i).unpersist();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        cached.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
