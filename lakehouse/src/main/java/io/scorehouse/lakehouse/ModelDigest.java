package io.scorehouse.lakehouse;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The digest of a model's booster bytes, {@code sha256:<64 hex>}: what a run pins and a release binds a version to. */
public record ModelDigest(@JsonValue String value) {
    @JsonCreator
    public ModelDigest {
        Digests.require(value, "model digest");
    }
}
