-- Ember PostgreSQL schema, version 13: batches created with ids reserved beforehand (IJobStore.ReserveIdsAsync), so a
-- batch callback returns each job's id and a job can continue another of the same batch. create_jobs and create_batch
-- take the reserved ids as a new last parameter; their old signatures go, so that no call is ambiguous between the two.
DROP FUNCTION IF EXISTS {schema}.create_jobs(json, timestamptz, bigint[]);
DROP FUNCTION IF EXISTS {schema}.create_batch(json, json, bigint, timestamptz);

INSERT INTO {schema}.schema_version (version) VALUES (13);
