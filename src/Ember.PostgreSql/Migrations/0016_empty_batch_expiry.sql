-- Ember PostgreSQL schema, version 16: a batch created without members finishes at once and has no job to be pruned
-- with, so it carries its own expiry (NULL for every other batch, pruned with its last job); delete_expired prunes it
-- then. The index holds only those batches. create_batch takes that expiry as a new last parameter; its old signature
-- goes, so that no call is ambiguous between the two.
ALTER TABLE {schema}.batches ADD COLUMN expire_at timestamptz;
CREATE INDEX ix_batches_expire_at ON {schema}.batches (expire_at) WHERE expire_at IS NOT NULL;
DROP FUNCTION IF EXISTS {schema}.create_batch(json, json, bigint, timestamptz, bigint[]);

INSERT INTO {schema}.schema_version (version) VALUES (16);
