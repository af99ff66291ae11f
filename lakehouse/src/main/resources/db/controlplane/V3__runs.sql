-- Scoring runs. One row per run key (job_id + input partition): the exactly-once guard next to
-- the snapshot-summary marker in the table. The row is a lease: a crashed attempt's lease
-- expires and the next attempt takes over, reusing what the first attempt pinned (as_of_out,
-- model, input version) so retries produce identical idempotency keys.
CREATE TABLE runs (
    run_key          VARCHAR(300) NOT NULL PRIMARY KEY,
    job_id           VARCHAR(200) NOT NULL,
    input_partition  VARCHAR(100) NOT NULL,
    pipeline         VARCHAR(100) NOT NULL,
    state            VARCHAR(20)  NOT NULL,
    attempt          INTEGER      NOT NULL,
    lease_owner      VARCHAR(200) NOT NULL,
    lease_expires_at VARCHAR(40)  NOT NULL,
    as_of_out        VARCHAR(40),
    model_name       VARCHAR(100),
    model_version    INTEGER,
    model_digest     VARCHAR(71),
    input_version    BIGINT,
    policy_digest    VARCHAR(71),
    snapshot_id      BIGINT,
    rows_out         BIGINT,
    last_error       TEXT,
    created_at       VARCHAR(40)  NOT NULL,
    updated_at       VARCHAR(40)  NOT NULL
);
