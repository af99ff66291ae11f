-- DuckDB port of recon/src/main/resources/sql/recon/01_decisions_of_day.sql for bench/recon.sh.
-- Differences: the ledger is its Parquet export at the version the recon read (no VERSION AS OF).
CREATE OR REPLACE TEMP VIEW recon_decisions_of_day AS
SELECT decision_id, tenant_id, entity_key, model_name, model_version_used, ${request_id} AS request_id, decision, request_ts, ingested_at,
       segment, region, channel, is_final,
       ingested_at >  TIMESTAMP '${watermark}' AS beyond_watermark,
       ingested_at >= TIMESTAMP '${day_end}' AND ingested_at <= TIMESTAMP '${watermark}' AS late_in_watermark
FROM bench_decisions
WHERE request_ts >= TIMESTAMP '${day_start}' AND request_ts < TIMESTAMP '${day_end}';

CREATE OR REPLACE TEMP VIEW recon_ledger AS
SELECT *,
       row_number() OVER (PARTITION BY decision_id, tenant_id ORDER BY ingested_at, request_ts, model_version_used, decision) AS arrival,
       count(*) OVER (PARTITION BY decision_id, tenant_id) AS finals
FROM recon_decisions_of_day
WHERE NOT beyond_watermark AND is_final;
