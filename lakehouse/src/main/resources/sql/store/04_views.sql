-- Consumer views over the governed table (spec Z6-2.6 §2.6). Consumers read views, never the table.
-- Operational: the last valid score per tenant, entity and model. A revoked version's scores
-- are never served: the previous valid score of the entity, if any, takes their place.
CREATE OR REPLACE VIEW ${catalog}.scored.v_last AS
SELECT tenant_id, entity_key, model_name, model_version, model_digest, score, decision,
       as_of_in, as_of_out, policy_digest, job_id, dt
FROM (
    SELECT p.*, row_number() OVER (PARTITION BY tenant_id, entity_key, model_name
                                   ORDER BY as_of_out DESC, model_version DESC) AS recency
    FROM ${catalog}.scored.predictions p
    LEFT ANTI JOIN ${catalog}.ops.revoked_versions r
      ON p.model_name = r.model_name AND p.model_version = r.model_version
) ranked
WHERE recency = 1;

-- Analytical: the whole history (authorized teams).
CREATE OR REPLACE VIEW ${catalog}.scored.v_history AS
SELECT request_id, tenant_id, entity_key, model_name, model_version, model_digest, score, decision,
       as_of_in, as_of_out, featureset_id, explanations, reason_codes, runtime_meta, policy_digest, job_id, dt
FROM ${catalog}.scored.predictions;

-- Minimized: what reconciliation may read (no explanations, no runtime metadata). request_id lets
-- a decision that cites its score be joined to exactly that score; reason_codes (the codes, not the
-- contributions) let the recon count the reasons its adverse scores gave.
CREATE OR REPLACE VIEW ${catalog}.scored.v_recon AS
SELECT request_id, tenant_id, entity_key, model_name, model_version, model_digest, score, decision,
       reason_codes, as_of_out, policy_digest, job_id, dt
FROM ${catalog}.scored.predictions;
