-- DuckDB port of recon/src/main/resources/sql/recon/02_scores.sql: the governed view's rows are
-- its Parquet export at the snapshot the recon read.
CREATE OR REPLACE TEMP VIEW recon_scores AS
SELECT s.request_id, s.tenant_id, s.entity_key, s.model_name, s.model_version, s.score, s.decision AS score_band, s.reason_codes,
       s.as_of_out
FROM bench_scores s
WHERE s.as_of_out >= TIMESTAMP '${lookup_start}' AND s.as_of_out <= TIMESTAMP '${lookup_end}'
  AND s.model_name IN (SELECT DISTINCT model_name FROM recon_decisions_of_day);
