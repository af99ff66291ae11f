package io.scorehouse.lakehouse;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The digest of a policy bundle, {@code sha256:<64 hex>}: which policies decided — recorded on
 * every run, report and transition, and bound to a release.
 */
public record PolicyDigest(@JsonValue String value) {
    @JsonCreator
    public PolicyDigest {
        Digests.require(value, "policy digest");
    }
}
