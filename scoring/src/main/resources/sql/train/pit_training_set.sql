-- Point-in-time training set: every label joined to its entity's latest feature snapshot taken
-- strictly before the label date. Same-day or later snapshots never count, so no feature can
-- leak the outcome it is trained to predict. Inputs are temp views pinned to Delta versions.
-- Column names come from the model definition (conf/models/<name>.yaml):
--   ${entity_id} ${tenant} ${event_time}  join keys and snapshot time of the features table
--   ${label} ${label_date}                the 0/1 outcome and when it was observed
--   ${feature_casts}  the features as "CAST(f.x AS DOUBLE) AS x, ..."
--   ${feature_names}  the feature names, comma-separated
--   ${cutoff}         last label date used (YYYY-MM-DD)
SELECT entity_id, label, ${feature_names}
FROM (
    SELECT l.${entity_id} AS entity_id,
           CAST(l.${label} AS DOUBLE) AS label,
           ${feature_casts},
           row_number() OVER (PARTITION BY l.${tenant}, l.${entity_id}, l.${label_date} ORDER BY f.${event_time} DESC) AS snapshot_rank
    FROM train_labels l
    JOIN train_features f
      ON f.${tenant} = l.${tenant}
     AND f.${entity_id} = l.${entity_id}
     AND f.${event_time} < CAST(l.${label_date} AS TIMESTAMP)
    WHERE l.${label_date} <= DATE '${cutoff}'
) ranked
WHERE snapshot_rank = 1
