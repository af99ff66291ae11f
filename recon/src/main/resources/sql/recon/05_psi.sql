-- PSI of matched scores per segment, region and channel against the training baseline bins of
-- the scoring model version: sum over bins of (a - e) * ln(a / e), shares floored at epsilon so an
-- empty bin counts instead of vanishing. Summed bin by bin in a fixed order, so a re-run gives
-- the same number to the last bit. Whether a sample is big enough is the guardrail policy's call.
CREATE OR REPLACE TEMP VIEW recon_psi_raw AS
WITH by_dimension AS (
    -- each matched score once per dimension, from one pass over the match (not one pass per dimension)
    SELECT m.model_name, m.model_version, d.dimension, d.dimension_value AS segment, m.score_bin
    FROM recon_matched m
    LATERAL VIEW stack(3, 'segment', m.segment, 'region', m.region, 'channel', m.channel) d AS dimension, dimension_value
    WHERE m.match_status = 'matched'
), counted AS (
    SELECT model_name, model_version, dimension, coalesce(segment, '(none)') AS segment, count(*) AS sample_size,
           array(count_if(score_bin = 0),
                 count_if(score_bin = 1),
                 count_if(score_bin = 2),
                 count_if(score_bin = 3),
                 count_if(score_bin = 4),
                 count_if(score_bin = 5),
                 count_if(score_bin = 6),
                 count_if(score_bin = 7),
                 count_if(score_bin = 8),
                 count_if(score_bin = 9)) AS actual_bins
    FROM by_dimension GROUP BY 1, 2, 3, 4
), expected AS (
    -- recon_baseline_bins holds all ten bins of every model version (written from its verified baseline.json)
    SELECT model_name, model_version, transform(array_sort(collect_list(struct(bin, share))), x -> x.share) AS expected_shares
    FROM recon_baseline_bins GROUP BY 1, 2
)
SELECT c.model_name, c.model_version, c.dimension, c.segment, c.sample_size, c.actual_bins,
       aggregate(sequence(0, 9), 0.0D, (acc, b) -> acc
           + (greatest(c.actual_bins[b] / CAST(c.sample_size AS DOUBLE), ${psi_epsilon}D) - greatest(coalesce(e.expected_shares[b], 0.0D), ${psi_epsilon}D))
           * ln(greatest(c.actual_bins[b] / CAST(c.sample_size AS DOUBLE), ${psi_epsilon}D) / greatest(coalesce(e.expected_shares[b], 0.0D), ${psi_epsilon}D))) AS psi,
       e.expected_shares IS NOT NULL AS has_baseline
FROM counted c
LEFT JOIN expected e ON e.model_name = c.model_name AND e.model_version = c.model_version;
