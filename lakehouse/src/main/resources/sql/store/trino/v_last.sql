-- v_last in Trino's dialect: what 04_views.sql's Spark SQL says, with every column cast to the type the
-- view's Iceberg schema records, so both engines return the same types (Trino refuses a view whose
-- query types cannot be coerced to its schema's). A revoked version's scores are never served.
SELECT CAST(tenant_id AS varchar) AS tenant_id,
       CAST(entity_key AS varchar) AS entity_key,
       CAST(model_name AS varchar) AS model_name,
       CAST(model_version AS integer) AS model_version,
       CAST(model_digest AS varchar) AS model_digest,
       CAST(score AS double) AS score,
       CAST(decision AS varchar) AS decision,
       CAST(as_of_in AS timestamp(6) with time zone) AS as_of_in,
       CAST(as_of_out AS timestamp(6) with time zone) AS as_of_out,
       CAST(policy_digest AS varchar) AS policy_digest,
       CAST(job_id AS varchar) AS job_id,
       CAST(dt AS date) AS dt
FROM (
    SELECT p.*, row_number() OVER (PARTITION BY p.tenant_id, p.entity_key, p.model_name
                                   ORDER BY p.as_of_out DESC, p.model_version DESC) AS recency
    FROM ${catalog}.scored.predictions p
    WHERE NOT EXISTS (SELECT 1 FROM ${catalog}.ops.revoked_versions r
                      WHERE r.model_name = p.model_name AND r.model_version = p.model_version)
) ranked
WHERE recency = 1
