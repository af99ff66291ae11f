-- The canary allocation a run pinned at its first attempt (DESIGN §5): which challenger version
-- (and its digest) scored the entities with hash(entity_key) mod 100 < challenger_percent. A retry
-- routes identically even if the canary moved on meanwhile. NULL: the run had no challenger.
ALTER TABLE runs ADD COLUMN challenger_version INTEGER;
ALTER TABLE runs ADD COLUMN challenger_digest VARCHAR(71);
ALTER TABLE runs ADD COLUMN challenger_percent INTEGER;
