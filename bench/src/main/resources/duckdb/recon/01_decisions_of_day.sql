-- DuckDB port of recon/src/main/resources/sql/recon/01_decisions_of_day.sql for bench/recon.sh.
-- Differences: the ledger is its Parquet export at the version the recon read (no VERSION AS OF);
-- the day's rows are materialized once, as the recon caches them.
CREATE OR REPLACE TEMP TABLE recon_decisions_of_day AS
WITH day AS (
    SELECT decision_id, tenant_id, entity_key, model_name, model_version_used, ${request_id} AS request_id, decision, request_ts, ingested_at,
           segment, region, channel, is_final,
           ingested_at >  TIMESTAMP '${watermark}' AS beyond_watermark,
           ingested_at >= TIMESTAMP '${day_end}' AND ingested_at <= TIMESTAMP '${watermark}' AS late_in_watermark,
           coalesce(is_final AND ingested_at <= TIMESTAMP '${watermark}', false) AS final_in_time
    FROM bench_decisions
    WHERE request_ts >= TIMESTAMP '${day_start}' AND request_ts < TIMESTAMP '${day_end}'
      AND (is_final OR ingested_at > TIMESTAMP '${watermark}')
)
SELECT *,
       row_number() OVER (PARTITION BY decision_id, tenant_id, final_in_time ORDER BY ingested_at, request_ts, model_version_used, decision) AS arrival,
       count(*) OVER (PARTITION BY decision_id, tenant_id, final_in_time) AS finals
FROM day;

CREATE OR REPLACE TEMP VIEW recon_ledger AS
SELECT * FROM recon_decisions_of_day WHERE final_in_time;
