-- DuckDB port of recon/src/main/resources/sql/recon/03_match.sql (epoch_us for unix_micros).
CREATE OR REPLACE TEMP VIEW recon_candidates AS
SELECT l.decision_id, l.tenant_id, l.entity_key, l.model_name, l.model_version_used, l.request_id, l.decision, l.request_ts,
       l.ingested_at, l.segment, l.region, l.channel, l.late_in_watermark,
       l.request_id IS NOT NULL AS cites_request,
       s.model_version, s.score, s.score_band, s.reason_codes, s.as_of_out,
       (epoch_us(l.request_ts) - epoch_us(s.as_of_out)) / 1000000.0 AS latency_s,
       row_number() OVER (PARTITION BY l.entity_key, l.decision_id, l.tenant_id, l.model_name
                          ORDER BY abs(epoch_us(l.request_ts) - epoch_us(s.as_of_out)), s.model_version DESC,
                                   s.as_of_out, s.request_id) AS nearest
FROM recon_ledger l
LEFT JOIN recon_scores s
  ON s.entity_key = l.entity_key AND s.tenant_id = l.tenant_id AND s.model_name = l.model_name
 AND (l.request_id IS NULL OR s.request_id = l.request_id)
WHERE l.arrival = 1;

-- materialized once, as the recon persists it: every output reads it (a view would be evaluated per reference)
CREATE OR REPLACE TEMP TABLE recon_matched AS
WITH judged AS (
    SELECT c.*,
           CASE WHEN c.as_of_out IS NULL AND c.cites_request THEN 'unknown_request_id'
                WHEN c.as_of_out IS NULL THEN 'no_score'
                WHEN c.cites_request OR abs(c.latency_s) <= ${window_seconds} THEN 'matched'
                ELSE 'out_of_window' END AS match_status
    FROM recon_candidates c
    WHERE c.nearest = 1
)
SELECT j.*,
       CASE WHEN j.match_status <> 'matched' THEN NULL WHEN j.cites_request THEN 'request_id' ELSE 'time_window' END AS matched_by,
       j.match_status = 'matched'
           AND (j.model_version_used <> j.model_version
                OR NOT EXISTS (SELECT 1 FROM recon_expected_versions e
                               WHERE e.model_name = j.model_name AND e.model_version = j.model_version)) AS surprise_version,
       ${score_bin} AS score_bin
FROM judged j;
