-- Day totals per model: coverage, version mix, latency, score histogram (the baseline's ten
-- fixed bins), bands, and the decisions that disagree with their score's band. Matches are counted
-- by how they were made (cited request_id or time window); citations of unknown ids apart.
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
    -- every decision once: coverage, how matches were made and the score histogram
    SELECT model_name, count(*) AS decisions,
           count_if(match_status = 'matched') AS matched,
           count_if(matched_by = 'request_id') AS matched_by_request_id,
           count_if(matched_by = 'time_window') AS matched_by_time_window,
           count_if(match_status = 'no_score') AS no_score,
           count_if(match_status = 'out_of_window') AS out_of_window,
           count_if(match_status = 'unknown_request_id') AS unknown_request_ids,
           count_if(surprise_version) AS surprise_versions,
           array(count_if(match_status = 'matched' AND score_bin = 0),
                 count_if(match_status = 'matched' AND score_bin = 1),
                 count_if(match_status = 'matched' AND score_bin = 2),
                 count_if(match_status = 'matched' AND score_bin = 3),
                 count_if(match_status = 'matched' AND score_bin = 4),
                 count_if(match_status = 'matched' AND score_bin = 5),
                 count_if(match_status = 'matched' AND score_bin = 6),
                 count_if(match_status = 'matched' AND score_bin = 7),
                 count_if(match_status = 'matched' AND score_bin = 8),
                 count_if(match_status = 'matched' AND score_bin = 9)) AS score_histogram,
           count_if(match_status = 'matched' AND decision <> score_band) AS decisions_off_band
    FROM recon_matched GROUP BY model_name
), latency_ms AS (
    -- the matched latencies to the millisecond, counted (over tasks by key): the quantiles read their ranks from
    -- these counts, so a model's running sum below holds its distinct milliseconds — percentile() held every
    -- distinct microsecond of a model in one task. Rounded from the whole microseconds latency_s was made of
    -- (round() recovers them exactly), halves up: latency_s * 1000 itself can land below a half.
    SELECT model_name, ms, count(*) AS n
    FROM (SELECT model_name, floor((round(latency_s * 1000000.0D) + 500.0D) / 1000.0D) AS ms
          FROM recon_matched WHERE match_status = 'matched' AND latency_s IS NOT NULL)
    GROUP BY model_name, ms
), latency_ranks AS (
    SELECT model_name, ms,
           sum(n) OVER (PARTITION BY model_name ORDER BY ms ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto,
           sum(n) OVER (PARTITION BY model_name) AS total
    FROM latency_ms
), latency_bounds AS (
    -- percentile()'s definition: the value at 0-based rank (n - 1)·p, interpolated between the ranks either
    -- side of it; the value at rank k is the first millisecond whose running count passes k
    SELECT model_name, total,
           array(min(ms) FILTER (WHERE upto > floor(0.50D * (total - 1))),
                 min(ms) FILTER (WHERE upto > floor(0.95D * (total - 1))),
                 min(ms) FILTER (WHERE upto > floor(0.99D * (total - 1)))) AS lower_ms,
           array(min(ms) FILTER (WHERE upto > ceil(0.50D * (total - 1))),
                 min(ms) FILTER (WHERE upto > ceil(0.95D * (total - 1))),
                 min(ms) FILTER (WHERE upto > ceil(0.99D * (total - 1)))) AS upper_ms
    FROM latency_ranks GROUP BY model_name, total
), latency AS (
    SELECT model_name,
           transform(array(0.50D, 0.95D, 0.99D), (p, i) ->
               CASE WHEN ceil(p * (total - 1)) = floor(p * (total - 1)) OR lower_ms[i] = upper_ms[i]
                    THEN lower_ms[i] / 1000.0D
                    ELSE (ceil(p * (total - 1)) - p * (total - 1)) * (lower_ms[i] / 1000.0D)
                         + (p * (total - 1) - floor(p * (total - 1))) * (upper_ms[i] / 1000.0D) END) AS latency_quantiles_s
    FROM latency_bounds
), mixes AS (
    -- each decision once per mix it counts in: its version, its decision, and when matched its
    -- score's band and each reason code the score carried (under an explanations policy of
    -- adverse: the adverse ones). Only counted, so the totals' aggregate is not run once per mix.
    SELECT m.model_name, f.dim, f.key, count(*) AS n
    FROM recon_matched m
    LATERAL VIEW explode(concat(
        array(named_struct('dim', 'version', 'key', CAST(m.model_version_used AS STRING)),
              named_struct('dim', 'decision', 'key', m.decision)),
        CASE WHEN m.match_status = 'matched'
             THEN concat(array(named_struct('dim', 'band', 'key', m.score_band)),
                         transform(coalesce(m.reason_codes, CAST(array() AS ARRAY<STRING>)),
                                   c -> named_struct('dim', 'reason', 'key', c)))
             ELSE CAST(array() AS ARRAY<STRUCT<dim: STRING, key: STRING>>) END)) x AS f
    GROUP BY m.model_name, f.dim, f.key
), mix_maps AS (
    SELECT model_name,
           map_from_entries(sort_array(collect_list(struct(key, n)) FILTER (WHERE dim = 'version'))) AS version_mix,
           map_from_entries(sort_array(collect_list(struct(key, n)) FILTER (WHERE dim = 'band'))) AS score_bands,
           map_from_entries(sort_array(collect_list(struct(key, n)) FILTER (WHERE dim = 'decision'))) AS decision_mix,
           map_from_entries(sort_array(collect_list(struct(key, n)) FILTER (WHERE dim = 'reason'))) AS reason_code_mix
    FROM mixes GROUP BY model_name
), per_model AS (
    -- every model with a decision has a version and a decision mix
    SELECT * FROM totals JOIN mix_maps USING (model_name)
)
SELECT DATE'${dt}' AS dt, m.model_name, '${recon_run_id}' AS recon_run_id,
       m.decisions, d.late_in_watermark, d.late_beyond_watermark, coalesce(u.duplicate_finals, 0) AS duplicate_finals,
       m.matched, m.no_score, m.out_of_window, m.surprise_versions,
       m.matched_by_request_id, m.matched_by_time_window, m.unknown_request_ids,
       CASE WHEN m.decisions > 0 THEN m.matched / CAST(m.decisions AS DOUBLE) END AS coverage,
       l.latency_quantiles_s[0] AS latency_p50_s, l.latency_quantiles_s[1] AS latency_p95_s, l.latency_quantiles_s[2] AS latency_p99_s,
       m.version_mix, m.score_histogram, m.score_bands, m.decision_mix,
       m.decisions_off_band, '${policy_digest}' AS policy_digest, m.reason_code_mix
FROM per_model m
JOIN day d USING (model_name)
LEFT JOIN duplicates u USING (model_name)
LEFT JOIN latency l USING (model_name);
