-- A scored-output table (spec Z6-2.6 §2.1): the governed schema, no raw ids or PII.
-- Partitioned by model, date and tenant; sorted by entity_key with a bloom filter on it for
-- point lookups; zstd; 128 MB files of 4 MB row groups: with keys sorted, a one-entity read (the
-- Access API's /search) decodes one row group of one file, where 128 MB row groups made it decode
-- the whole file — and smaller ones make the footer it parses first grow instead (bench/api.sh).
-- The bloom filter is sized for a row group's keys: at its 1 MB default per row group it was
-- most of the file. Merge-on-read so MERGE/DELETE do not rewrite whole files.
-- Catalog metadata (data_owner, classification, sensitivity, purpose, contract, retention) comes
-- from conf/catalog.yaml, applied as table properties by `store retention` ("owner" itself is
-- reserved by Spark).
--   ${table}  scored.predictions or scored.shadow_predictions
CREATE TABLE IF NOT EXISTS ${catalog}.${table} (
    request_id     STRING    NOT NULL,
    tenant_id      STRING    NOT NULL,
    entity_key     STRING    NOT NULL,
    model_name     STRING    NOT NULL,
    model_version  INT       NOT NULL,
    model_digest   STRING    NOT NULL,
    score          DOUBLE    NOT NULL,
    decision       STRING,
    as_of_in       TIMESTAMP NOT NULL,
    as_of_out      TIMESTAMP NOT NULL,
    featureset_id  STRING,
    explanations   ARRAY<STRUCT<feature: STRING, contribution: DOUBLE>>,
    runtime_meta   MAP<STRING, STRING>,
    policy_digest  STRING    NOT NULL,
    job_id         STRING    NOT NULL,
    idempo_key     STRING    NOT NULL,
    dt             DATE      NOT NULL)
USING iceberg
PARTITIONED BY (model_name, dt, tenant_id)
TBLPROPERTIES (
    'format-version' = '2',
    'write.parquet.compression-codec' = 'zstd',
    'write.parquet.bloom-filter-enabled.column.entity_key' = 'true',
    'write.target-file-size-bytes' = '134217728',
    'write.delete.mode' = 'merge-on-read',
    'write.update.mode' = 'merge-on-read',
    'write.merge.mode' = 'merge-on-read');
ALTER TABLE ${catalog}.${table} SET TBLPROPERTIES (
    'write.parquet.row-group-size-bytes' = '4194304',
    'write.parquet.bloom-filter-ndv.column.entity_key' = '20000');
ALTER TABLE ${catalog}.${table} WRITE ORDERED BY entity_key;
