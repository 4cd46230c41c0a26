-- Ember SQLite schema, version 13: a batch created without members finishes at once and has no job to be pruned with,
-- so it carries its own expiry (ms since the epoch; NULL for every other batch, pruned with its last job). The index
-- holds only those batches, so maintenance reads them without scanning the batches that wait for their jobs.
ALTER TABLE batches ADD COLUMN expire_at INTEGER;
CREATE INDEX ix_batches_expire_at ON batches (expire_at) WHERE expire_at IS NOT NULL;

INSERT INTO schema_version (version) VALUES (13);
