-- DuckDB port of recon/src/main/resources/sql/recon/04_daily.sql: quantile_cont for Spark's
-- percentile (both exact, linearly interpolated), lists for arrays, ordered list() for
-- map_from_entries(sort_array(collect_list(...))).
CREATE OR REPLACE TEMP VIEW recon_daily_out AS
WITH day AS (
    SELECT model_name,
           count_if(late_in_watermark AND is_final) AS late_in_watermark,
           count_if(beyond_watermark) AS late_beyond_watermark
    FROM recon_decisions_of_day GROUP BY model_name
), duplicates AS (
    SELECT model_name, count(*) AS duplicate_finals
    FROM (SELECT DISTINCT decision_id, tenant_id, model_name FROM recon_ledger WHERE finals > 1) GROUP BY model_name
), totals AS (
    SELECT model_name, count(*) AS decisions,
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
), mixes AS (
    SELECT x.model_name, x.f.dim AS dim, x.f.key AS key, count(*) AS n
    FROM (SELECT m.model_name, unnest(list_concat(
              [struct_pack(dim := 'version', key := CAST(m.model_version_used AS VARCHAR)),
               struct_pack(dim := 'decision', key := m.decision)],
              CASE WHEN m.match_status = 'matched'
                   THEN list_concat([struct_pack(dim := 'band', key := m.score_band)],
                                    list_transform(coalesce(m.reason_codes, []::VARCHAR[]),
                                                   lambda c: struct_pack(dim := 'reason', key := c)))
                   ELSE []::STRUCT(dim VARCHAR, key VARCHAR)[] END)) AS f
          FROM recon_matched m) x
    GROUP BY 1, 2, 3
), mix_maps AS (
    SELECT model_name,
           map_from_entries(list(struct_pack(k := key, v := n) ORDER BY key) FILTER (WHERE dim = 'version')) AS version_mix,
           map_from_entries(list(struct_pack(k := key, v := n) ORDER BY key) FILTER (WHERE dim = 'band')) AS score_bands,
           map_from_entries(list(struct_pack(k := key, v := n) ORDER BY key) FILTER (WHERE dim = 'decision')) AS decision_mix,
           map_from_entries(list(struct_pack(k := key, v := n) ORDER BY key) FILTER (WHERE dim = 'reason')) AS reason_code_mix
    FROM mixes GROUP BY model_name
), per_model AS (
    SELECT * FROM totals JOIN mix_maps USING (model_name)
)
SELECT DATE '${dt}' AS dt, m.model_name, '${recon_run_id}' AS recon_run_id,
       m.decisions, d.late_in_watermark, d.late_beyond_watermark, coalesce(u.duplicate_finals, 0) AS duplicate_finals,
       m.matched, m.no_score, m.out_of_window, m.surprise_versions,
       m.matched_by_request_id, m.matched_by_time_window, m.unknown_request_ids,
       CASE WHEN m.decisions > 0 THEN m.matched / CAST(m.decisions AS DOUBLE) END AS coverage,
       m.latency_quantiles_s[1] AS latency_p50_s, m.latency_quantiles_s[2] AS latency_p95_s, m.latency_quantiles_s[3] AS latency_p99_s,
       m.version_mix, m.score_histogram, coalesce(m.score_bands, MAP {}) AS score_bands, m.decision_mix,
       m.decisions_off_band, '${policy_digest}' AS policy_digest, coalesce(m.reason_code_mix, MAP {}) AS reason_code_mix
FROM per_model m
JOIN day d USING (model_name)
LEFT JOIN duplicates u USING (model_name);
