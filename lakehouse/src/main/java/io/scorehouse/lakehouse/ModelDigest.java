package io.scorehouse.lakehouse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The digest of a model's booster bytes, {@code sha256:<64 hex>}: what a run pins and a release binds a version to. */
public record ModelDigest(@JsonValue String value) {
    @JsonCreator
    public ModelDigest {
        requireNonNull(value, "value is null");
        if (!Digests.isDigest(value)) {
            throw new IllegalArgumentException("not a model digest (sha256:<64 hex>): " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
