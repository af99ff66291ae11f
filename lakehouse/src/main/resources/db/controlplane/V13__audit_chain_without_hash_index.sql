-- The audit chain without the unique index on its hashes. Nothing looks an entry up by its hash:
-- verification walks the chain by seq, and each link is checked through prev_hash. A hash is
-- random, so the index put every appended entry on a random page of its B-tree: each group commit
-- of the Access API's read audit wrote one scattered page per record, and the write-ahead log's
-- checkpoints flushed them all over the database file while responses waited for their audit
-- commit (measured on SQLite: BENCHMARKS.md, "Access API", session 24). Uniqueness of the hashes
-- is what SHA-256 gives, not what the chain relies on.
-- Portable: SQLite cannot drop a UNIQUE constraint, so the table is rebuilt on both engines. The
-- rename comes first: on PostgreSQL it takes the old table's exclusive lock until this migration
-- commits, so an entry appended meanwhile (a running API, a job) waits and then lands in the new
-- table instead of being written to the old one after the copy and dropped with it. On SQLite the
-- migration holds the one write lock from its first statement; writers wait (busy_timeout) or
-- fail, and a large embedded audit is best migrated with the API stopped.
ALTER TABLE audit_chain RENAME TO audit_chain_v12;
CREATE TABLE audit_chain (
    seq         BIGINT       NOT NULL PRIMARY KEY,
    recorded_at VARCHAR(40)  NOT NULL,
    actor       VARCHAR(200) NOT NULL,
    action      VARCHAR(100) NOT NULL,
    subject     VARCHAR(400) NOT NULL,
    details     TEXT         NOT NULL,
    prev_hash   CHAR(64)     NOT NULL,
    hash        CHAR(64)     NOT NULL
);
INSERT INTO audit_chain (seq, recorded_at, actor, action, subject, details, prev_hash, hash)
SELECT seq, recorded_at, actor, action, subject, details, prev_hash, hash FROM audit_chain_v12;
DROP TABLE audit_chain_v12;
