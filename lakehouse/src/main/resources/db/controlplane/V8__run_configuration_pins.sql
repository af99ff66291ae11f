-- What configuration a run's first attempt ran under (issue #13): the identity of its HMAC key
-- (a fingerprint, never the key) and the digests of the pipeline definition, the dataset contract
-- and the model definition. A retry under another configuration is refused (exit 5): a run is one
-- configuration. NULL on runs pinned before this migration (and no model definition: 'none').
ALTER TABLE runs ADD COLUMN entity_key_id VARCHAR(32);
ALTER TABLE runs ADD COLUMN pipeline_digest VARCHAR(71);
ALTER TABLE runs ADD COLUMN contract_digest VARCHAR(71);
ALTER TABLE runs ADD COLUMN model_definition_digest VARCHAR(71);
