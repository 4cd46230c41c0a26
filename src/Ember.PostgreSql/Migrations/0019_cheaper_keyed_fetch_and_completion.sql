-- Ember PostgreSQL schema, version 19: no table changes. The functions (re-applied with every migration) fetch and
-- complete jobs with concurrency keys at less cost per job: fetch_jobs finds a queue's keyed jobs through their index
-- and walks its candidates with fewer sorts, and jobs_updated locks and probes the keys of the ended runs in one
-- statement each instead of two statements per key.
INSERT INTO {schema}.schema_version (version) VALUES (19);
