-- Which scoring run each canary decision observed (DESIGN §5). A run is evidence for one decision
-- only: evaluating it again would count the same entities twice (three HOLDs on one run would
-- roll a good challenger back). The primary key refuses a second decision on the same run, also
-- when two evaluations race.
CREATE TABLE canary_observations (
    model_name         VARCHAR(100) NOT NULL,
    challenger_version INTEGER      NOT NULL,
    run_key            VARCHAR(300) NOT NULL,
    decision           VARCHAR(20)  NOT NULL,
    decided_at         VARCHAR(40)  NOT NULL,
    PRIMARY KEY (model_name, challenger_version, run_key)
);
