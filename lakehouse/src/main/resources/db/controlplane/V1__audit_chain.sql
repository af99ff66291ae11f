-- Hash-chained, append-only audit log of the control plane (registry transitions, promotions,
-- revocations, runs). Each row's hash covers its content and the previous row's hash, so a
-- changed or deleted row breaks every hash after it.
-- Portable between SQLite (embedded) and PostgreSQL (production): no engine-specific types;
-- times are ISO-8601 UTC text so both engines compare them the same way.
CREATE TABLE audit_chain (
    seq         BIGINT       NOT NULL PRIMARY KEY,
    recorded_at VARCHAR(40)  NOT NULL,
    actor       VARCHAR(200) NOT NULL,
    action      VARCHAR(100) NOT NULL,
    subject     VARCHAR(400) NOT NULL,
    details     TEXT         NOT NULL,
    prev_hash   CHAR(64)     NOT NULL,
    hash        CHAR(64)     NOT NULL UNIQUE
);
