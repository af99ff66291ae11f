-- DuckDB port of recon/src/main/resources/sql/recon/04_daily.sql: lists for arrays (1-based), ordered list()
-- for map_from_entries(sort_array(collect_list(...))), DOUBLE literals where Spark's are (DuckDB's 0.95 is a
-- DECIMAL), a Python-style lambda for Spark's.
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
), latency_ms AS (
    SELECT model_name, ms, count(*) AS n
    FROM (SELECT model_name, floor((round(latency_s * 1000000.0::DOUBLE) + 500.0::DOUBLE) / 1000.0::DOUBLE) AS ms
          FROM recon_matched WHERE match_status = 'matched' AND latency_s IS NOT NULL)
    GROUP BY model_name, ms
), latency_ranks AS (
    SELECT model_name, ms,
           sum(n) OVER (PARTITION BY model_name ORDER BY ms ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto,
           sum(n) OVER (PARTITION BY model_name) AS total
    FROM latency_ms
), latency_bounds AS (
    SELECT model_name, total,
           [min(ms) FILTER (WHERE upto > floor(0.50::DOUBLE * (total - 1))),
            min(ms) FILTER (WHERE upto > floor(0.95::DOUBLE * (total - 1))),
            min(ms) FILTER (WHERE upto > floor(0.99::DOUBLE * (total - 1)))] AS lower_ms,
           [min(ms) FILTER (WHERE upto > ceil(0.50::DOUBLE * (total - 1))),
            min(ms) FILTER (WHERE upto > ceil(0.95::DOUBLE * (total - 1))),
            min(ms) FILTER (WHERE upto > ceil(0.99::DOUBLE * (total - 1)))] AS upper_ms
    FROM latency_ranks GROUP BY model_name, total
), latency AS (
    SELECT model_name,
           list_transform([0.50::DOUBLE, 0.95::DOUBLE, 0.99::DOUBLE], lambda p, i:
               CASE WHEN ceil(p * (total - 1)) = floor(p * (total - 1)) OR lower_ms[i] = upper_ms[i]
                    THEN lower_ms[i] / 1000.0::DOUBLE
                    ELSE (ceil(p * (total - 1)) - p * (total - 1)) * (lower_ms[i] / 1000.0::DOUBLE)
                         + (p * (total - 1) - floor(p * (total - 1))) * (upper_ms[i] / 1000.0::DOUBLE) END) AS latency_quantiles_s
    FROM latency_bounds
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
       l.latency_quantiles_s[1] AS latency_p50_s, l.latency_quantiles_s[2] AS latency_p95_s, l.latency_quantiles_s[3] AS latency_p99_s,
       m.version_mix, m.score_histogram, coalesce(m.score_bands, MAP {}) AS score_bands, m.decision_mix,
       m.decisions_off_band, '${policy_digest}' AS policy_digest, coalesce(m.reason_code_mix, MAP {}) AS reason_code_mix
FROM per_model m
JOIN day d USING (model_name)
LEFT JOIN duplicates u USING (model_name)
LEFT JOIN latency l USING (model_name);
