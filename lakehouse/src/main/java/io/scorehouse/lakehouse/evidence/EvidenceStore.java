package io.scorehouse.lakehouse.evidence;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where signed evidence sets (certificates, sweep reports) are kept: create-only. A set is
 * published whole or not at all, and a published set is never overwritten or removed by
 * scorehouse — {@link #publish} refuses a name that exists. The local implementation keeps sets
 * under the home; the production stack adds an object store with retention locks.
 */
public interface EvidenceStore {
    /**
     * Publishes every file of the directory {@code staged} as the set {@code name} (e.g.
     * {@code erasure/DSR-1}); {@code staged} is consumed. Refuses (IllegalStateException) a name
     * already published.
     */
    Path publish(String name, Path staged);

    /** The published set {@code name}, if there is one. */
    Optional<Path> find(String name);

    /** A fresh, empty directory to stage a set in before {@link #publish}. */
    Path stage(String name);

    /** Names of the published sets under {@code prefix} (e.g. {@code erasure}), sorted. */
    List<String> list(String prefix);
}
