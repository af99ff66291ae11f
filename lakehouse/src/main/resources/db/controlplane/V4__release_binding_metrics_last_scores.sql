-- Release binding: the policy bundle digest a promotion bound to the version. A scoring run
-- refuses the version when the loaded bundle's digest differs (DESIGN §4 step 2).
ALTER TABLE model_versions ADD COLUMN bound_policy_digest VARCHAR(71);

-- Deequ metrics repository (run history of the pre-scoring checks). One row per Deequ result
-- key; the payload is Deequ's own AnalysisResultSerde JSON, so any Deequ tool can read it.
CREATE TABLE quality_metrics (
    result_time  BIGINT        NOT NULL,
    tags_digest  VARCHAR(71)   NOT NULL,
    tags         TEXT          NOT NULL,
    payload      TEXT          NOT NULL,
    saved_at     VARCHAR(40)   NOT NULL,
    PRIMARY KEY (result_time, tags_digest)
);

-- Hot store (operational "last score" lookups): the newest published score per tenant, entity
-- and model. Upserted at finalize; a row only moves forward in as_of_out, so replaying an older
-- run never overwrites a newer score. Times are epoch microseconds: they sort numerically.
CREATE TABLE last_scores (
    tenant_id        VARCHAR(100) NOT NULL,
    entity_key       CHAR(64)     NOT NULL,
    model_name       VARCHAR(100) NOT NULL,
    model_version    INTEGER      NOT NULL,
    score            DOUBLE PRECISION NOT NULL,
    decision         VARCHAR(40),
    as_of_out_micros BIGINT       NOT NULL,
    job_id           VARCHAR(200) NOT NULL,
    idempo_key       CHAR(64)     NOT NULL,
    PRIMARY KEY (tenant_id, entity_key, model_name)
);
