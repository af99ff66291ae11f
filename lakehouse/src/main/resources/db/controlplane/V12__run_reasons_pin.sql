-- The reason-code mapping a run's first attempt explained with (issue #18), by digest: a retry under
-- an edited mapping is refused (exit 5) like one under an edited pipeline. 'none' when the pipeline
-- names no mapping; NULL on runs pinned before this migration (not compared).
ALTER TABLE runs ADD COLUMN reasons_digest VARCHAR(71);
