-- The join (spec Z7-2.7 §2.1, §4.2). A decision that cites its score's request_id is joined to
-- exactly that score (tenant, entity_key, model and request_id): "request_id", whatever the
-- latency; when no score of that entity and model in the lookup range has that id, the citation is
-- "unknown_request_id" — never silently re-matched by time. A decision that cites nothing falls
-- back to the time window: tenant, entity_key (HMAC), model and |request_ts - as_of_out| within
-- it, the nearest score winning (at the same distance the newer model version, then the earlier
-- score — the one the consumer could have seen —, then the lower request_id: a re-run picks the
-- same score); a score only outside the window is "out_of_window"; none at all,
-- "no_score". One ledger row per (decision_id, tenant) reaches the window (arrival = 1), so
-- partitioning it by the join's keys as well groups the same rows, and it reuses the join's
-- partitioning instead of shuffling every candidate again. The keys of both sorts lead with entity_key:
-- Spark compares rows by a prefix of the first key before the rest, and a tenant or a model name is
-- the same in most rows, which sent nearly every comparison on to the full keys.
CREATE OR REPLACE TEMP VIEW recon_candidates AS
SELECT l.decision_id, l.tenant_id, l.entity_key, l.model_name, l.model_version_used, l.request_id, l.decision, l.request_ts,
       l.ingested_at, l.segment, l.region, l.channel, l.late_in_watermark,
       l.request_id IS NOT NULL AS cites_request,
       s.model_version, s.score, s.score_band, s.reason_codes, s.as_of_out,
       (unix_micros(l.request_ts) - unix_micros(s.as_of_out)) / 1000000.0D AS latency_s,
       row_number() OVER (PARTITION BY l.entity_key, l.decision_id, l.tenant_id, l.model_name
                          ORDER BY abs(unix_micros(l.request_ts) - unix_micros(s.as_of_out)), s.model_version DESC,
                                   s.as_of_out, s.request_id) AS nearest
FROM recon_ledger l
LEFT JOIN recon_scores s
  ON s.entity_key = l.entity_key AND s.tenant_id = l.tenant_id AND s.model_name = l.model_name
 AND (l.request_id IS NULL OR s.request_id = l.request_id)
WHERE l.arrival = 1;

CREATE OR REPLACE TEMP VIEW recon_matched AS
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
