-- v_recon in Trino's dialect (see v_last.sql for why every column is cast).
SELECT CAST(request_id AS varchar) AS request_id,
       CAST(tenant_id AS varchar) AS tenant_id,
       CAST(entity_key AS varchar) AS entity_key,
       CAST(model_name AS varchar) AS model_name,
       CAST(model_version AS integer) AS model_version,
       CAST(model_digest AS varchar) AS model_digest,
       CAST(score AS double) AS score,
       CAST(decision AS varchar) AS decision,
       CAST(reason_codes AS array(varchar)) AS reason_codes,
       CAST(as_of_out AS timestamp(6) with time zone) AS as_of_out,
       CAST(policy_digest AS varchar) AS policy_digest,
       CAST(job_id AS varchar) AS job_id,
       CAST(dt AS date) AS dt
FROM ${catalog}.scored.predictions
