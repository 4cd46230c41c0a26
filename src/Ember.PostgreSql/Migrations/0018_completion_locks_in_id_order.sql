-- Ember PostgreSQL schema, version 18: no table changes. complete_jobs (re-applied with every migration) locks the rows
-- it completes in id order before updating them, as the lease extension does, so that the two never deadlock.
INSERT INTO {schema}.schema_version (version) VALUES (18);
