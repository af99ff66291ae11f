package io.scorehouse.scoring.store;

import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.SqlFiles;

/**
 * One entity of one tenant, named by the SHA-256 of its HMAC key (the "key digest"). The SQL
 * predicate compares digests, so neither the raw id nor the key ever appears in a query, a plan,
 * a log line or the deletion log.
 */
record KeyPredicate(String tenant, String keyDigest) {
    static KeyPredicate ofKey(String tenant, String entityKey) {
        return new KeyPredicate(tenant, Digests.sha256Hex(entityKey));
    }

    String sql() {
        return "tenant_id = " + SqlFiles.literal(tenant) + " AND sha2(entity_key, 256) = "
                + SqlFiles.literal(keyDigest);
    }

    /** The partition filter a rewrite of this entity's files is confined to. */
    String tenantFilter() {
        return "tenant_id = " + SqlFiles.literal(tenant);
    }

    boolean matches(String entityKey) {
        return Digests.sha256Hex(entityKey).equals(keyDigest);
    }
}
