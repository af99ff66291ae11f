-- Model registry (owned by the gates module; the schema lives with the other migrations).
-- A version's artifacts live in artifacts/registry/<model>/<version>/ and are re-verified by
-- digest and signature on every load; the digests here are what they must match.
CREATE TABLE model_versions (
    model_name               VARCHAR(100)  NOT NULL,
    version                  INTEGER       NOT NULL,
    stage                    VARCHAR(20)   NOT NULL,
    model_digest             VARCHAR(71)   NOT NULL,
    baseline_digest          VARCHAR(71)   NOT NULL,
    sbom_digest              VARCHAR(71)   NOT NULL,
    attestation_digest       VARCHAR(71)   NOT NULL,
    artifact_dir             VARCHAR(1000) NOT NULL,
    training_run_id          VARCHAR(200)  NOT NULL,
    training_dataset         VARCHAR(200)  NOT NULL,
    training_dataset_version BIGINT        NOT NULL,
    metrics                  TEXT          NOT NULL,
    params                   TEXT          NOT NULL,
    features                 TEXT          NOT NULL,
    security_decision        VARCHAR(20)   NOT NULL,
    eos_date                 VARCHAR(10),
    eol_date                 VARCHAR(10),
    tags                     TEXT          NOT NULL,
    registered_at            VARCHAR(40)   NOT NULL,
    registered_by            VARCHAR(200)  NOT NULL,
    PRIMARY KEY (model_name, version)
);

CREATE TABLE model_transitions (
    model_name      VARCHAR(100) NOT NULL,
    version         INTEGER      NOT NULL,
    seq             INTEGER      NOT NULL,
    from_stage      VARCHAR(20),
    to_stage        VARCHAR(20)  NOT NULL,
    actor           VARCHAR(200) NOT NULL,
    reason          TEXT         NOT NULL,
    policy_digest   VARCHAR(71)  NOT NULL,
    transitioned_at VARCHAR(40)  NOT NULL,
    PRIMARY KEY (model_name, version, seq)
);
