-- DuckDB port of recon/src/main/resources/sql/recon/06_quarantine.sql (same text: the dialects agree here).
CREATE OR REPLACE TEMP VIEW recon_quarantine_out AS
SELECT DATE '${dt}' AS dt, decision_id, tenant_id, entity_key, model_name, model_version_used, request_id, reason, detail, request_ts, ingested_at,
       '${recon_run_id}' AS recon_run_id
FROM (
    SELECT decision_id, tenant_id, entity_key, model_name, model_version_used, request_id, 'late_beyond_watermark' AS reason,
           'arrived after ${watermark}' AS detail, request_ts, ingested_at
    FROM recon_decisions_of_day WHERE beyond_watermark
    UNION ALL
    SELECT decision_id, tenant_id, entity_key, model_name, model_version_used, request_id, 'duplicate_final_decision',
           concat(finals, ' final decisions for this decision_id; arrival ', arrival), request_ts, ingested_at
    FROM recon_ledger WHERE arrival > 1
    UNION ALL
    SELECT decision_id, tenant_id, entity_key, model_name, model_version_used, request_id, match_status,
           CASE WHEN match_status = 'out_of_window' THEN concat('nearest score ', round(latency_s, 1), ' s away')
                WHEN match_status = 'unknown_request_id'
                THEN 'the cited request_id is no score of this entity and model between ${lookup_start} and ${lookup_end}'
                ELSE 'no score for entity and model' END,
           request_ts, ingested_at
    FROM recon_matched WHERE match_status <> 'matched'
    UNION ALL
    SELECT decision_id, tenant_id, entity_key, model_name, model_version_used, request_id, 'surprise_version',
           concat('decision used v', model_version_used, ', score was v', model_version), request_ts, ingested_at
    FROM recon_matched WHERE surprise_version
);
