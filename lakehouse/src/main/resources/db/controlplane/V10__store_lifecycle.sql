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

-- The write-ahead record of every deletion from the lakehouse (erasure, retention): what a table
-- held under the predicate before the delete, written before it, completed once ops.deletion_log
-- has its row. A crash between the delete and the log therefore never loses a deletion: the next
-- run finds the step pending and finishes it. operation_id: the erasure request, or a retention run.
CREATE TABLE deletion_steps (
    operation_id     VARCHAR(200)  NOT NULL,
    table_name       VARCHAR(200)  NOT NULL,
    predicate        VARCHAR(2000) NOT NULL,
    rows_matched     BIGINT        NOT NULL,
    rows_by_job      TEXT,
    snapshot_before  BIGINT        NOT NULL,
    snapshot_after   BIGINT,
    begun_at         VARCHAR(40)   NOT NULL,
    completed_at     VARCHAR(40),
    PRIMARY KEY (operation_id, table_name)
);

-- Erased keys later scoring runs skip (and count) until the upstream data is gone.
CREATE TABLE suppressed_keys (
    tenant_id      VARCHAR(100) NOT NULL,
    key_digest     CHAR(64)     NOT NULL,
    request_id     VARCHAR(100) NOT NULL,
    suppressed_at  VARCHAR(40)  NOT NULL,
    PRIMARY KEY (tenant_id, key_digest)
);
