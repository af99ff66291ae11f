-- Point-in-time training set: every label joined to its entity's latest feature snapshot taken
-- strictly before the label date. Same-day or later snapshots never count, so no feature can
-- leak the outcome it is trained to predict. Inputs are temp views pinned to Delta versions.
--   ${feature_casts}  the features as "CAST(f.x AS DOUBLE) AS x, ..."
--   ${feature_names}  the feature names, comma-separated
--   ${cutoff}         last label date used (YYYY-MM-DD)
SELECT cust_id, label, ${feature_names}
FROM (
    SELECT l.cust_id,
           CAST(l.churned AS DOUBLE) AS label,
           ${feature_casts},
           row_number() OVER (PARTITION BY l.tenant_id, l.cust_id, l.label_date ORDER BY f.event_ts DESC) AS snapshot_rank
    FROM train_labels l
    JOIN train_features f
      ON f.tenant_id = l.tenant_id
     AND f.cust_id = l.cust_id
     AND f.event_ts < CAST(l.label_date AS TIMESTAMP)
    WHERE l.label_date <= DATE '${cutoff}'
) ranked
WHERE snapshot_rank = 1
