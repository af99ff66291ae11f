package io.scorehouse.scoring.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

import org.apache.spark.sql.Column;

/**
 * Champion/challenger routing (DESIGN §5): an entity goes to the challenger when
 * {@code pmod(hash(entity_key), 100) < percent}. Spark's {@code hash} is Murmur3 with a fixed
 * seed, so the split is stable across runs, retries and machines: raising the share from 5 to
 * 25 % keeps the first 5 % on the challenger. Keyed by the HMAC token, never the raw id.
 */
public final class CanaryRouting {
    private CanaryRouting() {}

    /** The entity's bucket, 0..99. */
    public static Column bucket(Column entityKey) {
        return pmod(hash(entityKey), lit(100));
    }

    /** True for the entities the challenger scores at {@code percent}. */
    public static Column toChallenger(int percent) {
        return bucket(col("entity_key")).lt(percent);
    }
}
