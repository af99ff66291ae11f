-- Store lifecycle (erasure, legal holds). Identifiers never appear here: an entity is named by the
-- SHA-256 of its HMAC key ("key digest"), so no table of the control plane or the lake can be
-- searched for an erased key, yet a later run can still recognise and skip it.

-- Legal holds live here, never in conf/ (that would put identifiers in git). A hold without a key
-- digest covers the whole tenant. Released holds stay, for the record.
CREATE TABLE legal_holds (
    hold_id      VARCHAR(100)  NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(100)  NOT NULL,
    key_digest   CHAR(64),
    reason       VARCHAR(1000) NOT NULL,
    placed_by    VARCHAR(200)  NOT NULL,
    placed_at    VARCHAR(40)   NOT NULL,
    released_by  VARCHAR(200),
    released_at  VARCHAR(40)
);

-- One row per data-subject request: erasure is idempotent per request id, and a crashed erasure
-- resumes from it. certificate is set once the signed certificate is written.
CREATE TABLE erasure_requests (
    request_id    VARCHAR(100)  NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(100)  NOT NULL,
    key_digest    CHAR(64)      NOT NULL,
    reason        VARCHAR(1000) NOT NULL,
    actor         VARCHAR(200)  NOT NULL,
    received_at   VARCHAR(40)   NOT NULL,
    certified_at  VARCHAR(40),
    certificate   VARCHAR(1000)
);

-- What an erasure found in each table before it deleted (written before the delete, so a crash
-- after the delete still knows how many rows went and from which snapshot).
CREATE TABLE erasure_steps (
    request_id       VARCHAR(100) NOT NULL,
    table_name       VARCHAR(200) NOT NULL,
    rows_matched     BIGINT       NOT NULL,
    snapshot_before  BIGINT,
    rows_by_job      TEXT,
    PRIMARY KEY (request_id, table_name)
);

-- Erased keys later scoring runs skip (and count) until the upstream data is gone.
CREATE TABLE suppressed_keys (
    tenant_id      VARCHAR(100) NOT NULL,
    key_digest     CHAR(64)     NOT NULL,
    request_id     VARCHAR(100) NOT NULL,
    suppressed_at  VARCHAR(40)  NOT NULL,
    PRIMARY KEY (tenant_id, key_digest)
);
