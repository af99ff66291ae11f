-- DuckDB port of recon/src/main/resources/sql/recon/04_daily.sql: quantile_cont for Spark's
-- percentile (both exact, linearly interpolated), lists for arrays, ordered list() for
-- map_from_entries(sort_array(collect_list(...))).
CREATE OR REPLACE TEMP VIEW recon_daily_out AS
WITH day AS (
    SELECT model_name,
           count_if(NOT beyond_watermark AND is_final) AS final_rows,
           count_if(late_in_watermark AND is_final) AS late_in_watermark,
           count_if(beyond_watermark) AS late_beyond_watermark
    FROM recon_decisions_of_day GROUP BY model_name
), duplicates AS (
    SELECT model_name, count(*) AS duplicate_finals
    FROM (SELECT DISTINCT decision_id, tenant_id, model_name FROM recon_ledger WHERE finals > 1) GROUP BY model_name
), matched AS (
    SELECT model_name,
           count(*) AS decisions,
           count_if(match_status = 'matched') AS matched,
           count_if(matched_by = 'request_id') AS matched_by_request_id,
           count_if(matched_by = 'time_window') AS matched_by_time_window,
           count_if(match_status = 'no_score') AS no_score,
           count_if(match_status = 'out_of_window') AS out_of_window,
           count_if(match_status = 'unknown_request_id') AS unknown_request_ids,
           count_if(surprise_version) AS surprise_versions,
           quantile_cont(CASE WHEN match_status = 'matched' THEN latency_s END, [0.50, 0.95, 0.99]) AS latency_quantiles_s,
           [count_if(match_status = 'matched' AND score_bin = 0),
            count_if(match_status = 'matched' AND score_bin = 1),
            count_if(match_status = 'matched' AND score_bin = 2),
            count_if(match_status = 'matched' AND score_bin = 3),
            count_if(match_status = 'matched' AND score_bin = 4),
            count_if(match_status = 'matched' AND score_bin = 5),
            count_if(match_status = 'matched' AND score_bin = 6),
            count_if(match_status = 'matched' AND score_bin = 7),
            count_if(match_status = 'matched' AND score_bin = 8),
            count_if(match_status = 'matched' AND score_bin = 9)] AS score_histogram,
           count_if(match_status = 'matched' AND decision <> score_band) AS decisions_off_band
    FROM recon_matched GROUP BY model_name
), versions AS (
    SELECT model_name, map_from_entries(list(struct_pack(k := CAST(model_version_used AS VARCHAR), v := n) ORDER BY CAST(model_version_used AS VARCHAR))) AS version_mix
    FROM (SELECT model_name, model_version_used, count(*) AS n FROM recon_matched GROUP BY 1, 2) GROUP BY model_name
), bands AS (
    SELECT model_name, map_from_entries(list(struct_pack(k := score_band, v := n) ORDER BY score_band)) AS score_bands
    FROM (SELECT model_name, score_band, count(*) AS n FROM recon_matched WHERE match_status = 'matched' GROUP BY 1, 2) GROUP BY model_name
), decided AS (
    SELECT model_name, map_from_entries(list(struct_pack(k := decision, v := n) ORDER BY decision)) AS decision_mix
    FROM (SELECT model_name, decision, count(*) AS n FROM recon_matched GROUP BY 1, 2) GROUP BY model_name
), reasons AS (
    SELECT model_name, map_from_entries(list(struct_pack(k := code, v := n) ORDER BY code)) AS reason_code_mix
    FROM (SELECT model_name, code, count(*) AS n
          FROM (SELECT model_name, unnest(reason_codes) AS code FROM recon_matched WHERE match_status = 'matched')
          GROUP BY 1, 2) GROUP BY model_name
)
SELECT DATE '${dt}' AS dt, m.model_name, '${recon_run_id}' AS recon_run_id,
       m.decisions, d.late_in_watermark, d.late_beyond_watermark, coalesce(u.duplicate_finals, 0) AS duplicate_finals,
       m.matched, m.no_score, m.out_of_window, m.surprise_versions,
       m.matched_by_request_id, m.matched_by_time_window, m.unknown_request_ids,
       CASE WHEN m.decisions > 0 THEN m.matched / CAST(m.decisions AS DOUBLE) END AS coverage,
       m.latency_quantiles_s[1] AS latency_p50_s, m.latency_quantiles_s[2] AS latency_p95_s, m.latency_quantiles_s[3] AS latency_p99_s,
       v.version_mix, m.score_histogram, coalesce(b.score_bands, MAP {}) AS score_bands, c.decision_mix,
       m.decisions_off_band, '${policy_digest}' AS policy_digest, coalesce(r.reason_code_mix, MAP {}) AS reason_code_mix
FROM matched m
JOIN day d USING (model_name)
LEFT JOIN duplicates u USING (model_name)
LEFT JOIN versions v USING (model_name)
LEFT JOIN bands b USING (model_name)
LEFT JOIN decided c USING (model_name)
LEFT JOIN reasons r USING (model_name);
