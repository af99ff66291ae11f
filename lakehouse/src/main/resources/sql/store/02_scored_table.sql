-- A scored-output table (spec Z6-2.6 §2.1): the governed schema, no raw ids or PII.
-- Partitioned by model, date and tenant; sorted by entity_key with a bloom filter on it for
-- point lookups; zstd. Sized for the Access API's one-entity read (/search), whose cost is the
-- footer of the one file it opens (~0.2 ms of parsing per row group) plus the one row group it
-- decodes: with keys sorted, each file holds a key range (the manifest's bounds pick one file) and
-- each row group a narrower one (its statistics pick one row group). 8 MB files of ~2 MB row groups
-- (about 20 row groups, 3,600 rows each) where 128 MB files of 4 MB row groups made a search parse
-- a 69-row-group footer and decode 7,300 rows (bench/api.sh, BENCHMARKS.md). The bloom filter is
-- sized for a row group's keys (at its 1 MB default it was most of the file). No row-group
-- statistics for the digests and the idempotency key: nobody filters on them, and their 64-71
-- character min/max values were the largest part of every row group's footer entry. No dictionary for the
-- three strings unique per row (request_id, entity_key, idempo_key): Parquet built one for every column chunk
-- and threw it away at the chunk's end (it cannot shrink unique values), ~30 % of a 1M publish's write tasks.
-- Merge-on-read so MERGE/DELETE do not rewrite whole files. explanations and reason_codes are null
-- on a row the pipeline's explanations policy does not explain (reason_codes is added to older
-- tables by ScoredStore).
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
    reason_codes   ARRAY<STRING>,
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
    'write.delete.mode' = 'merge-on-read',
    'write.update.mode' = 'merge-on-read',
    'write.merge.mode' = 'merge-on-read');
ALTER TABLE ${catalog}.${table} SET TBLPROPERTIES (
    'write.target-file-size-bytes' = '8388608',
    'write.parquet.row-group-size-bytes' = '2097152',
    'write.parquet.bloom-filter-ndv.column.entity_key' = '5000',
    'write.parquet.stats-enabled.column.model_digest' = 'false',
    'write.parquet.stats-enabled.column.policy_digest' = 'false',
    'write.parquet.stats-enabled.column.idempo_key' = 'false',
    'write.parquet.dict-encoding-enabled.column.request_id' = 'false',
    'write.parquet.dict-encoding-enabled.column.entity_key' = 'false',
    'write.parquet.dict-encoding-enabled.column.idempo_key' = 'false');
ALTER TABLE ${catalog}.${table} WRITE ORDERED BY entity_key;
