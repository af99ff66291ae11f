-- The join (spec Z7-2.7 §4.2): tenant, entity_key (HMAC), model and |request_ts - as_of_out| within
-- the window. The nearest score wins. A decision with a score for that entity and model only
-- outside the window is "out_of_window"; with none at all, "no_score".
CREATE OR REPLACE TEMP VIEW recon_candidates AS
SELECT l.decision_id, l.tenant_id, l.entity_key, l.model_name, l.model_version_used, l.decision, l.request_ts,
       l.ingested_at, l.segment, l.region, l.channel, l.late_in_watermark,
       s.model_version, s.score, s.score_band, s.as_of_out,
       (unix_micros(l.request_ts) - unix_micros(s.as_of_out)) / 1000000.0D AS latency_s,
       row_number() OVER (PARTITION BY l.decision_id, l.tenant_id
                          ORDER BY abs(unix_micros(l.request_ts) - unix_micros(s.as_of_out)), s.model_version DESC) AS nearest
FROM recon_ledger l
LEFT JOIN recon_scores s
  ON s.tenant_id = l.tenant_id AND s.entity_key = l.entity_key AND s.model_name = l.model_name
WHERE l.arrival = 1;

CREATE OR REPLACE TEMP VIEW recon_matched AS
SELECT c.*,
       CASE WHEN c.as_of_out IS NULL THEN 'no_score'
            WHEN abs(c.latency_s) <= ${window_seconds} THEN 'matched'
            ELSE 'out_of_window' END AS match_status,
       c.as_of_out IS NOT NULL AND abs(c.latency_s) <= ${window_seconds}
           AND (c.model_version_used <> c.model_version
                OR NOT EXISTS (SELECT 1 FROM recon_expected_versions e
                               WHERE e.model_name = c.model_name AND e.model_version = c.model_version)) AS surprise_version,
       ${score_bin} AS score_bin
FROM recon_candidates c
WHERE c.nearest = 1;
