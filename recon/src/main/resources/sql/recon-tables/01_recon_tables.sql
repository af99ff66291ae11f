-- Reconciliation outputs (DESIGN §3). One partition per decision day; a run replaces its day in
-- one commit per table. Keys are HMAC tokens; no raw ids, no PII, no wall-clock columns (a
-- re-run of a day yields identical rows). Columns added after a table's first release are
-- nullable, so older homes gain them with ALTER TABLE (ReconTables); every run fills them.
CREATE NAMESPACE IF NOT EXISTS ${catalog}.recon;

CREATE TABLE IF NOT EXISTS ${catalog}.recon.daily (
    dt                     DATE    NOT NULL,
    model_name             STRING  NOT NULL,
    recon_run_id           STRING  NOT NULL,
    decisions              BIGINT  NOT NULL,
    late_in_watermark      BIGINT  NOT NULL,
    late_beyond_watermark  BIGINT  NOT NULL,
    duplicate_finals       BIGINT  NOT NULL,
    matched                BIGINT  NOT NULL,
    no_score               BIGINT  NOT NULL,
    out_of_window          BIGINT  NOT NULL,
    surprise_versions      BIGINT  NOT NULL,
    coverage               DOUBLE,
    latency_p50_s          DOUBLE,
    latency_p95_s          DOUBLE,
    latency_p99_s          DOUBLE,
    version_mix            MAP<STRING, BIGINT>,
    score_histogram        ARRAY<BIGINT>,
    score_bands            MAP<STRING, BIGINT>,
    decision_mix           MAP<STRING, BIGINT>,
    decisions_off_band     BIGINT  NOT NULL,
    policy_digest          STRING  NOT NULL,
    matched_by_request_id  BIGINT,
    matched_by_time_window BIGINT,
    unknown_request_ids    BIGINT,
    reason_code_mix        MAP<STRING, BIGINT>)
USING iceberg
PARTITIONED BY (dt)
TBLPROPERTIES ('format-version' = '2');

CREATE TABLE IF NOT EXISTS ${catalog}.recon.psi (
    dt             DATE    NOT NULL,
    model_name     STRING  NOT NULL,
    model_version  INT     NOT NULL,
    dimension      STRING  NOT NULL,
    segment        STRING  NOT NULL,
    sample_size    BIGINT  NOT NULL,
    psi            DOUBLE,
    status         STRING  NOT NULL,
    actual_bins    ARRAY<BIGINT>,
    recon_run_id   STRING  NOT NULL)
USING iceberg
PARTITIONED BY (dt)
TBLPROPERTIES ('format-version' = '2');

CREATE TABLE IF NOT EXISTS ${catalog}.recon.quarantine (
    dt                  DATE       NOT NULL,
    decision_id         STRING     NOT NULL,
    tenant_id           STRING     NOT NULL,
    entity_key          STRING,
    model_name          STRING,
    model_version_used  INT,
    reason              STRING     NOT NULL,
    detail              STRING,
    request_ts          TIMESTAMP,
    ingested_at         TIMESTAMP,
    recon_run_id        STRING     NOT NULL,
    request_id          STRING)
USING iceberg
PARTITIONED BY (dt)
TBLPROPERTIES ('format-version' = '2');

CREATE TABLE IF NOT EXISTS ${catalog}.recon.guardrails (
    dt                 DATE     NOT NULL,
    model_name         STRING   NOT NULL,
    model_version      INT      NOT NULL,
    dimension          STRING   NOT NULL,
    segment            STRING   NOT NULL,
    sample_size        BIGINT   NOT NULL,
    psi                DOUBLE,
    conservative_mode  BOOLEAN  NOT NULL,
    policy_digest      STRING   NOT NULL,
    recon_run_id       STRING   NOT NULL)
USING iceberg
PARTITIONED BY (dt)
TBLPROPERTIES ('format-version' = '2');
