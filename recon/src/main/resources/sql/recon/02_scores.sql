-- Scores, only through the minimized governed view (never the scored table), for the models the
-- decisions name, in the time range a decision of D can match. The models are a handful of names:
-- broadcast, so the scores are not shuffled once for this filter and again for the match's join.
CREATE OR REPLACE TEMP VIEW recon_scores AS
SELECT /*+ BROADCAST(d) */ s.request_id, s.tenant_id, s.entity_key, s.model_name, s.model_version, s.score, s.decision AS score_band, s.reason_codes,
       s.as_of_out
FROM ${catalog}.scored.v_recon s
LEFT SEMI JOIN (SELECT DISTINCT model_name FROM recon_decisions_of_day) d ON d.model_name = s.model_name
WHERE s.as_of_out >= TIMESTAMP'${lookup_start}' AND s.as_of_out <= TIMESTAMP'${lookup_end}';
