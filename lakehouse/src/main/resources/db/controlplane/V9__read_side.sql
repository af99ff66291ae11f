-- The Access API's read side. /last returns the request_id of the score it serves (Z6-2.6 §2.3:
-- the trace id a decision cites); rows written before this migration have none until re-scored.
ALTER TABLE last_scores ADD COLUMN request_id VARCHAR(32);

-- Verified prefixes of the audit chain: verifying starts from the newest checkpoint, so it does not
-- grow with every read ever audited. A checkpoint names the last entry verified and its hash; the
-- chain from there on is walked as before, and the checkpointed entry must still carry that hash.
CREATE TABLE audit_checkpoints (
    seq         BIGINT      NOT NULL PRIMARY KEY,
    hash        CHAR(64)    NOT NULL,
    recorded_at VARCHAR(40) NOT NULL,
    actor       VARCHAR(200) NOT NULL
);
