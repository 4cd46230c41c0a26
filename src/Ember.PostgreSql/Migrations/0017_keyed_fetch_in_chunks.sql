-- Ember PostgreSQL schema, version 17: no table changes. fetch_jobs (re-applied with every migration) decides the jobs
-- of a queue with concurrency keys a chunk of candidates per statement instead of one job per loop iteration.
INSERT INTO {schema}.schema_version (version) VALUES (17);
