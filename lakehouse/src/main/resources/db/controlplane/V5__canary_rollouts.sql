-- Champion/challenger canary rollouts (DESIGN §5). One row per challenger version. While a
-- rollout is ACTIVE, scoring runs send entities with hash(entity_key) mod 100 < percent to the
-- challenger; ROLLED_BACK sets percent to 0; COMPLETED means PROCEED at 100 %. At most one
-- ACTIVE rollout per model (enforced by the registry's transaction, portable to SQLite and
-- PostgreSQL alike). policy_digest: the bundle that made the last decision (promotion requires it
-- to be the bundle being released).
CREATE TABLE canary_rollouts (
    model_name           VARCHAR(100) NOT NULL,
    challenger_version   INTEGER      NOT NULL,
    champion_version     INTEGER,
    step                 INTEGER      NOT NULL,
    percent              INTEGER      NOT NULL,
    status               VARCHAR(20)  NOT NULL,
    last_decision        VARCHAR(20),
    consecutive_failures INTEGER      NOT NULL,
    policy_digest        VARCHAR(71)  NOT NULL,
    started_at           VARCHAR(40)  NOT NULL,
    updated_at           VARCHAR(40)  NOT NULL,
    updated_by           VARCHAR(200) NOT NULL,
    PRIMARY KEY (model_name, challenger_version)
);
