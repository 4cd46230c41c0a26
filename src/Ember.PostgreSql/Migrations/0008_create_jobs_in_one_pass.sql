-- Ember PostgreSQL schema, version 8: create_jobs (Functions/create_jobs.sql) reads each job's parameters in the same
-- pass as its other fields instead of by position in the JSON input, which was quadratic in the batch size, and
-- change_state is change_states for one id. No DDL: the version makes existing schemas get the functions, which the
-- migrator applies after every migration.
INSERT INTO {schema}.schema_version (version) VALUES (8);
