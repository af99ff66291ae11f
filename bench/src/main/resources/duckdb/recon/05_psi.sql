-- DuckDB port of recon/src/main/resources/sql/recon/05_psi.sql: lists are 1-based here, and the
-- bins are summed in the same fixed order (list_reduce over bins 0..9).
CREATE OR REPLACE TEMP VIEW recon_psi_raw AS
WITH by_dimension AS (
    -- DuckDB unnests the two lists side by side: each matched score once per dimension, one pass
    SELECT model_name, model_version, unnest(['segment', 'region', 'channel']) AS dimension,
           unnest([segment, region, channel]) AS segment, score_bin
    FROM recon_matched WHERE match_status = 'matched'
), counted AS (
    SELECT model_name, model_version, dimension, coalesce(segment, '(none)') AS segment, count(*) AS sample_size,
           [count_if(score_bin = 0),
            count_if(score_bin = 1),
            count_if(score_bin = 2),
            count_if(score_bin = 3),
            count_if(score_bin = 4),
            count_if(score_bin = 5),
            count_if(score_bin = 6),
            count_if(score_bin = 7),
            count_if(score_bin = 8),
            count_if(score_bin = 9)] AS actual_bins
    FROM by_dimension GROUP BY 1, 2, 3, 4
), expected AS (
    SELECT model_name, model_version, list(share ORDER BY bin) AS expected_shares
    FROM recon_baseline_bins GROUP BY 1, 2
)
SELECT c.model_name, c.model_version, c.dimension, c.segment, c.sample_size, c.actual_bins,
       list_reduce(list_transform(range(10), lambda b:
           (greatest(c.actual_bins[b + 1] / CAST(c.sample_size AS DOUBLE), ${psi_epsilon}) - greatest(coalesce(e.expected_shares[b + 1], 0.0), ${psi_epsilon}))
           * ln(greatest(c.actual_bins[b + 1] / CAST(c.sample_size AS DOUBLE), ${psi_epsilon}) / greatest(coalesce(e.expected_shares[b + 1], 0.0), ${psi_epsilon}))),
           lambda acc, t: acc + t) AS psi,
       e.expected_shares IS NOT NULL AS has_baseline
FROM counted c
LEFT JOIN expected e ON e.model_name = c.model_name AND e.model_version = c.model_version;
