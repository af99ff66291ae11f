-- Operational tables: one row per finalized run, availability/degraded/quarantine events, and
-- the append-only audit trail of runs.
CREATE TABLE IF NOT EXISTS ${catalog}.ops.run_manifests (
    job_id           STRING    NOT NULL,
    run_key          STRING    NOT NULL,
    pipeline         STRING    NOT NULL,
    input_partition  STRING    NOT NULL,
    model_name       STRING    NOT NULL,
    model_version    INT       NOT NULL,
    model_digest     STRING    NOT NULL,
    policy_digest    STRING    NOT NULL,
    snapshot_id      BIGINT    NOT NULL,
    rows_in          BIGINT    NOT NULL,
    rows_out         BIGINT    NOT NULL,
    quality          STRING    NOT NULL,
    manifest_path    STRING    NOT NULL,
    manifest_sha256  STRING    NOT NULL,
    finalized_at     TIMESTAMP NOT NULL)
USING iceberg
TBLPROPERTIES ('format-version' = '2');

CREATE TABLE IF NOT EXISTS ${catalog}.ops.events (
    event_id     STRING    NOT NULL,
    event_type   STRING    NOT NULL,
    occurred_at  TIMESTAMP NOT NULL,
    job_id       STRING,
    model_name   STRING,
    dt           DATE,
    details      MAP<STRING, STRING>)
USING iceberg
PARTITIONED BY (event_type)
TBLPROPERTIES ('format-version' = '2');

CREATE TABLE IF NOT EXISTS ${catalog}.ops.audit (
    audit_id     STRING    NOT NULL,
    occurred_at  TIMESTAMP NOT NULL,
    actor        STRING    NOT NULL,
    action       STRING    NOT NULL,
    subject      STRING    NOT NULL,
    details      MAP<STRING, STRING>)
USING iceberg
TBLPROPERTIES ('format-version' = '2', 'append_only' = 'true');

-- Revoked model versions, mirrored from the registry by every revoke and every finalize
-- (RevocationSync): v_last never serves a score of a version listed here.
CREATE TABLE IF NOT EXISTS ${catalog}.ops.revoked_versions (
    model_name     STRING    NOT NULL,
    model_version  INT       NOT NULL,
    model_digest   STRING    NOT NULL)
USING iceberg
TBLPROPERTIES ('format-version' = '2');

-- Every deletion from the lakehouse (retention, erasure): append-only, one row per table and
-- operation, written exactly once per deletion_id. The predicate names entities by key digest
-- (sha2(entity_key, 256)), never by key or id. rows_by_job lets a run's manifest be checked
-- against what was later deleted from it.
CREATE TABLE IF NOT EXISTS ${catalog}.ops.deletion_log (
    deletion_id      STRING    NOT NULL,
    occurred_at      TIMESTAMP NOT NULL,
    table_name       STRING    NOT NULL,
    predicate        STRING    NOT NULL,
    rows_deleted     BIGINT    NOT NULL,
    rows_by_job      MAP<STRING, BIGINT>,
    snapshot_before  BIGINT,
    snapshot_after   BIGINT,
    actor            STRING    NOT NULL,
    reason           STRING    NOT NULL,
    request_id       STRING,
    policy_digest    STRING    NOT NULL)
USING iceberg
TBLPROPERTIES ('format-version' = '2', 'append_only' = 'true');
