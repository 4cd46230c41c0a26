-- Ember PostgreSQL schema, version 6: fetch_jobs returns each claimed job's parameters too (so a run reads its
-- captured culture or trace context without another round trip). A function's result type can't be replaced in
-- place: the old one goes, and Functions/fetch_jobs.sql creates the new one after this migration.
DROP FUNCTION IF EXISTS {schema}.fetch_jobs(text, text[], integer, timestamptz, timestamptz);

INSERT INTO {schema}.schema_version (version) VALUES (6);
