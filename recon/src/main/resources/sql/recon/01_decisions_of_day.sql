-- Decisions of day D from the consumers' ledger, at its pinned Delta version. A decision belongs
-- to D by request time; it counts when it arrived by the watermark (late events accepted up to
-- D+1 02:00), and is set aside (quarantined, never counted) when it arrived after it.
-- request_id is the score the consumer cites; a ledger without that column cites none.
CREATE OR REPLACE TEMP VIEW recon_decisions_of_day AS
WITH day AS (
    SELECT decision_id, tenant_id, entity_key, model_name, model_version_used, ${request_id} AS request_id, decision, request_ts, ingested_at,
           segment, region, channel, is_final,
           ingested_at >  TIMESTAMP'${watermark}' AS beyond_watermark,
           ingested_at >= TIMESTAMP'${day_end}' AND ingested_at <= TIMESTAMP'${watermark}' AS late_in_watermark,
           coalesce(is_final AND ingested_at <= TIMESTAMP'${watermark}', false) AS final_in_time
    FROM ${decisions} VERSION AS OF ${decisions_version}
    WHERE request_ts >= TIMESTAMP'${day_start}' AND request_ts < TIMESTAMP'${day_end}'
      -- a non-final row takes no part unless it is to be quarantined
      AND (is_final OR ingested_at > TIMESTAMP'${watermark}')
)
-- Ledger invariant: at most one final decision per (decision_id, tenant). The first to arrive by
-- the watermark is reconciled; the others go to quarantine. The ledger itself is never changed.
-- Numbered here, over the day's rows that take part (only final_in_time rows count), so the match,
-- the totals and the quarantine read one pass over the ledger.
SELECT *,
       row_number() OVER (PARTITION BY decision_id, tenant_id, final_in_time ORDER BY ingested_at, request_ts, model_version_used, decision) AS arrival,
       count(*) OVER (PARTITION BY decision_id, tenant_id, final_in_time) AS finals
FROM day;

-- The final decisions that arrived by the watermark.
CREATE OR REPLACE TEMP VIEW recon_ledger AS
SELECT * FROM recon_decisions_of_day WHERE final_in_time;
